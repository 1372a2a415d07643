import type { Types } from 'mongoose';
import type { Person } from '../directory';
import { appliesTo, type Policy, type PolicyVersion } from '../policies';
import type { Models } from '../store/models';
import type { Acknowledgement } from './model';

/** Where a person stands with one policy version: what their card should show. */
export type VersionStanding =
  | { kind: 'to-sign'; policy: Policy; version: PolicyVersion; dueAt: Date | undefined }
  | { kind: 'signed'; policy: Policy; version: PolicyVersion; acknowledgement: Acknowledgement }
  | { kind: 'superseded'; policy: Policy; version: PolicyVersion; current: PolicyVersion }
  | { kind: 'withdrawn'; policy: Policy; version: PolicyVersion }
  | { kind: 'unknown' };

type StandingModels = Pick<Models, 'Policy' | 'PolicyVersion' | 'Acknowledgement' | 'Delivery'>;

/**
 * Reads, fresh, whether the person has signed the version (anywhere: card or tab), whether it has
 * been replaced, and when it is due — so a refreshed card always tells the truth.
 */
export async function versionStanding(
  models: StandingModels,
  person: Pick<Person, '_id' | 'tenantId' | 'membershipKeys' | 'active'>,
  versionId: Types.ObjectId,
): Promise<VersionStanding> {
  const version = await models.PolicyVersion.findOne({
    _id: versionId,
    status: 'published',
  }).lean<PolicyVersion>();
  const policy = version ? await models.Policy.findById(version.policyId).lean<Policy>() : null;
  if (!version || !policy || policy.tenantId !== person.tenantId) return { kind: 'unknown' };
  const acknowledgement = await models.Acknowledgement.findOne({
    personId: person._id,
    policyVersionId: version._id,
  }).lean<Acknowledgement>();
  if (acknowledgement) return { kind: 'signed', policy, version, acknowledgement };
  if (policy.currentVersionId && !policy.currentVersionId.equals(version._id)) {
    const current = await models.PolicyVersion.findById(policy.currentVersionId).lean<PolicyVersion>();
    if (current) return { kind: 'superseded', policy, version, current };
  }
  if (!person.active || !appliesTo(policy, person.membershipKeys) || policy.archivedAt) {
    return { kind: 'withdrawn', policy, version };
  }
  const delivery = await models.Delivery.findOne({ policyVersionId: version._id, personId: person._id })
    .select({ dueAt: 1 })
    .lean<{ dueAt: Date }>();
  return { kind: 'to-sign', policy, version, dueAt: delivery?.dueAt };
}
