import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** "withdrawn": a newer version replaced this one before the card went out. */
export const deliveryStatuses = ['pending', 'sending', 'sent', 'failed', 'blocked', 'withdrawn'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** Sending one published policy version to everyone in its audience. */
export const campaignSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    policyId: { type: Schema.Types.ObjectId, required: true },
    policyVersionId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['running', 'completed', 'cancelled'], required: true, default: 'running' },
    /** Days after each person's send at which to remind them, e.g. [3, 7]; then weekly while overdue. */
    reminderDays: { type: [Number], default: [3, 7] },
    startedBy: { type: Schema.Types.ObjectId, required: true },
    startedAt: { type: Date, required: true },
    completedAt: { type: Date },
    /** The school day (YYYY-MM-DD) of the last overdue summary, so it goes once a day. */
    escalatedOn: { type: String },
  },
  { timestamps: true },
);
campaignSchema.index({ policyVersionId: 1 }, { unique: true });
campaignSchema.index({ tenantId: 1, status: 1 });

/** One person's card for one campaign, and what became of it. */
export const deliverySchema = new Schema(
  {
    tenantId: { type: String, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    policyVersionId: { type: Schema.Types.ObjectId, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: deliveryStatuses, required: true, default: 'pending' },
    attempts: { type: Number, required: true, default: 0 },
    lastError: { type: String, maxlength: 500 },
    /** Who is sending it right now and until when; a crashed sender's claim lapses. */
    claimedBy: { type: String },
    claimExpiresAt: { type: Date },
    notBefore: { type: Date },
    sentAt: { type: Date },
    dueAt: { type: Date, required: true },
    remindersSent: { type: Number, required: true, default: 0 },
    nextReminderAt: { type: Date },
    signedAt: { type: Date },
  },
  { timestamps: true },
);
deliverySchema.index({ campaignId: 1, personId: 1 }, { unique: true });
deliverySchema.index({ campaignId: 1, status: 1 });
deliverySchema.index({ status: 1, notBefore: 1 });
deliverySchema.index({ nextReminderAt: 1 });

export type Campaign = InferSchemaType<typeof campaignSchema> & { _id: Types.ObjectId };
export type Delivery = InferSchemaType<typeof deliverySchema> & { _id: Types.ObjectId };
