// How the directory sync decides what changes for each person (the store writes it).
import type { Types } from 'mongoose';
import type { EntraUser } from './graph-client';
import type { Audience, Person, PersonProfile } from './model';

export interface Membership {
  schoolId: Types.ObjectId;
  audience: Audience;
}

/** A person as the directory should now record them. */
export interface DesiredPerson extends PersonProfile {
  managerEntraObjectId: string | null;
  memberships: Membership[];
  membershipKeys: string[];
}

export type StoredPerson = Pick<
  Person,
  | '_id'
  | 'entraObjectId'
  | 'displayName'
  | 'email'
  | 'jobTitle'
  | 'department'
  | 'guest'
  | 'managerEntraObjectId'
  | 'membershipKeys'
  | 'active'
>;

/** The fields the sync compares; read for every person of the tenant on each run. */
export const storedFields = {
  entraObjectId: 1,
  displayName: 1,
  email: 1,
  jobTitle: 1,
  department: 1,
  guest: 1,
  managerEntraObjectId: 1,
  membershipKeys: 1,
  active: 1,
} as const;

const clip = (value: string | null, length: number): string | null =>
  value === null || value.trim() === '' ? null : value.trim().slice(0, length);

export function desiredPerson(
  user: EntraUser,
  memberships: Membership[],
  managers: Map<string, string> | undefined,
): DesiredPerson {
  const unique = [
    ...new Map(memberships.map((m) => [`${m.schoolId.toString()}:${m.audience}`, m])).entries(),
  ];
  return {
    entraObjectId: user.id,
    displayName: clip(user.displayName ?? user.userPrincipalName ?? user.mail, 200) ?? user.id,
    email: clip(user.mail ?? user.userPrincipalName, 320)?.toLowerCase() ?? null,
    jobTitle: clip(user.jobTitle, 200),
    department: clip(user.department, 200),
    guest: user.userType === 'Guest',
    managerEntraObjectId: managers?.get(user.id) ?? null,
    memberships: unique.map(([, m]) => m),
    membershipKeys: unique.map(([key]) => key).sort(),
  };
}

export interface Plan {
  upserts: { person: DesiredPerson; change: 'added' | 'updated' | 'reactivated' }[];
  unchanged: Types.ObjectId[];
  deactivated: StoredPerson[];
  keepManagers: boolean;
}

export function planChanges(stored: StoredPerson[], desired: DesiredPerson[], managersKnown: boolean): Plan {
  const byId = new Map(stored.map((person) => [person.entraObjectId, person]));
  const plan: Plan = { upserts: [], unchanged: [], deactivated: [], keepManagers: !managersKnown };
  for (const person of desired) {
    const existing = byId.get(person.entraObjectId);
    byId.delete(person.entraObjectId);
    if (!existing) plan.upserts.push({ person, change: 'added' });
    else if (!existing.active) plan.upserts.push({ person, change: 'reactivated' });
    else if (!sameAsStored(existing, person, managersKnown)) plan.upserts.push({ person, change: 'updated' });
    else plan.unchanged.push(existing._id);
  }
  plan.deactivated = [...byId.values()].filter((person) => person.active);
  return plan;
}

function sameAsStored(stored: StoredPerson, desired: DesiredPerson, compareManager: boolean): boolean {
  return (
    stored.displayName === desired.displayName &&
    (stored.email ?? null) === desired.email &&
    (stored.jobTitle ?? null) === desired.jobTitle &&
    (stored.department ?? null) === desired.department &&
    (stored.guest ?? false) === desired.guest &&
    (!compareManager || (stored.managerEntraObjectId ?? null) === desired.managerEntraObjectId) &&
    [...stored.membershipKeys].sort().join('|') === desired.membershipKeys.join('|')
  );
}
