import type { FilterQuery } from 'mongoose';
import { anyOf, notEqual } from '../store/filters';
import type { Audience, Person, School } from '../directory';
import type { Policy, PolicyVersion } from '../policies';
import { dayKey, dueDateAfter, type SchoolClock } from '../shared/time';
import type { Models } from '../store/models';
import { inScope, type SchoolScope } from './access';
import type { DueIndex, SignatureIndex, SignatureRecord } from './records';

export interface SchoolRef {
  readonly id: string;
  readonly name: string;
  readonly code: string;
}

export type PolicyFields = Pick<
  Policy,
  '_id' | 'title' | 'audiences' | 'scope' | 'schoolIds' | 'currentVersionId'
>;
export type VersionFields = Pick<
  PolicyVersion,
  | '_id'
  | 'policyId'
  | 'label'
  | 'publishedAt'
  | 'nextReviewDate'
  | 'dueDays'
  | 'acceptsSignaturesOf'
  | 'contentHash'
>;

/** A published version with its policy, and every version whose signatures count for it. */
export interface TrackedVersion {
  readonly policy: PolicyFields;
  readonly version: VersionFields;
  /** This version first, then the earlier versions it accepts signatures of. */
  readonly acceptedIds: readonly string[];
}

/** The least of a person that every compliance figure needs. */
export type PersonFields = Pick<Person, '_id' | 'membershipKeys' | 'department'>;

/** Where one eligible person stands with one tracked version. */
export interface Standing {
  readonly personId: string;
  /** The schools (in the viewer's scope) and audiences through which the policy applies to them. */
  readonly schoolIds: readonly string[];
  readonly audiences: readonly Audience[];
  readonly department: string | null;
  /** Their signature: on this version, or on an earlier one this version accepts. */
  readonly signature: (SignatureRecord & { readonly versionId: string }) | null;
  readonly dueAt: Date;
  readonly overdue: boolean;
}

const policyFields = { title: 1, audiences: 1, scope: 1, schoolIds: 1, currentVersionId: 1 } as const;
const versionFields = {
  policyId: 1,
  label: 1,
  publishedAt: 1,
  nextReviewDate: 1,
  dueDays: 1,
  acceptsSignaturesOf: 1,
  contentHash: 1,
} as const;

export async function loadSchools(
  models: Pick<Models, 'School'>,
  tenantId: string,
): Promise<Map<string, SchoolRef>> {
  const schools = await models.School.find({ tenantId })
    .sort({ name: 1 })
    .select({ name: 1, code: 1 })
    .lean<Pick<School, '_id' | 'name' | 'code'>[]>();
  return new Map(
    schools.map((s) => [s._id.toString(), { id: s._id.toString(), name: s.name, code: s.code }]),
  );
}

/** The current version of every live policy of the tenant, in title order. */
export async function loadCurrentVersions(
  models: Pick<Models, 'Policy' | 'PolicyVersion'>,
  tenantId: string,
): Promise<TrackedVersion[]> {
  const policies = await models.Policy.find({
    tenantId,
    archivedAt: null,
    currentVersionId: notEqual(null),
  })
    .sort({ title: 1 })
    .select(policyFields)
    .lean<PolicyFields[]>();
  const versions = await models.PolicyVersion.find({
    _id: anyOf(policies.map((p) => p.currentVersionId)),
    status: 'published',
  })
    .select(versionFields)
    .lean<VersionFields[]>();
  const byId = new Map(versions.map((v) => [v._id.toString(), v]));
  return policies.flatMap((policy) => {
    const version = byId.get(policy.currentVersionId?.toString() ?? '');
    return version ? [tracked(policy, version)] : [];
  });
}

