import { z } from 'zod';
import { contractsFor, dateTime, type Wire } from '../../http/contract';
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

const api = contractsFor('policies');
/** The review cycle's routes. */
export const reviewContracts = {
  list: api('get /api/policy-reviews', 'listPolicyReviews', policyReaders, {
    summary: 'Every published policy with its next review date and review cards, soonest first',
    responses: {
      200: {
        description: 'The reviews, overdue first.',
        json: z.strictObject({ items: z.array(policyReviewView), noticeDays: z.number() }),
      },
    },
  }),
  setDate: api('put /api/policies/:policyId/review', 'setPolicyReviewDate', 'signed-in', {
    summary: "Sets the current version's next review date (the policy's owner or its IT manager)",
    params: z.strictObject({ policyId: idText }),
    body: reviewDateInput,
    responses: { 200: { description: 'The review as it now stands.', json: policyReviewView } },
    refusals: ['not_found', 'conflict'],
  }),
  check: api('post /api/policy-reviews/check', 'checkPolicyReviews', policyManagers, {
    summary: 'Runs the daily review check now for this trust: cards to owners whose reviews are near',
    responses: {
      200: {
        description: 'How many review cards went, and how many could not be delivered.',
        json: z.strictObject({ sent: z.number(), failed: z.number() }),
      },
    },
  }),
};
