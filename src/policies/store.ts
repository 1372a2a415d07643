import type { Types } from 'mongoose';
import { AppError } from '../errors';
import { isDuplicateKey, refusingDuplicate } from '../store/duplicate-key';
import { anyOf, isSet } from '../store/filters';
import type { Models } from '../store/models';
import { contentHash } from './content-hash';
import type { Policy, PolicyNotice, PolicyVersion, ReadWithPolicy } from './model';

export type DraftFields = Pick<
  PolicyVersion,
  | 'label'
  | 'bodyMarkdown'
  | 'keyPoints'
  | 'effectiveDate'
  | 'reviewDate'
  | 'nextReviewDate'
  | 'dueDays'
  | 'material'
> & { notices?: PolicyNotice[] | undefined; readWith?: ReadWithPolicy[] | undefined };

type PolicyModels = Pick<Models, 'Policy' | 'PolicyVersion'>;

export async function createDraftVersion(
  models: PolicyModels,
  policy: Pick<Policy, '_id' | 'tenantId'>,
  fields: DraftFields,
  createdBy: Types.ObjectId,
): Promise<PolicyVersion> {
  const created = await refusingDuplicate(
    models.PolicyVersion.create({
      ...fields,
      tenantId: policy.tenantId,
      policyId: policy._id,
      status: 'draft',
      createdBy,
    }),
    () => labelTaken(fields.label),
  );
  return created.toObject();
}

/** Changes a draft. A published version is refused: what people signed must stay what they signed. */
export async function reviseDraftVersion(
  models: PolicyModels,
  versionId: Types.ObjectId,
  changes: Partial<DraftFields>,
): Promise<PolicyVersion> {
  const updated = await models.PolicyVersion.findOneAndUpdate(
    { _id: versionId },
    { $set: changes },
    { new: true, runValidators: true, lean: true },
  ).catch((error: unknown) => {
    throw isUniqueViolation(error) && changes.label !== undefined ? labelTaken(changes.label) : error;
  });
  if (updated) return updated;
  throw await whyNotDraft(models, versionId);
}

/**
 * Publishes a draft: fixes its content hash, records which earlier versions' signatures it accepts
 * and makes it the policy's current version. Two drafts of one policy published at the same moment
 * cannot both replace the same current version (the unique supersedesKey): the second is refused.
 */
export async function publishVersion(
  models: PolicyModels,
  versionId: Types.ObjectId,
  publishedBy: Types.ObjectId,
  now: Date,
): Promise<PolicyVersion> {
  const draft = await models.PolicyVersion.findOne({ _id: versionId, status: 'draft' }).lean<PolicyVersion>();
  if (!draft) throw await whyNotDraft(models, versionId);
  const policy = await models.Policy.findById(draft.policyId).lean<Policy>();
  if (!policy) throw new AppError('not_found', 'The policy of this version no longer exists.');
  const previous = await currentVersionOf(models, policy);
  const published = await models.PolicyVersion.findOneAndUpdate(
    { _id: versionId, updatedAt: draft.updatedAt },
    {
      $set: {
        status: 'published',
        contentHash: contentHash({ policyTitle: policy.title, ...draft }),
        acceptsSignaturesOf:
          draft.material || !previous ? [] : [...previous.acceptsSignaturesOf, previous._id],
        supersedesKey: previous?._id.toString() ?? firstVersionKey,
        publishedAt: now,
        publishedBy,
      },
    },
    { new: true, lean: true },
  ).catch((error: unknown) => {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError(
      'conflict',
      'Another version of this policy was published at the same moment. Reload the policy to see which version is current.',
    );
  });
  if (!published)
    throw new AppError('conflict', 'This version changed while it was being published. Try again.');
  await makeCurrent(models, published);
  return published;
}

/**
 * Points the policy at a published version, if it still points at the version this one replaced.
 * Idempotent, so a publish interrupted between its two writes can be finished by running it again.
 * True when the version is the policy's current version afterwards.
 */
