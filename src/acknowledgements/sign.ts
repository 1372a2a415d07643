import type { Types } from 'mongoose';
import { appendAuditEvent } from '../audit';
import type { Person } from '../directory';
import { AppError } from '../errors';
import { appliesTo, type Policy, type PolicyVersion } from '../policies';
import type { Models } from '../store/models';
import type { Acknowledgement } from './model';
import { recordAcknowledgement } from './store';

export interface SignRequest {
  person: Pick<Person, '_id' | 'tenantId' | 'membershipKeys' | 'active'>;
  versionId: Types.ObjectId;
  signedName: unknown;
  jobTitle: unknown;
  /** The card's toggle sends "true"/"false"; the tab sends a boolean. */
  accepted: unknown;
  via: 'card' | 'tab';
  now: Date;
}

export interface SignResult {
  acknowledgement: Acknowledgement;
  created: boolean;
  policy: Policy;
  version: PolicyVersion;
}

type SignModels = Pick<
  Models,
  'Acknowledgement' | 'Policy' | 'PolicyVersion' | 'Delivery' | 'AuditEvent' | 'AuditHead'
>;

/**
 * Records a person's signature on the current version of a policy, exactly once. A missing name or
 * no explicit acceptance stores nothing and says what is missing; a superseded version is refused.
 */
export async function signPolicyVersion(models: SignModels, request: SignRequest): Promise<SignResult> {
  const { policy, version } = await findSignable(models, request);
  const signedName = typeof request.signedName === 'string' ? request.signedName.trim() : '';
  const jobTitle = typeof request.jobTitle === 'string' ? request.jobTitle.trim() : '';
  const problems = [
    ...(signedName === '' ? [{ path: 'signedName', message: 'Enter your full name to sign.' }] : []),
    ...(signedName.length > 200
      ? [{ path: 'signedName', message: 'Your name can be at most 200 characters.' }]
      : []),
    ...(jobTitle.length > 200
      ? [{ path: 'jobTitle', message: 'Your job title can be at most 200 characters.' }]
      : []),
    ...(request.accepted === true || request.accepted === 'true'
      ? []
      : [{ path: 'accepted', message: 'Tick "I have read, understood and accept this policy" to sign.' }]),
  ];
  if (problems.length > 0) {
    throw new AppError('validation_failed', problems.map((p) => p.message).join(' '), problems);
  }
  const recorded = await recordAcknowledgement(models, {
    tenantId: request.person.tenantId,
    personId: request.person._id,
    policyId: policy._id,
    policyVersionId: version._id,
    signedName,
    jobTitle: jobTitle === '' ? undefined : jobTitle,
    signedAt: request.now,
    contentHash: version.contentHash ?? '',
    via: request.via,
  });
  if (recorded.created) {
    await models.Delivery.updateOne(
      { policyVersionId: version._id, personId: request.person._id },
      { $set: { signedAt: recorded.acknowledgement.signedAt }, $unset: { nextReminderAt: 1 } },
    );
    await appendAuditEvent(models, {
      tenantId: request.person.tenantId,
      actorId: request.person._id,
      action: 'acknowledgement.signed',
      subject: { kind: 'policy_version', id: version._id.toString() },
      details: { via: request.via },
      at: request.now,
    });
  }
  return { ...recorded, policy, version };
}

/** The published version and its policy, if this person may sign it now. */
export async function findSignable(
  models: Pick<Models, 'Policy' | 'PolicyVersion'>,
  request: Pick<SignRequest, 'person' | 'versionId'>,
): Promise<{ policy: Policy; version: PolicyVersion }> {
  const version = await models.PolicyVersion.findOne({
    _id: request.versionId,
    status: 'published',
  }).lean<PolicyVersion>();
  const policy = version ? await models.Policy.findById(version.policyId).lean<Policy>() : null;
  if (!version || !policy || policy.tenantId !== request.person.tenantId) {
    throw new AppError('not_found', 'That policy version does not exist.');
  }
  if (!policy.currentVersionId?.equals(version._id)) {
    throw new AppError(
      'conflict',
      'This version of the policy has been replaced. Please sign the current version.',
    );
  }
  if (!request.person.active || !appliesTo(policy, request.person.membershipKeys)) {
    throw new AppError('forbidden', 'This policy does not apply to you, so there is nothing to sign.');
  }
  return { policy, version };
}
