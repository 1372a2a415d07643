import { z } from 'zod';
import { contract, dateTime, type Wire } from '../../http/contract';
import { idText } from '../../shared/input';
import { policyManagers, policyReaders } from '../access';
import { reviewDateInput } from './actions';
import { reviewStages } from './model';

const reviewStatus = z.enum(['scheduled', 'due-soon', 'overdue']);

/** A review card sent (or tried) to a policy's owner. */
export const reviewCardView = z
  .strictObject({
    stage: z.enum(reviewStages),
    nextReviewDate: z.string(),
    status: z.enum(['sending', 'sent', 'failed']),
    sentAt: dateTime.nullable(),
    outcome: z.enum(['republished', 'drafted', 'date-set']).nullable(),
  })
  .meta({ id: 'ReviewCard' });

/** Where one published policy's review stands. */
export const policyReviewView = z
  .strictObject({
    policyId: z.string(),
    title: z.string(),
    owner: z.strictObject({ id: z.string(), displayName: z.string().nullable() }),
    versionId: z.string(),
    versionLabel: z.string(),
    nextReviewDate: z.string(),
    reviewPeriodMonths: z.number(),
    status: reviewStatus,
    cards: z
      .array(reviewCardView)
      .describe('The review cards sent to the owner about this version, oldest first.'),
  })
  .meta({ id: 'PolicyReview' });

export type PolicyReview = Wire<typeof policyReviewView>;

const tag = 'policies';
/** The review cycle's routes. */
export const reviewContracts = {
  list: contract({
    method: 'get',
    path: '/api/policy-reviews',
    operationId: 'listPolicyReviews',
    summary: 'Every published policy with its next review date and review cards, soonest first',
    tag,
    access: { roles: policyReaders },
    responses: {
      200: {
        description: 'The reviews, overdue first.',
        json: z.strictObject({ items: z.array(policyReviewView), noticeDays: z.number() }),
      },
    },
  }),
  setDate: contract({
    method: 'put',
    path: '/api/policies/:policyId/review',
    operationId: 'setPolicyReviewDate',
    summary: "Sets the current version's next review date (the policy's owner or its IT manager)",
    tag,
    access: 'signed-in',
    params: z.strictObject({ policyId: idText }),
    body: reviewDateInput,
    responses: { 200: { description: 'The review as it now stands.', json: policyReviewView } },
    refusals: ['not_found', 'conflict'],
  }),
  check: contract({
    method: 'post',
    path: '/api/policy-reviews/check',
    operationId: 'checkPolicyReviews',
    summary: 'Runs the daily review check now for this trust: cards to owners whose reviews are near',
    tag,
    access: { roles: policyManagers },
    responses: {
      200: {
        description: 'How many review cards went, and how many could not be delivered.',
        json: z.strictObject({ sent: z.number(), failed: z.number() }),
      },
    },
  }),
};
