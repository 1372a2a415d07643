import type { Logger } from 'pino';
import { loadActor, type Actor } from '../../directory';
import { route } from '../../http/define';
import type { Route } from '../../http/server';
import type { JobScheduler } from '../../jobs/scheduler';
import { parseInput } from '../../shared/input';
import type { Models } from '../../store/models';
import type { StartCampaign } from '../publish';
import type { ReviewRules } from '../views';
import {
  draftForReview,
  reviewDateInput,
  republishUnchanged,
  setNextReview,
  type ReviewActionDeps,
  type ReviewDateInput,
  type Reviewing,
} from './actions';
import { reviewContracts as api } from './contract';
import { runReviewCycle, type CycleResult, type ReviewCardSender } from './cycle';
import { listReviews, reviewOf, type PolicyReviewItem } from './overview';

const reviewJob = 'policies.review';

/** Who acts on a review card: the person behind the turn, with their roles read now. */
export interface CardActor {
  tenantId: string;
  entraObjectId: string;
}

/** The review cycle as the composition root and the bot see it. */
export interface PolicyReviews {
  readonly routes: readonly Route[];
  /** Registers the daily review check; call before jobs.start(). */
  schedule(): Promise<void>;
  /** The owner's three answers on the review card. */
  setDate(
    who: CardActor,
    target: Reviewing,
    input: ReviewDateInput | Record<string, unknown>,
  ): Promise<PolicyReviewItem>;
  republish(who: CardActor, target: Reviewing): Promise<{ versionId: string; label: string }>;
  draft(who: CardActor, target: Reviewing): Promise<{ versionId: string; label: string }>;
  /** Where a policy's review stands now (for re-showing a card). */
  current(tenantId: string, policyId: string): Promise<PolicyReviewItem>;
}

export interface PolicyReviewDeps {
  models: Models;
  jobs: Pick<JobScheduler, 'define' | 'every'>;
  cards: ReviewCardSender;
  startCampaign: StartCampaign;
  rules: ReviewRules;
  now: () => Date;
  logger: Logger;
  /** How long a review card being sent stays claimed by its worker (CAMPAIGN_CLAIM_TIMEOUT_MS). */
  claimMs: number;
}

/** The review cycle: the daily check that asks owners to review, and what they answer. */
export function createPolicyReviews(deps: PolicyReviewDeps): PolicyReviews {
  const { models, rules } = deps;
  const log = deps.logger.child({ component: 'policy-review' });
  const cycle = (tenantId?: string): Promise<CycleResult> =>
    runReviewCycle(
      { models, cards: deps.cards, rules, now: deps.now, logger: log, claimMs: deps.claimMs },
      tenantId,
    );
  const actions: ReviewActionDeps = {
    models,
    startCampaign: deps.startCampaign,
    rules,
    now: deps.now,
    logger: log,
  };
  const actorOf = (who: CardActor): Promise<Actor> => loadActor(models, who.tenantId, who.entraObjectId);

  deps.jobs.define(reviewJob, async () => {
    const { sent, failed } = await cycle();
    if (sent + failed > 0) log.info({ sent, failed }, 'review cards');
  });

  const routes: Route[] = [
    route(api.list, {
      reply: async ({ actor }) => ({
        status: 200,
        body: { items: await listReviews(models, actor, rules, deps.now()), noticeDays: rules.noticeDays },
      }),
    }),
    route(api.setDate, {
      reply: async ({ actor, params: { policyId }, body }) => {
        await setNextReview(actions, actor, { policyId }, body, 'tab');
        return { status: 200, body: await reviewOf(models, actor.tenantId, policyId, rules, deps.now()) };
      },
    }),
    route(api.check, {
      reply: async ({ actor }) => ({ status: 200, body: await cycle(actor.tenantId) }),
    }),
  ];

  return {
    routes,
    schedule: () => deps.jobs.every('1 day', reviewJob),
    setDate: async (who, target, input) => {
      const actor = await actorOf(who);
      await setNextReview(actions, actor, target, parseInput(reviewDateInput, input), 'card');
      return reviewOf(models, actor.tenantId, target.policyId, rules, deps.now());
    },
    republish: async (who, target) => {
      const { version } = await republishUnchanged(actions, await actorOf(who), target);
      return { versionId: version._id.toString(), label: version.label };
    },
    draft: async (who, target) => {
      const version = await draftForReview(actions, await actorOf(who), target);
      return { versionId: version._id.toString(), label: version.label };
    },
    current: (tenantId, policyId) => reviewOf(models, tenantId, policyId, rules, deps.now()),
  };
}
