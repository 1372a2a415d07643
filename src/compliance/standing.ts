import type { Audience, Person } from '../directory';
import type { Policy, PolicyVersion } from '../policies';
import { dayKey, dueDateAfter, type SchoolClock } from '../shared/time';
import { inScope, type SchoolScope } from './access';

export interface SchoolRef {
  readonly id: string;
  readonly name: string;
  readonly code: string;
}

export type PolicyFields = Pick<
  Policy,
  '_id' | 'title' | 'audiences' | 'scope' | 'schoolIds' | 'currentVersionId' | 'review'
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

/** A signature as the figures need it; the name and job title only when asked for. */
export interface SignatureRecord {
  readonly signedAt: Date;
  readonly signedName?: string;
  readonly jobTitle?: string | null;
}

/** versionId → personId → their signature. */
export type SignatureIndex = Map<string, Map<string, SignatureRecord>>;

/** versionId → personId → the delivery's due date. */
export type DueIndex = Map<string, Map<string, Date>>;

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
