import type { Types } from 'mongoose';
import { isDuplicateKey } from '../../store/duplicate-key';
import { anyOf, before, isSet } from '../../store/filters';
import type { Models } from '../../store/models';
import type { Policy, PolicyVersion } from '../model';
import type { ReviewNotice, ReviewStage } from './model';

type ReviewModels = Pick<Models, 'Policy' | 'PolicyVersion' | 'PolicyReviewNotice'>;

/** The policy's current version in full, or null before its first publishing. */
export async function currentVersionOf(
  models: ReviewModels,
  policy: Pick<Policy, 'currentVersionId'>,
): Promise<PolicyVersion | null> {
  if (!policy.currentVersionId) return null;
  return models.PolicyVersion.findById(policy.currentVersionId).lean<PolicyVersion>();
}

/** A published policy with the fields of its current version the review cycle reads. */
export interface PublishedPolicy {
  policy: Policy;
  current: Pick<PolicyVersion, '_id' | 'label' | 'nextReviewDate' | 'publishedAt'>;
}

/** Every policy that has a current version (of one tenant, or of all for the daily job). */
export async function publishedPolicies(models: ReviewModels, tenantId?: string): Promise<PublishedPolicy[]> {
  const policies = await models.Policy.find({
    currentVersionId: isSet(),
    ...(tenantId === undefined ? {} : { tenantId }),
  })
    .sort({ title: 1 })
    .lean<Policy[]>();
  const ids = policies.flatMap((policy) => (policy.currentVersionId ? [policy.currentVersionId] : []));
  if (ids.length === 0) return [];
  const versions = await models.PolicyVersion.find({ _id: anyOf(ids) })
    .select({ label: 1, nextReviewDate: 1, publishedAt: 1 })
    .lean<PublishedPolicy['current'][]>();
  const byId = new Map(versions.map((version) => [version._id.toString(), version]));
  return policies.flatMap((policy) => {
    const current = byId.get(policy.currentVersionId?.toString() ?? '');
    return current ? [{ policy, current }] : [];
  });
}

export interface NoticeKey {
  tenantId: string;
  policyId: Types.ObjectId;
  versionId: Types.ObjectId;
  nextReviewDate: Date;
  stage: ReviewStage;
  ownerId: Types.ObjectId;
}

/**
 * Claims the right to send one review card until `claim.until`: the first claim inserts the notice;
 * a later one only takes a notice whose card failed, or one left "sending" by a worker whose claim
 * lapsed (it stopped mid-send). Null when the card was sent or is being sent.
 */
export async function claimNotice(
  models: ReviewModels,
  key: NoticeKey,
  claim: { now: Date; until: Date },
): Promise<ReviewNotice | null> {
  try {
    const created = await models.PolicyReviewNotice.create({
      ...key,
      status: 'sending',
      attempts: 1,
      claimExpiresAt: claim.until,
    });
    return created.toObject();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const { policyId, versionId, nextReviewDate, stage } = key;
  return models.PolicyReviewNotice.findOneAndUpdate(
    {
      policyId,
      versionId,
      nextReviewDate,
      stage,
      $or: [{ status: 'failed' }, { status: 'sending', claimExpiresAt: before(claim.now) }],
    },
    {
      $set: { status: 'sending', ownerId: key.ownerId, claimExpiresAt: claim.until },
      $inc: { attempts: 1 },
      $unset: { error: 1 },
    },
    { new: true, lean: true },
  );
}

/** Records how sending a claimed review card ended. */
export async function finishNotice(
  models: ReviewModels,
  noticeId: Types.ObjectId,
  ended: { sentAt: Date } | { error: string },
): Promise<void> {
  const set =
    'sentAt' in ended ? { status: 'sent', sentAt: ended.sentAt } : { status: 'failed', error: ended.error };
  await models.PolicyReviewNotice.updateOne(
    { _id: noticeId, status: 'sending' },
    { $set: set, $unset: { claimExpiresAt: 1 } },
  );
}

/** The review cards sent (or tried) for these policies, oldest first. */
export function noticesOf(
  models: ReviewModels,
  tenantId: string,
  policyIds: readonly Types.ObjectId[],
): Promise<ReviewNotice[]> {
  if (policyIds.length === 0) return Promise.resolve([]);
  return models.PolicyReviewNotice.find({ tenantId, policyId: anyOf(policyIds) })
    .sort({ createdAt: 1 })
    .lean<ReviewNotice[]>();
}

/** Marks the cards about this version's review with what the owner did about it. */
export async function recordOutcome(
  models: ReviewModels,
  policyId: Types.ObjectId,
  versionId: Types.ObjectId,
  outcome: NonNullable<ReviewNotice['outcome']>,
): Promise<void> {
  await models.PolicyReviewNotice.updateMany({ policyId, versionId }, { $set: { outcome } });
}

/**
 * Sets the next review date of the policy's current version, if that version is still current and
 * the policy has not changed since it was read. False when either moved on.
 */
export async function setReviewDate(
  models: ReviewModels,
  policy: Pick<Policy, '_id' | 'updatedAt'>,
  versionId: Types.ObjectId,
  change: { nextReviewDate: Date; reviewPeriodMonths: number; setBy: Types.ObjectId; setAt: Date },
): Promise<Policy | null> {
  return models.Policy.findOneAndUpdate(
    { _id: policy._id, currentVersionId: versionId, updatedAt: policy.updatedAt },
    {
      $set: {
        reviewPeriodMonths: change.reviewPeriodMonths,
        review: {
          versionId,
          nextReviewDate: change.nextReviewDate,
          setBy: change.setBy,
          setAt: change.setAt,
        },
      },
    },
    { new: true, lean: true },
  );
}
