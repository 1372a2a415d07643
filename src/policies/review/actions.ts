import type { Logger } from 'pino';
import { z } from 'zod';
import { type Actor, auditChange } from '../../directory';
import { AppError } from '../../errors';
import type { Models } from '../../store/models';
import { assertManages, managesReach } from '../access';
import { isoDate } from '../input';
import { loadPolicy, policySubject } from '../library';
import type { Policy, PolicyVersion } from '../model';
import { publishPolicyVersion, type StartCampaign } from '../publish';
import { createDraftVersion } from '../store';
import { versionSubject } from '../versions';
import { dayDate, dayText, nextReviewOf, schoolToday, type ReviewRules } from '../views';
import { currentVersionOf, recordOutcome, setReviewDate } from './store';

export interface ReviewActionDeps {
  models: Pick<
    Models,
    | 'Policy'
    | 'PolicyVersion'
    | 'PolicyReviewNotice'
    | 'Campaign'
    | 'School'
    | 'Person'
    | 'AuditEvent'
    | 'AuditHead'
  >;
  startCampaign: StartCampaign;
  rules: ReviewRules;
  now: () => Date;
  logger: Pick<Logger, 'error'>;
}

/** A new review date (default: a review period from today) and, optionally, a new review period. */
export const reviewDateInput = z.strictObject({
  nextReviewDate: isoDate.optional(),
  reviewPeriodMonths: z
    .number()
    .int('must be a whole number of months')
    .min(1, 'must be at least 1 month')
    .max(60, 'must be at most 60 months')
    .optional(),
});
export type ReviewDateInput = z.infer<typeof reviewDateInput>;

/** Which version the owner was looking at when they acted (a card may be older than the policy). */
export interface Reviewing {
  policyId: string;
  versionId?: string | undefined;
}

/** A day some months after another (the 31st falls back to the month's last day). */
export function monthsAfter(day: Date, months: number): Date {
  const next = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day.getUTCDate(), lastDay));
  return next;
}

/**
 * Sets the next review date of the policy's current version: its owner or a manager of the policy
 * may. The date must be today or later; recorded, audited, and the review cards about the old date
 * are marked as answered.
 */
export async function setNextReview(
  deps: ReviewActionDeps,
  actor: Actor,
  target: Reviewing,
  input: ReviewDateInput,
  via: 'card' | 'tab',
): Promise<{ policy: Policy; nextReviewDate: Date }> {
  const { policy, current } = await reviewable(deps, actor, target, 'owner');
  const today = schoolToday(deps.now(), deps.rules.timeZone);
  const period = input.reviewPeriodMonths ?? policy.reviewPeriodMonths ?? 12;
  const nextReviewDate = input.nextReviewDate ? dayDate(input.nextReviewDate) : monthsAfter(today, period);
  if (nextReviewDate.getTime() < today.getTime()) {
    throw new AppError('validation_failed', 'The next review date must be today or later.', [
      { path: 'nextReviewDate', message: `must be today (${dayText(today)}) or later` },
    ]);
  }
  const updated = await setReviewDate(deps.models, policy, current._id, {
    nextReviewDate,
    reviewPeriodMonths: period,
    setBy: actor.personId,
    setAt: deps.now(),
  });
  if (!updated) throw changedMeanwhile();
  await recordOutcome(deps.models, policy._id, current._id, 'date-set');
  await auditChange(deps.models, actor, 'policy.review_date_set', policySubject(policy), {
    versionId: current._id.toString(),
    previous: dayText(nextReviewOf(policy, current)),
    nextReviewDate: dayText(nextReviewDate),
    reviewPeriodMonths: period,
    via,
  });
  return { policy: updated, nextReviewDate };
}

/**
 * The review found nothing to change: the current text is published again as a new version, so
 * everyone signs it again, with review dates from today. Only a manager of the policy may.
 */
