import { Schema, type Types } from 'mongoose';

/**
 * A trust's retention settings: the periods its trust admin changed from the defaults (months, by
 * record kind), and what the last daily run did. One document per tenant, read by _id.
 */
export const retentionSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    periods: { type: Schema.Types.Mixed, default: {} },
    lastRun: {
      at: { type: Date },
      /** Records disposed of, and held back by a legal hold, by kind. */
      disposed: { type: Schema.Types.Mixed },
      held: { type: Schema.Types.Mixed },
    },
  },
  { versionKey: false, minimize: false, timestamps: true },
);

export interface RetentionSettings {
  _id: string;
  periods: Record<string, number>;
  lastRun?: { at?: Date; disposed?: Record<string, number>; held?: Record<string, number> };
}

/**
 * A legal hold the DPO placed on a person or an incident: while it is active, nothing about its
 * subject is disposed of, whatever the schedule says. Lifting keeps the record (who, when).
 */
export const legalHoldSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    subject: {
      kind: { type: String, enum: ['person', 'incident'], required: true },
      id: { type: Schema.Types.ObjectId, required: true },
    },
    /** Why the records must be kept (an inquiry, a claim…): shown to the DPO and trust admin only. */
    reason: { type: String, required: true, trim: true, maxlength: 500 },
    active: { type: Boolean, required: true, default: true },
    placedBy: { type: Schema.Types.ObjectId, required: true },
    placedAt: { type: Date, required: true },
    liftedBy: { type: Schema.Types.ObjectId },
    liftedAt: { type: Date },
  },
  { versionKey: false },
);
legalHoldSchema.index({ tenantId: 1, active: 1, 'subject.kind': 1, 'subject.id': 1 });

export interface LegalHold {
  _id: Types.ObjectId;
  tenantId: string;
  subject: { kind: 'person' | 'incident'; id: Types.ObjectId };
  reason: string;
  active: boolean;
  placedBy: Types.ObjectId;
  placedAt: Date;
  liftedBy?: Types.ObjectId;
  liftedAt?: Date;
}
