import { displayNamesOf, type Actor } from '../../directory';
import type { Models } from '../../store/models';
import { assertReadsLibrary } from '../access';
import { loadPolicy } from '../library';
import { dayText, nextReviewOf, reviewStatusOf, type ReviewRules } from '../views';
import type { ReviewNotice } from './model';
import { currentVersionOf, noticesOf, publishedPolicies, type PublishedPolicy } from './store';

type OverviewModels = Pick<Models, 'Policy' | 'PolicyVersion' | 'PolicyReviewNotice' | 'Person'>;

/** One published policy's review as the tab shows it. */
export interface PolicyReviewItem {
  policyId: string;
  title: string;
  owner: { id: string; displayName: string | null };
  versionId: string;
  versionLabel: string;
  nextReviewDate: string;
  reviewPeriodMonths: number;
  status: 'scheduled' | 'due-soon' | 'overdue';
  cards: {
    stage: ReviewNotice['stage'];
    nextReviewDate: string;
    status: ReviewNotice['status'];
    sentAt: Date | null;
    outcome: NonNullable<ReviewNotice['outcome']> | null;
  }[];
}

const statusOrder = { overdue: 0, 'due-soon': 1, scheduled: 2 } as const;

/** The trust's published policies by how soon they are due for review (overdue first). */
export async function listReviews(
  models: OverviewModels,
  actor: Actor,
  rules: ReviewRules,
  now: Date,
): Promise<PolicyReviewItem[]> {
  assertReadsLibrary(actor);
  const published = await publishedPolicies(models, actor.tenantId);
  const items = await reviewItems(models, actor.tenantId, published, rules, now);
  return items.sort(
    (a, b) =>
      statusOrder[a.status] - statusOrder[b.status] || a.nextReviewDate.localeCompare(b.nextReviewDate),
  );
}

/** One policy's review, after a change. */
export async function reviewOf(
  models: OverviewModels,
  tenantId: string,
  policyId: string,
  rules: ReviewRules,
  now: Date,
): Promise<PolicyReviewItem> {
  const policy = await loadPolicy(models, tenantId, policyId);
  const current = await currentVersionOf(models, policy);
  const [item] = current ? await reviewItems(models, tenantId, [{ policy, current }], rules, now) : [];
  if (!item) throw new Error(`policy ${policyId} has no current version after its review changed`);
  return item;
}

async function reviewItems(
  models: OverviewModels,
  tenantId: string,
  published: readonly PublishedPolicy[],
  rules: ReviewRules,
  now: Date,
): Promise<PolicyReviewItem[]> {
  const [notices, owners] = await Promise.all([
    noticesOf(
      models,
      tenantId,
      published.map(({ policy }) => policy._id),
    ),
    displayNamesOf(
      models,
      published.map(({ policy }) => policy.ownerId),
      tenantId,
    ),
  ]);
  return published.map(({ policy, current }) => {
    const nextReview = nextReviewOf(policy, current);
    return {
      policyId: policy._id.toString(),
      title: policy.title,
      owner: { id: policy.ownerId.toString(), displayName: owners.get(policy.ownerId.toString()) ?? null },
      versionId: current._id.toString(),
      versionLabel: current.label,
      nextReviewDate: dayText(nextReview),
      reviewPeriodMonths: policy.reviewPeriodMonths ?? 12,
      status: reviewStatusOf(nextReview, now, rules),
      cards: notices
        .filter((notice) => notice.versionId.equals(current._id))
        .map((notice) => ({
          stage: notice.stage,
          nextReviewDate: dayText(notice.nextReviewDate),
          status: notice.status,
          sentAt: notice.sentAt ?? null,
          outcome: notice.outcome ?? null,
        })),
    };
  });
}
