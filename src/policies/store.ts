import type { Types } from 'mongoose';
import { AppError } from '../errors';
import type { Models } from '../store/models';
import { contentHash } from './content-hash';
import type { Policy, PolicyVersion } from './model';

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
>;

type PolicyModels = Pick<Models, 'Policy' | 'PolicyVersion'>;

export async function createDraftVersion(
  models: PolicyModels,
  policy: Pick<Policy, '_id' | 'tenantId'>,
  fields: DraftFields,
  createdBy: Types.ObjectId,
): Promise<PolicyVersion> {
  const created = await models.PolicyVersion.create({
    ...fields,
    tenantId: policy.tenantId,
    policyId: policy._id,
    status: 'draft',
    createdBy,
  });
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
  );
  if (updated) return updated;
  throw await whyNotDraft(models, versionId);
}

/** Publishes a draft: fixes its content hash and makes it the policy's current version. */
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
  const hash = contentHash({ policyTitle: policy.title, ...draft });
  const published = await models.PolicyVersion.findOneAndUpdate(
    { _id: versionId, updatedAt: draft.updatedAt },
    { $set: { status: 'published', contentHash: hash, publishedAt: now, publishedBy } },
    { new: true, lean: true },
  );
  if (!published)
    throw new AppError('conflict', 'This version changed while it was being published. Try again.');
  await models.Policy.updateOne({ _id: policy._id }, { $set: { currentVersionId: versionId } });
  return published;
}

async function whyNotDraft(models: PolicyModels, versionId: Types.ObjectId): Promise<AppError> {
  const exists = await models.PolicyVersion.exists({ _id: versionId });
  return exists
    ? new AppError(
        'policy_version_published',
        'This policy version is published and can no longer be changed.',
      )
    : new AppError('not_found', 'That policy version does not exist.');
}
