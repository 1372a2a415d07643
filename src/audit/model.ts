import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { AppError } from '../errors';

/**
 * One thing someone did, appended to a per-tenant hash chain: each event carries the hash of
 * the one before it, and (tenantId, seq) is unique, so a gap or an edit shows.
 */
export const auditEventSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId },
    /** e.g. "policy_version.published", "incident.read". */
    action: { type: String, required: true, maxlength: 80 },
    subject: {
      kind: { type: String, required: true, maxlength: 40 },
      id: { type: String, required: true, maxlength: 80 },
    },
    details: { type: Schema.Types.Mixed },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false },
);
auditEventSchema.index({ tenantId: 1, seq: 1 }, { unique: true });
auditEventSchema.index({ tenantId: 1, 'subject.kind': 1, 'subject.id': 1, seq: -1 });

function refuseChange(): never {
  throw new AppError('conflict', 'The audit trail is append-only.');
}
auditEventSchema.pre(['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne'], refuseChange);
auditEventSchema.pre(['deleteOne', 'deleteMany', 'findOneAndDelete'], refuseChange);

export type AuditEvent = InferSchemaType<typeof auditEventSchema> & { _id: Types.ObjectId };

/**
 * The head of a tenant's chain (its last sequence number and hash), read by _id so an append never
 * scans the whole trail, and advanced only by a conditional update from the sequence it last saw.
 */
export const auditHeadSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false },
);

export interface AuditHead {
  _id: string;
  seq: number;
  hash: string;
}
