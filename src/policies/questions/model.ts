import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** A question asks what the policy means; a concern says something in it may be wrong or unworkable. */
export const questionKinds = ['question', 'concern'] as const;
export type QuestionKind = (typeof questionKinds)[number];

/** How a message about a question went: to whoever answers it, or back to the person who asked. */
export const deliveryStates = ['sent', 'failed', 'none'] as const;

/**
 * A question or concern a member of staff raised about a policy, and its answer. It goes to the
 * policy's owner (or, when the owner cannot be reached in Teams, to the policy's IT managers); the
 * first answer counts. An answered question may be published, reworded, as the policy's FAQ.
 */
export const policyQuestionSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    policyId: { type: Schema.Types.ObjectId, required: true },
    /** The version the person was reading when they asked. */
    versionId: { type: Schema.Types.ObjectId, required: true },
    askerId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: questionKinds, required: true },
    text: { type: String, required: true, maxlength: 2_000 },
    via: { type: String, enum: ['card', 'chat', 'tab'], required: true },
    askedAt: { type: Date, required: true },
    status: { type: String, enum: ['open', 'answered'], required: true, default: 'open' },
    /** Who the question was sent to in Teams, and how that went. */
    sentTo: { type: [Schema.Types.ObjectId], default: [] },
    delivery: { type: String, enum: deliveryStates, required: true, default: 'none' },
    answer: {
      type: new Schema(
        {
          text: { type: String, required: true, maxlength: 4_000 },
          by: { type: Schema.Types.ObjectId, required: true },
          at: { type: Date, required: true },
          /** Whether the person who asked was reached in Teams with the answer. */
          askerTold: { type: String, enum: deliveryStates, required: true, default: 'none' },
        },
        { _id: false },
      ),
    },
    /** Set while the question is published in the policy's FAQ (in words fit for every signer). */
    faq: {
      type: new Schema(
        {
          question: { type: String, required: true, maxlength: 2_000 },
          answer: { type: String, required: true, maxlength: 4_000 },
          publishedBy: { type: Schema.Types.ObjectId, required: true },
          publishedAt: { type: Date, required: true },
        },
        { _id: false },
      ),
    },
    /** A flag beside `faq`, so the FAQ is one equality filter on every MongoDB. */
    inFaq: { type: Boolean, required: true, default: false },
  },
  { timestamps: true },
);
policyQuestionSchema.index({ tenantId: 1, policyId: 1, status: 1, askedAt: -1 });
policyQuestionSchema.index({ tenantId: 1, policyId: 1, inFaq: 1 });
policyQuestionSchema.index({ tenantId: 1, askerId: 1, askedAt: -1 });
policyQuestionSchema.index({ tenantId: 1, status: 1, askedAt: -1 });

export type PolicyQuestion = InferSchemaType<typeof policyQuestionSchema> & { _id: Types.ObjectId };