/** One published version of the tenant with its policy, or null. */
export async function loadPublishedVersion(
  models: Pick<Models, 'Policy' | 'PolicyVersion'>,
  tenantId: string,
  versionId: string,
): Promise<TrackedVersion | null> {
  const version = await models.PolicyVersion.findOne({ _id: versionId, tenantId, status: 'published' })
    .select(versionFields)
    .lean<VersionFields>();
  if (!version) return null;
  const policy = await models.Policy.findOne({ _id: version.policyId, tenantId })
    .select(policyFields)
    .lean<PolicyFields>();
  return policy ? tracked(policy, version) : null;
}

const tracked = (policy: PolicyFields, version: VersionFields): TrackedVersion => ({
  policy,
  version,
  acceptedIds: [version._id.toString(), ...version.acceptsSignaturesOf.map((id) => id.toString())],
});

/** The membership keys ("<schoolId>:<audience>") through which a policy applies, within the viewer's scope. */
export function audienceKeys(
  policy: PolicyFields,
  schools: ReadonlyMap<string, SchoolRef>,
  scope: SchoolScope,
): string[] {
  const covered =
    policy.scope === 'trust' ? [...schools.keys()] : policy.schoolIds.map((id) => id.toString());
  return covered
    .filter((id) => schools.has(id) && inScope(scope, id))
    .flatMap((school) => policy.audiences.map((audience) => `${school}:${audience}`));
}

/** Active people holding one of the keys, with the fields asked for (always _id, membershipKeys, department). */
export function findEligible<T extends PersonFields>(
  models: Pick<Models, 'Person'>,
  tenantId: string,
  keys: readonly string[],
  extra: { filter?: FilterQuery<Person>; fields?: Record<string, 1>; sort?: Record<string, 1 | -1> } = {},
): Promise<T[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return models.Person.find({
    ...extra.filter,
    tenantId,
    active: true,
    membershipKeys: anyOf(keys),
  })
    .sort(extra.sort ?? { _id: 1 })
    .select({ membershipKeys: 1, department: 1, ...extra.fields })
    .lean<T[]>()
    .exec();
}

/**
 * When a version is due for people it reached without a delivery of their own: the end of the day
 * `dueDays` calendar days after it was published, in the school's time zone (as a card's due date).
 */
export const versionDueAt = (version: VersionFields, timeZone: string): Date =>
  dueDateAfter(version.publishedAt ?? new Date(0), version.dueDays, timeZone);

/** Where each eligible person stands with the tracked version. */
export function standings(
  tracked: TrackedVersion,
  people: readonly PersonFields[],
  keys: readonly string[],
  signatures: SignatureIndex,
  dues: DueIndex,
  clock: SchoolClock,
): Standing[] {
  const today = dayKey(clock.now, clock.timeZone);
  const wanted = new Set(keys);
  const versionId = tracked.acceptedIds[0]!;
  const defaultDue = versionDueAt(tracked.version, clock.timeZone);
  const result: Standing[] = [];
  for (const person of people) {
    const matched = person.membershipKeys.filter((key) => wanted.has(key));
    if (matched.length === 0) continue;
    const personId = person._id.toString();
    const signature = signatureOf(tracked.acceptedIds, signatures, personId);
    const dueAt = dues.get(versionId)?.get(personId) ?? defaultDue;
    result.push({
      personId,
      schoolIds: [...new Set(matched.map((key) => key.slice(0, key.indexOf(':'))))],
      audiences: [...new Set(matched.map((key) => key.slice(key.indexOf(':') + 1) as Audience))],
      department: person.department?.trim() || null,
      signature,
      dueAt,
      // Overdue once the day it was due has passed, as the summaries count it.
      overdue: signature === null && dayKey(dueAt, clock.timeZone) < today,
    });
  }
  return result;
}

function signatureOf(
  acceptedIds: readonly string[],
  signatures: SignatureIndex,
  personId: string,
): Standing['signature'] {
  for (const versionId of acceptedIds) {
    const signature = signatures.get(versionId)?.get(personId);
    if (signature) return { versionId, ...signature };
  }
  return null;
}
