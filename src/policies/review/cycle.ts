import type { Logger } from 'pino';
import { appendAuditEvent } from '../../audit';
import { findPersonById, type Person } from '../../directory';
import type { SendOutcome } from '../../notifications/outcome';
import type { Models } from '../../store/models';
import type { Policy, PolicyVersion } from '../model';
import { dayText, nextReviewOf, reviewStatusOf, type ReviewRules } from '../views';
import type { ReviewStage } from './model';
import { claimNotice, finishNotice, publishedPolicies } from './store';

/** What the review cycle needs from the Teams side: the owner's review card (bot/). */
export interface ReviewCardSender {
  sendReviewCard(input: {
    owner: Pick<Person, '_id' | 'displayName' | 'entraObjectId' | 'conversation'>;
    policy: Policy;
    version: Pick<PolicyVersion, '_id' | 'label'>;
    nextReviewDate: Date;
    stage: ReviewStage;
  }): Promise<SendOutcome>;
}

export interface ReviewCycleDeps {
  models: Pick<
    Models,
    'Policy' | 'PolicyVersion' | 'PolicyReviewNotice' | 'Person' | 'AuditEvent' | 'AuditHead'
  >;
  cards: ReviewCardSender;
  rules: ReviewRules;
  now: () => Date;
  logger: Pick<Logger, 'warn'>;
  /** How long a card being sent stays claimed by its worker (CAMPAIGN_CLAIM_TIMEOUT_MS). */
  claimMs: number;
}

export interface CycleResult {
  sent: number;
  failed: number;
}

/**
 * The daily check: each published policy whose next review is near (or past) gets one card to its
 * owner per stage. A card already sent, or being sent by another worker, is not sent again; one
 * that failed, or that a stopped worker left "sending" past its claim, is tried again on the next run.
 */
export async function runReviewCycle(deps: ReviewCycleDeps, tenantId?: string): Promise<CycleResult> {
  const { models } = deps;
  const now = deps.now();
  const result: CycleResult = { sent: 0, failed: 0 };
  for (const { policy, current } of await publishedPolicies(models, tenantId)) {
    const nextReviewDate = nextReviewOf(policy, current);
    const stage = reviewStatusOf(nextReviewDate, now, deps.rules);
    if (stage === 'scheduled') continue;
    const notice = await claimNotice(
      models,
      {
        tenantId: policy.tenantId,
        policyId: policy._id,
        versionId: current._id,
        nextReviewDate,
        stage,
        ownerId: policy.ownerId,
      },
      { now: deps.now(), until: new Date(deps.now().getTime() + deps.claimMs) },
    );
    if (!notice) continue;
    const owner = await findPersonById<
      Pick<Person, '_id' | 'displayName' | 'entraObjectId' | 'conversation' | 'active'>
    >(models, policy.ownerId, { displayName: 1, entraObjectId: 1, conversation: 1, active: 1 });
    const outcome: SendOutcome =
      owner && owner.active
        ? await deps.cards.sendReviewCard({ owner, policy, version: current, nextReviewDate, stage })
        : { status: 'failed', error: 'the policy owner is no longer active', attempts: 0 };
    if (outcome.status === 'sent') {
      await finishNotice(models, notice._id, { sentAt: deps.now() });
      await appendAuditEvent(models, {
        tenantId: policy.tenantId,
        action: 'policy.review_requested',
        subject: { kind: 'policy', id: policy._id.toString() },
        details: { versionId: current._id.toString(), stage, nextReviewDate: dayText(nextReviewDate) },
        at: deps.now(),
      });
      result.sent += 1;
    } else {
      await finishNotice(models, notice._id, { error: outcome.error.slice(0, 300) });
      deps.logger.warn({ policyId: policy._id.toString(), stage }, 'review card not delivered');
      result.failed += 1;
    }
  }
  return result;
}
