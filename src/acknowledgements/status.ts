import type { Types } from 'mongoose';
import { dueDatesFor } from '../campaigns';
import type { Person } from '../directory';
import {
  appliesTo,
  publishedVersionWithPolicy,
  versionById,
  type Policy,
  type PolicyVersion,
} from '../policies';
import type { Models } from '../store/models';
import type { Acknowledgement } from './model';
import { signatureOf } from './store';

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
  const found = await publishedVersionWithPolicy(models, versionId);
  if (!found || found.policy.tenantId !== person.tenantId) return { kind: 'unknown' };
  const { policy, version } = found;
  const acknowledgement = await signatureOf(models, person._id, version._id);
  if (acknowledgement) return { kind: 'signed', policy, version, acknowledgement };
  if (policy.currentVersionId && !policy.currentVersionId.equals(version._id)) {
    const current = await versionById(models, policy.currentVersionId);
    if (current) return { kind: 'superseded', policy, version, current };
  }
  if (!person.active || !appliesTo(policy, person.membershipKeys) || policy.archivedAt) {
    return { kind: 'withdrawn', policy, version };
  }
  const dueAt = (await dueDatesFor(models, person._id, [version._id])).get(version._id.toString());
  return { kind: 'to-sign', policy, version, dueAt };
}