export async function makeCurrent(
  models: PolicyModels,
  version: Pick<PolicyVersion, '_id' | 'policyId' | 'status' | 'supersedesKey'>,
): Promise<boolean> {
  if (version.status !== 'published') return false;
  const replaced = version.supersedesKey === firstVersionKey ? null : version.supersedesKey;
  await models.Policy.updateOne(
    { _id: version.policyId, currentVersionId: replaced },
    { $set: { currentVersionId: version._id } },
  );
  const policy = await models.Policy.findById(version.policyId)
    .select({ currentVersionId: 1 })
    .lean<Pick<Policy, 'currentVersionId'>>();
  return policy?.currentVersionId?.equals(version._id) ?? false;
}

const firstVersionKey = 'first';

/** A unique index refused the write (see isDuplicateKey for how each database says so). */
export const isUniqueViolation = isDuplicateKey;

async function currentVersionOf(
  models: PolicyModels,
  policy: Pick<Policy, 'currentVersionId'>,
): Promise<Pick<PolicyVersion, '_id' | 'acceptsSignaturesOf'> | null> {
  if (!policy.currentVersionId) return null;
  const current = await models.PolicyVersion.findById(policy.currentVersionId)
    .select({ acceptsSignaturesOf: 1 })
    .lean<Pick<PolicyVersion, '_id' | 'acceptsSignaturesOf'>>();
  if (!current) throw new Error(`policy's current version ${policy.currentVersionId.toString()} is missing`);
  return current;
}

const labelTaken = (label: string): AppError =>
  new AppError(
    'already_exists',
    `This policy already has a version labelled "${label}". Choose another label.`,
  );

async function whyNotDraft(models: PolicyModels, versionId: Types.ObjectId): Promise<AppError> {
  const exists = await models.PolicyVersion.exists({ _id: versionId });
  return exists
    ? new AppError(
        'policy_version_published',
        'This policy version is published and can no longer be changed.',
      )
    : new AppError('not_found', 'That policy version does not exist.');
}

/** The titles of the tenant's policies with these ids (those that exist). */
export async function policyTitles(
  models: Pick<Models, 'Policy'>,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const found = await models.Policy.find({ tenantId, _id: anyOf(ids) })
    .select({ title: 1 })
    .lean<Pick<Policy, '_id' | 'title'>[]>();
  return new Map(found.map((policy) => [policy._id.toString(), policy.title]));
}

/** A policy and one of its versions, by id; undefined when either is gone. */
export async function policyWithVersion(
  models: PolicyModels,
  policyId: Types.ObjectId,
  versionId: Types.ObjectId,
): Promise<{ policy: Policy; version: PolicyVersion } | undefined> {
  const [policy, version] = await Promise.all([
    models.Policy.findById(policyId).lean<Policy>(),
    models.PolicyVersion.findById(versionId).lean<PolicyVersion>(),
  ]);
  return policy && version ? { policy, version } : undefined;
}

/** Adds a policy to the library; a title the tenant already uses fails with a duplicate-key error. */
export async function insertPolicy(
  models: Pick<Models, 'Policy'>,
  fields: Pick<Policy, 'tenantId' | 'title' | 'audiences' | 'scope'> & {
    schoolIds: readonly string[];
    ownerId: string;
  },
): Promise<Policy> {
  return (await models.Policy.create(fields)).toObject();
}

/** Changes a policy unless it changed since it was read (its updatedAt); undefined when it did. */
export async function changePolicy(
  models: Pick<Models, 'Policy'>,
  policy: Pick<Policy, '_id' | 'updatedAt'>,
  set: Record<string, unknown>,
): Promise<Policy | undefined> {
  const updated = await models.Policy.findOneAndUpdate(
    { _id: policy._id, updatedAt: policy.updatedAt },
    { $set: set },
    { new: true, lean: true },
  );
  return updated ?? undefined;
}

