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
/** The scheduled jobs look for running campaigns across tenants. */
campaignSchema.index({ status: 1 });

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
    /** The send batch that owns the card while it waits or is being sent; only that batch sends it. */
    batchId: { type: Schema.Types.ObjectId },
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
/** One card per person per version (one campaign per version); signing and "my policies" look it up so. */
deliverySchema.index({ personId: 1, policyVersionId: 1 }, { unique: true });
deliverySchema.index({ nextReminderAt: 1 });

/**
 * Cards waiting to be sent, up to fifty to a batch: what a sending worker claims. The collection holds
 * only work in hand (a batch is deleted once its cards are answered), so claiming stays cheap however
 * many cards a trust has ever sent. A worker that dies leaves its batch claimed until the claim lapses.
 */
export const sendBatchSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    deliveryIds: { type: [Schema.Types.ObjectId], required: true },
    claimedBy: { type: String },
    claimExpiresAt: { type: Date },
  },
  { timestamps: true },
);
sendBatchSchema.index({ campaignId: 1, claimExpiresAt: 1 });

export type Campaign = InferSchemaType<typeof campaignSchema> & { _id: Types.ObjectId };
export type Delivery = InferSchemaType<typeof deliverySchema> & { _id: Types.ObjectId };
export type SendBatch = InferSchemaType<typeof sendBatchSchema> & { _id: Types.ObjectId };