export async function republishUnchanged(
  deps: ReviewActionDeps,
  actor: Actor,
  target: Reviewing,
): Promise<{ version: PolicyVersion; campaignId: string }> {
  const { policy, current } = await reviewable(deps, actor, target, 'manager');
  const today = schoolToday(deps.now(), deps.rules.timeZone);
  const draft = await copyOf(deps, actor, policy, current, `reviewed ${dayText(today)}`, today);
  const published = await publishPolicyVersion(
    deps,
    actor,
    policy._id.toString(),
    draft._id.toString(),
    deps.logger,
  );
  await recordOutcome(deps.models, policy._id, current._id, 'republished');
  await auditChange(deps.models, actor, 'policy.review_republished', policySubject(policy), {
    previousVersionId: current._id.toString(),
    versionId: draft._id.toString(),
    campaignId: published.campaignId,
  });
  return { version: { ...draft, status: 'published' }, campaignId: published.campaignId };
}

/** The review needs changes: a draft copy of the current version to edit in the tab. */
export async function draftForReview(
  deps: ReviewActionDeps,
  actor: Actor,
  target: Reviewing,
): Promise<PolicyVersion> {
  const { policy, current } = await reviewable(deps, actor, target, 'manager');
  const today = schoolToday(deps.now(), deps.rules.timeZone);
  const draft = await copyOf(deps, actor, policy, current, `draft ${dayText(today)}`, today);
  await recordOutcome(deps.models, policy._id, current._id, 'drafted');
  await auditChange(deps.models, actor, 'policy.review_drafted', policySubject(policy), {
    previousVersionId: current._id.toString(),
    versionId: draft._id.toString(),
  });
  return draft;
}

async function reviewable(
  deps: ReviewActionDeps,
  actor: Actor,
  target: Reviewing,
  who: 'owner' | 'manager',
): Promise<{ policy: Policy; current: PolicyVersion }> {
  const policy = await loadPolicy(deps.models, actor.tenantId, target.policyId);
  if (who === 'manager') assertManages(actor, policy);
  else if (!policy.ownerId.equals(actor.personId) && !managesReach(actor, policy)) {
    throw new AppError('forbidden', "Only the policy's owner or its IT manager can set its review date.");
  }
  const current = await currentVersionOf(deps.models, policy);
  if (!current) throw new AppError('conflict', 'This policy has no published version to review yet.');
  if (target.versionId !== undefined && !current._id.equals(target.versionId)) {
    throw new AppError(
      'conflict',
      `Version ${current.label} has been published since this review was asked for: it has its own review date.`,
    );
  }
  return { policy, current };
}

/** A draft with the current version's text, dated from today, asking everyone to sign again. */
async function copyOf(
  deps: ReviewActionDeps,
  actor: Actor,
  policy: Policy,
  current: PolicyVersion,
  label: string,
  today: Date,
): Promise<PolicyVersion> {
  try {
    const draft = await createDraftVersion(
      deps.models,
      policy,
      {
        label,
        bodyMarkdown: current.bodyMarkdown,
        keyPoints: [...current.keyPoints],
        notices: (current.notices ?? []).map(({ heading, text }) => ({ heading, text })),
        readWith: (current.readWith ?? []).map(({ policyId, title }) => ({ policyId, title })),
        effectiveDate: today,
        reviewDate: today,
        nextReviewDate: monthsAfter(today, policy.reviewPeriodMonths ?? 12),
        dueDays: current.dueDays,
        material: true,
      },
      actor.personId,
    );
    await auditChange(deps.models, actor, 'policy_version.created', versionSubject(draft), {
      policyId: policy._id.toString(),
      material: true,
      fromReviewOf: current._id.toString(),
    });
    return draft;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'already_exists') throw error;
    throw new AppError(
      'conflict',
      `A version labelled "${label}" already exists: this review was acted on today already. Open the policy in the tab to see it.`,
    );
  }
}

const changedMeanwhile = (): AppError =>
  new AppError('conflict', 'This policy changed while you were setting its review date. Try again.');
