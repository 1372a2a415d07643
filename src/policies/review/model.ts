import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** How near a policy's next review is: asked about when due soon, and again once overdue. */
export const reviewStages = ['due-soon', 'overdue'] as const;
export type ReviewStage = (typeof reviewStages)[number];

/**
 * One review card to a policy's owner: for a version, a next review date and a stage. Written
 * before the card goes (the unique index is the claim), so a second worker, a rerun on the same day
 * or a restart never sends the same card twice; a card that failed is tried again by the next run.
 */
export const reviewNoticeSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    policyId: { type: Schema.Types.ObjectId, required: true },
    versionId: { type: Schema.Types.ObjectId, required: true },
    nextReviewDate: { type: Date, required: true },
    stage: { type: String, enum: reviewStages, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['sending', 'sent', 'failed'], required: true },
    /**
     * While "sending": until when the worker sending it holds it. A worker that died mid-send leaves
     * the notice "sending"; once this passes, the next run takes it over, as a campaign's send
     * batches are taken over when their claim lapses (CAMPAIGN_CLAIM_TIMEOUT_MS).
     */
    claimExpiresAt: { type: Date },
    attempts: { type: Number, required: true, default: 0 },
    sentAt: { type: Date },
    error: { type: String, maxlength: 300 },
    /** What the owner chose on the card: republished, drafted a new version, or set a new date. */
    outcome: { type: String, enum: ['republished', 'drafted', 'date-set'] },
  },
  { timestamps: true },
);
reviewNoticeSchema.index({ policyId: 1, versionId: 1, nextReviewDate: 1, stage: 1 }, { unique: true });
reviewNoticeSchema.index({ status: 1, updatedAt: 1 });
reviewNoticeSchema.index({ tenantId: 1, policyId: 1 });

export type ReviewNotice = InferSchemaType<typeof reviewNoticeSchema> & { _id: Types.ObjectId };