/** The tenant's policy with this id, or undefined. */
export async function findPolicy(
  models: Pick<Models, 'Policy'>,
  tenantId: string,
  policyId: string,
): Promise<Policy | undefined> {
  return (await models.Policy.findOne({ _id: policyId, tenantId }).lean<Policy>()) ?? undefined;
}

/** One page of the tenant's library, by title, and how many policies it has. */
export async function policyPage(
  models: Pick<Models, 'Policy'>,
  tenantId: string,
  page: { page: number; pageSize: number },
): Promise<{ policies: Policy[]; total: number }> {
  const [policies, total] = await Promise.all([
    models.Policy.find({ tenantId })
      .sort({ title: 1, _id: 1 })
      .skip((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .lean<Policy[]>(),
    models.Policy.countDocuments({ tenantId }),
  ]);
  return { policies, total };
}

/** Every version of a policy without its text, newest first. */
export function versionSummariesOf(
  models: Pick<Models, 'PolicyVersion'>,
  policyId: Types.ObjectId,
): Promise<PolicyVersion[]> {
  return models.PolicyVersion.find({ policyId })
    .select({ bodyMarkdown: 0, keyPoints: 0 })
    .sort({ createdAt: -1, _id: -1 })
    .lean<PolicyVersion[]>();
}

/** Versions by id (some fields), keyed by id as text. */
export async function versionsById(
  models: Pick<Models, 'PolicyVersion'>,
  versionIds: readonly (Types.ObjectId | string)[],
  fields: Record<string, 0 | 1>,
): Promise<Map<string, PolicyVersion>> {
  if (versionIds.length === 0) return new Map();
  const versions = await models.PolicyVersion.find({ _id: anyOf(versionIds) })
    .select(fields)
    .lean<PolicyVersion[]>();
  return new Map(versions.map((version) => [version._id.toString(), version]));
}

/** How many drafts each policy has, keyed by the policy's id as text (policies with none left out). */
export async function draftCounts(
  models: Pick<Models, 'PolicyVersion'>,
  policyIds: readonly Types.ObjectId[],
): Promise<Map<string, number>> {
  if (policyIds.length === 0) return new Map();
  const counts = await models.PolicyVersion.aggregate<{ _id: Types.ObjectId; drafts: number }>([
    { $match: { policyId: { $in: policyIds }, status: 'draft' } },
    { $group: { _id: '$policyId', drafts: { $sum: 1 } } },
  ]);
  return new Map(counts.map((count) => [count._id.toString(), count.drafts]));
}

/** The version of this policy with this id, or undefined. */
export async function findVersionOf(
  models: Pick<Models, 'PolicyVersion'>,
  policyId: Types.ObjectId,
  versionId: string | Types.ObjectId,
): Promise<PolicyVersion | undefined> {
  return (
    (await models.PolicyVersion.findOne({ _id: versionId, policyId }).lean<PolicyVersion>()) ?? undefined
  );
}

/** A published version and its policy, by the version's id; undefined when either is missing. */
export async function publishedVersionWithPolicy(
  models: PolicyModels,
  versionId: Types.ObjectId,
): Promise<{ policy: Policy; version: PolicyVersion } | undefined> {
  const version = await models.PolicyVersion.findOne({
    _id: versionId,
    status: 'published',
  }).lean<PolicyVersion>();
  const policy = version ? await models.Policy.findById(version.policyId).lean<Policy>() : null;
  return version && policy ? { policy, version } : undefined;
}

/** A version by id, or undefined. */
export async function versionById(
  models: Pick<Models, 'PolicyVersion'>,
  versionId: Types.ObjectId,
): Promise<PolicyVersion | undefined> {
  return (await models.PolicyVersion.findById(versionId).lean<PolicyVersion>()) ?? undefined;
}

/** The tenant's policies that have a current (published) version. */
export function policiesWithCurrentVersion(
  models: Pick<Models, 'Policy'>,
  tenantId: string,
): Promise<Policy[]> {
  return models.Policy.find({ tenantId, currentVersionId: isSet() }).lean<Policy[]>();
}
