import type { Types } from 'mongoose';
import { appendAuditEvent } from '../audit';
import type { Person } from '../directory';
import { AppError } from '../errors';
import {
  appliesTo,
  policiesRead,
  publishedVersionWithPolicy,
  type Policy,
  type PolicyVersion,
} from '../policies';
import type { Models } from '../store/models';
import type { SignatureInput } from './input';
import type { Acknowledgement } from './model';
import { recordAcknowledgement } from './store';

/** A signature as the card or the tab sends it (`signatureInput`), for one person and version. */
export interface SignRequest extends SignatureInput {
  person: Pick<Person, '_id' | 'tenantId' | 'membershipKeys' | 'active'>;
  versionId: Types.ObjectId;
  via: 'card' | 'tab';
  now: Date;
}

export interface SignResult {
  acknowledgement: Acknowledgement;
  created: boolean;
  policy: Policy;
  version: PolicyVersion;
}

/** A signature just recorded, as the campaigns capability hears of it (to stop reminding). */
export interface RecordedSignature {
  tenantId: string;
  policyVersionId: Types.ObjectId;
  personId: Types.ObjectId;
  signedAt: Date;
}

export interface SignDeps {
  models: Pick<Models, 'Acknowledgement' | 'Policy' | 'PolicyVersion' | 'AuditEvent' | 'AuditHead'>;
  /** Told of each new signature (campaigns mark the delivery signed; compliance counts it). */
  signed: (signature: RecordedSignature) => Promise<void>;
}

/**
 * Records a person's signature on the current version of a policy, exactly once. A missing name or
 * no explicit acceptance stores nothing and says what is missing; a superseded version is refused.
 */
export async function signPolicyVersion(deps: SignDeps, request: SignRequest): Promise<SignResult> {
  const { models } = deps;
  const { policy, version } = await findSignable(models, request);
  const signedName = request.signedName?.trim() ?? '';
  const jobTitle = request.jobTitle?.trim() ?? '';
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
  const read = policiesRead(version.readWith ?? [], request.readWith);
  if (read.unknown.length > 0) {
    problems.push({ path: 'readWith', message: 'Only the policies this card links can be marked as read.' });
  }
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
    // The card and the reading page both show every notice above the signature.
    noticesShown: (version.notices ?? []).map((notice) => notice.heading),
    readWith: read.read,
  });
  if (recorded.created) {
    await deps.signed({
      tenantId: request.person.tenantId,
      policyVersionId: version._id,
      personId: request.person._id,
      signedAt: recorded.acknowledgement.signedAt,
    });
    await appendAuditEvent(models, {
      tenantId: request.person.tenantId,
      actorId: request.person._id,
      action: 'acknowledgement.signed',
      subject: { kind: 'policy_version', id: version._id.toString() },
      // What the signer saw and said they read with it: notice headings and policy ids, never text.
      details: {
        via: request.via,
        notices: (version.notices ?? []).map((notice) => notice.heading).join(' | '),
        readWith: read.read.map((other) => other.policyId.toString()).join(','),
      },
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
  const found = await publishedVersionWithPolicy(models, request.versionId);
  if (!found || found.policy.tenantId !== request.person.tenantId) {
    throw new AppError('not_found', 'That policy version does not exist.');
  }
  const { policy, version } = found;
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
