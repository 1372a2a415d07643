import type { Audience } from '../directory';
import { dayKey } from '../shared/time';
import type { Policy, PolicyVersion } from './model';

/** A policy as the API shows it. */
export interface PolicyView {
  id: string;
  title: string;
  audiences: Audience[];
  scope: 'trust' | 'schools';
  schoolIds: string[];
  owner: { id: string; displayName: string | null };
  currentVersionId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A policy in the library list: where it stands and whether it is past its next review. */
export interface PolicySummaryView extends PolicyView {
  /** "published" once a version has been published; "draft" before that. */
  status: 'draft' | 'published';
  currentVersion: { id: string; label: string; publishedAt: Date | null } | null;
  /** The current version's next-review date (YYYY-MM-DD). */
  nextReviewDate: string | null;
  /** The current version's next-review date has passed: a compliance finding in itself. */
  overdueForReview: boolean;
  /** Where the review stands: none before publishing; due soon within the notice period. */
  reviewStatus: ReviewStatus;
  /** Months between reviews: a new review date defaults to this far from the day it is set. */
  reviewPeriodMonths: number;
  draftVersions: number;
}

export interface PolicyDetailView extends PolicySummaryView {
  /** Newest first, without their text (read a version for that). */
  versions: VersionSummaryView[];
}

export interface VersionSummaryView {
  id: string;
  policyId: string;
  label: string;
  status: 'draft' | 'published';
  isCurrent: boolean;
  effectiveDate: string;
  reviewDate: string;
  nextReviewDate: string;
  dueDays: number;
  material: boolean;
  contentHash: string | null;
  acceptsSignaturesOf: string[];
  publishedAt: Date | null;
  publishedBy: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface VersionView extends VersionSummaryView {
  bodyMarkdown: string;
  keyPoints: string[];
  /** Shown to every signer above the signature, on the card and on the reading page. */
  notices: { heading: string; text: string }[];
  /** Other policies to be read with this one, by id and title. */
  readWith: { policyId: string; title: string }[];
}

export type ReviewStatus = 'none' | 'scheduled' | 'due-soon' | 'overdue';

/** When owners are asked to review: this many days ahead, counting days in the school's time zone. */
export interface ReviewRules {
  noticeDays: number;
  timeZone: string;
}

export const defaultReviewRules: ReviewRules = { noticeDays: 30, timeZone: 'Europe/London' };

/** The next review date in force: one set after publishing for the current version, else the version's. */
export function nextReviewOf(
  policy: Pick<Policy, 'review'>,
  current: Pick<PolicyVersion, '_id' | 'nextReviewDate'>,
): Date {
  const set = policy.review;
  return set?.versionId && set.versionId.equals(current._id) ? set.nextReviewDate : current.nextReviewDate;
}

/** Today in the school's time zone, as a stored day (midnight UTC). */
export const schoolToday = (now: Date, timeZone: string): Date => dayDate(dayKey(now, timeZone));

/** Overdue once the day has passed; due soon from noticeDays before it. */
export function reviewStatusOf(
  nextReview: Date,
  now: Date,
  rules: ReviewRules,
): Exclude<ReviewStatus, 'none'> {
  const today = schoolToday(now, rules.timeZone).getTime();
  if (nextReview.getTime() < today) return 'overdue';
  return nextReview.getTime() <= today + rules.noticeDays * 86_400_000 ? 'due-soon' : 'scheduled';
}

/** A stored day as YYYY-MM-DD (dates are kept at midnight UTC). */
export const dayText = (date: Date): string => date.toISOString().slice(0, 10);

/** A YYYY-MM-DD day as the stored date (midnight UTC). */
export const dayDate = (text: string): Date => new Date(`${text}T00:00:00Z`);

export function policyView(policy: Policy, ownerName: string | null): PolicyView {
  return {
    id: policy._id.toString(),
    title: policy.title,
    audiences: [...policy.audiences],
    scope: policy.scope,
    schoolIds: policy.schoolIds.map((id) => id.toString()),
    owner: { id: policy.ownerId.toString(), displayName: ownerName },
    currentVersionId: policy.currentVersionId?.toString() ?? null,
    createdAt: policy.createdAt,
    updatedAt: policy.updatedAt,
  };
}

export function policySummaryView(
  policy: Policy,
  ownerName: string | null,
  current: Pick<PolicyVersion, '_id' | 'label' | 'publishedAt' | 'nextReviewDate'> | null,
  draftVersions: number,
  now: Date,
  rules: ReviewRules = defaultReviewRules,
): PolicySummaryView {
  const nextReview = current ? nextReviewOf(policy, current) : null;
  const reviewStatus = nextReview ? reviewStatusOf(nextReview, now, rules) : 'none';
  return {
    ...policyView(policy, ownerName),
    status: current ? 'published' : 'draft',
    currentVersion: current
      ? { id: current._id.toString(), label: current.label, publishedAt: current.publishedAt ?? null }
      : null,
    nextReviewDate: nextReview ? dayText(nextReview) : null,
    overdueForReview: reviewStatus === 'overdue',
    reviewStatus,
    reviewPeriodMonths: policy.reviewPeriodMonths ?? 12,
    draftVersions,
  };
}

export function versionSummaryView(
  version: PolicyVersion,
  policy: Pick<Policy, 'currentVersionId'>,
): VersionSummaryView {
  return {
    id: version._id.toString(),
    policyId: version.policyId.toString(),
    label: version.label,
    status: version.status,
    isCurrent: policy.currentVersionId?.equals(version._id) ?? false,
    effectiveDate: dayText(version.effectiveDate),
    reviewDate: dayText(version.reviewDate),
    nextReviewDate: dayText(version.nextReviewDate),
    dueDays: version.dueDays,
    material: version.material,
    contentHash: version.contentHash ?? null,
    acceptsSignaturesOf: (version.acceptsSignaturesOf ?? []).map((id) => id.toString()),
    publishedAt: version.publishedAt ?? null,
    publishedBy: version.publishedBy?.toString() ?? null,
    createdBy: version.createdBy.toString(),
    createdAt: version.createdAt,
    updatedAt: version.updatedAt,
  };
}

export function versionView(version: PolicyVersion, policy: Pick<Policy, 'currentVersionId'>): VersionView {
  return {
    ...versionSummaryView(version, policy),
    bodyMarkdown: version.bodyMarkdown,
    keyPoints: [...version.keyPoints],
    notices: (version.notices ?? []).map(({ heading, text }) => ({ heading, text })),
    readWith: (version.readWith ?? []).map((other) => ({
      policyId: other.policyId.toString(),
      title: other.title,
    })),
  };
}
