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

/** The signer's standing in the compliance summaries, claimed before the signature is written. */
export interface SignatureClaim {
  /** The signature was recorded: count it. */
  counted(): Promise<void>;
  /** It was not: put the standing back. */
  release(): Promise<void>;
}

export interface SignDeps {
  models: Pick<Models, 'Acknowledgement' | 'Policy' | 'PolicyVersion' | 'AuditEvent' | 'AuditHead'>;
  /** Told of each new signature made without a claim (compliance counts it). */
  signed: (signature: RecordedSignature) => Promise<void>;
  /**
   * The fast path (compliance's `claimStanding`): one update by `_id` that marks the signer's
   * standing with a current version signed, and so shows that the version is current and applies to
   * them. Undefined (or no claim): the policy and version are read and checked here.
   */
  claim?: ((signature: RecordedSignature) => Promise<SignatureClaim | undefined>) | undefined;
}

/**
 * Records a person's signature on the current version of a policy, exactly once. A missing name or
 * no explicit acceptance stores nothing and says what is missing; a superseded version is refused.
 *
 * In five database operations: the signer's standing claimed (the check), the signature, its
 * count in the summaries, and the audit event with its head. The version and its policy come from
 * a cache (a published version never changes; the policy's title may be a minute old there), and
 * whether the version is still current and applies to the signer is what the claim checks. Without
 * a claim (no standing yet, or the summaries say otherwise) the policy and version are read and
 * checked as they stand, and the signature is counted afterwards.
 */
export async function signPolicyVersion(deps: SignDeps, request: SignRequest): Promise<SignResult> {
  const { models } = deps;
  const cached = deps.claim && request.person.active ? await cachedSignable(models, request) : undefined;
  if (cached) {
    const form = checkForm(cached.version, request);
    if (form.problems.length === 0) {
      const claim = await deps.claim!(signature(request, cached.version._id, request.now));
      if (claim) return signClaimed(deps, request, cached, form, claim);
    }
  }
  const { policy, version } = await findSignable(models, request);
  const form = checkForm(version, request);
  if (form.problems.length > 0) {
    throw new AppError('validation_failed', form.problems.map((p) => p.message).join(' '), form.problems);
  }
  const recorded = await recordAcknowledgement(models, newAcknowledgement(request, policy, version, form));
  if (recorded.created) {
    await deps.signed(signature(request, version._id, recorded.acknowledgement.signedAt));
    await auditSignature(models, request, version, form);
  }
  return { ...recorded, policy, version };
}

async function signClaimed(
  deps: SignDeps,
  request: SignRequest,
  { policy, version }: { policy: Policy; version: PolicyVersion },
  form: Form,
  claim: SignatureClaim,
): Promise<SignResult> {
  let recorded: Awaited<ReturnType<typeof recordAcknowledgement>>;
  try {
    recorded = await recordAcknowledgement(deps.models, newAcknowledgement(request, policy, version, form));
  } catch (error) {
    await claim.release();
    throw error;
  }
  if (recorded.created) {
    await claim.counted();
    await auditSignature(deps.models, request, version, form);
  } else {
    // Signed before, yet the summaries had them unsigned: counted again from the signature itself.
    await claim.release();
    await deps.signed(signature(request, version._id, recorded.acknowledgement.signedAt));
  }
  return { ...recorded, policy, version };
}

interface Form {
  signedName: string;
  jobTitle: string;
  read: ReturnType<typeof policiesRead>;
  problems: { path: string; message: string }[];
}

function checkForm(version: PolicyVersion, request: SignRequest): Form {
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
  return { signedName, jobTitle, read, problems };
}

const newAcknowledgement = (request: SignRequest, policy: Policy, version: PolicyVersion, form: Form) => ({
  tenantId: request.person.tenantId,
  personId: request.person._id,
  policyId: policy._id,
  policyVersionId: version._id,
  signedName: form.signedName,
  jobTitle: form.jobTitle === '' ? undefined : form.jobTitle,
  signedAt: request.now,
  contentHash: version.contentHash ?? '',
  via: request.via,
  // The card and the reading page both show every notice above the signature.
  noticesShown: (version.notices ?? []).map((notice) => notice.heading),
  readWith: form.read.read,
});

const signature = (request: SignRequest, versionId: Types.ObjectId, signedAt: Date): RecordedSignature => ({
  tenantId: request.person.tenantId,
  policyVersionId: versionId,
  personId: request.person._id,
  signedAt,
});

async function auditSignature(
  models: SignDeps['models'],
  request: SignRequest,
  version: PolicyVersion,
  form: Form,
): Promise<void> {
  await appendAuditEvent(models, {
    tenantId: request.person.tenantId,
    actorId: request.person._id,
    action: 'acknowledgement.signed',
    subject: { kind: 'policy_version', id: version._id.toString() },
    // What the signer saw and said they read with it: notice headings and policy ids, never text.
    details: {
      via: request.via,
      notices: (version.notices ?? []).map((notice) => notice.heading).join(' | '),
      readWith: form.read.read.map((other) => other.policyId.toString()).join(','),
    },
    at: request.now,
  });
}

/** How long a cached policy (its title, for the reply) is used before it is read again. */
const cachedFor = 60_000;
const cacheLimit = 500;
type Signable = { policy: Policy; version: PolicyVersion };
type SignableCache = Map<string, { until: number; found: Promise<Signable | undefined> }>;
const signables = new WeakMap<object, SignableCache>();

/**
 * The published version and its policy from this process's cache (read on a miss). Used only with a
 * claim, which checks that the version is current and applies to the signer; a published version
 * never changes, so only the policy's title may be stale here.
 */
async function cachedSignable(
  models: Pick<Models, 'Policy' | 'PolicyVersion'>,
  request: Pick<SignRequest, 'person' | 'versionId'>,
): Promise<Signable | undefined> {
  let cache = signables.get(models.PolicyVersion);
  if (!cache) {
    cache = new Map() as SignableCache;
    signables.set(models.PolicyVersion, cache);
  }
  const key = request.versionId.toString();
  const now = Date.now();
  let entry = cache.get(key);
  if (!entry || entry.until < now) {
    if (cache.size >= cacheLimit) cache.clear();
    entry = { until: now + cachedFor, found: publishedVersionWithPolicy(models, request.versionId) };
    cache.set(key, entry);
    entry.found.catch(() => cache.delete(key));
  }
  const found = await entry.found;
  return found?.policy.tenantId === request.person.tenantId ? found : undefined;
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
