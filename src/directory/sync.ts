import { trusted, type AnyBulkWriteOperation, type Types } from 'mongoose';
import { appendAuditEvent } from '../audit/store';
import { AppError } from '../errors';
import type { Models } from '../store/models';
import { applyEntraRoles, readEntraRoleHolders, type EntraRoleHolders } from './entra-roles';
import type { DirectoryGraph, EntraUser } from './graph-client';
import { audiences, type Audience, type Person, type PersonProfile, type School } from './model';

export interface DirectorySyncDeps {
  readonly models: Pick<Models, 'School' | 'Person' | 'RoleAssignment' | 'AuditEvent'>;
  readonly graph: DirectoryGraph;
  /** Conduct's app (client) id: its Entra app-role assignments seed trust-wide roles. Unset: no seeding. */
  readonly appId?: string | undefined;
  readonly now?: () => Date;
}

export type DirectoryChangeKind = 'added' | 'updated' | 'reactivated' | 'deactivated';

export interface DirectorySyncReport {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly counts: Record<DirectoryChangeKind | 'unchanged', number>;
  readonly roles: { readonly granted: number; readonly revoked: number } | { readonly skipped: string };
  /** The first changes, for the IT manager to read; `truncated` when there were more. */
  readonly changes: readonly { entraObjectId: string; displayName: string; change: DirectoryChangeKind }[];
  readonly truncated: boolean;
  /** Parts of Entra that could not be read; the rest of the sync still happened. */
  readonly warnings: readonly string[];
}

/** A person as the directory should now record them. */
interface DesiredPerson extends PersonProfile {
  managerEntraObjectId: string | null;
  memberships: { schoolId: Types.ObjectId; audience: Audience }[];
  membershipKeys: string[];
}

type StoredPerson = Pick<
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

const maxReportedChanges = 200;
const writeBatch = 500;

/**
 * Brings the tenant's people in line with Entra: the members of every school's staff, governor
 * and visitor groups (nested groups and guests included) and the holders of Conduct's app roles.
 * People who are in none of them are marked inactive, never deleted, so their records stay. If any
 * group cannot be read the sync stops before changing anything.
 */
export async function syncDirectory(
  deps: DirectorySyncDeps,
  tenantId: string,
  options: { actorId?: Types.ObjectId } = {},
): Promise<DirectorySyncReport> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const warnings: string[] = [];
  const schools = await deps.models.School.find({ tenantId }).lean<School[]>();
  const found = await readGroupMembers(deps.graph, schools);
  const roleSource = await readRoleSource(deps);
  await addRoleHoldersOutsideGroups(
    deps.graph,
    found,
    'holders' in roleSource ? roleSource.holders : undefined,
  );
  const managers = await deps.graph.listManagers().catch((error: unknown) => {
    warnings.push(
      `Managers were not updated: ${error instanceof AppError ? error.message : 'Graph refused'}`,
    );
    return undefined;
  });

  const desired = [...found.values()].map(({ user, memberships }) =>
    desiredPerson(user, memberships, managers),
  );
  const stored = await deps.models.Person.find({ tenantId })
    .select({
      entraObjectId: 1,
      displayName: 1,
      email: 1,
      jobTitle: 1,
      department: 1,
      guest: 1,
      managerEntraObjectId: 1,
      membershipKeys: 1,
      active: 1,
    })
    .lean<StoredPerson[]>();
  const plan = planChanges(stored, desired, managers !== undefined);
  await writePlan(deps.models, tenantId, plan, startedAt);

  const roles =
    'holders' in roleSource ? await seedRoles(deps, tenantId, roleSource.holders, startedAt) : roleSource;
  const report = buildReport(plan, roles, warnings, startedAt, now());
  await appendAuditEvent(deps.models, {
    tenantId,
    actorId: options.actorId,
    action: 'directory.synced',
    subject: { kind: 'directory', id: tenantId },
    details: {
      ...report.counts,
      ...('granted' in roles ? { rolesGranted: roles.granted, rolesRevoked: roles.revoked } : {}),
    },
    at: report.finishedAt,
  });
  return report;
}

interface Found {
  user: EntraUser;
  memberships: { schoolId: Types.ObjectId; audience: Audience }[];
}

async function readGroupMembers(graph: DirectoryGraph, schools: School[]): Promise<Map<string, Found>> {
  const found = new Map<string, Found>();
  for (const school of schools) {
    for (const audience of audiences) {
      const groupId = school.groups?.[audience];
      if (!groupId) continue;
      for (const user of await graph.listGroupUsers(groupId)) {
        const entry = found.get(user.id) ?? { user, memberships: [] };
        entry.memberships.push({ schoolId: school._id, audience });
        found.set(user.id, entry);
      }
    }
  }
  return found;
}

async function addRoleHoldersOutsideGroups(
  graph: DirectoryGraph,
  found: Map<string, Found>,
  roleHolders: EntraRoleHolders | undefined,
): Promise<void> {
  for (const entraObjectId of roleHolders?.keys() ?? []) {
    if (found.has(entraObjectId)) continue;
    const user = await graph.getUser(entraObjectId);
    if (user) found.set(entraObjectId, { user, memberships: [] });
  }
}

const clip = (value: string | null, length: number): string | null =>
  value === null || value.trim() === '' ? null : value.trim().slice(0, length);

function desiredPerson(
  user: EntraUser,
  memberships: Found['memberships'],
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

interface Plan {
  upserts: { person: DesiredPerson; change: 'added' | 'updated' | 'reactivated' }[];
  unchanged: Types.ObjectId[];
  deactivated: StoredPerson[];
  keepManagers: boolean;
}

function planChanges(stored: StoredPerson[], desired: DesiredPerson[], managersKnown: boolean): Plan {
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

async function writePlan(
  models: Pick<Models, 'Person'>,
  tenantId: string,
  plan: Plan,
  at: Date,
): Promise<void> {
  const operations: AnyBulkWriteOperation<Person>[] = plan.upserts.map(({ person }) =>
    upsert(tenantId, person, at, plan.keepManagers),
  );
  for (let start = 0; start < operations.length; start += writeBatch) {
    await models.Person.bulkWrite(operations.slice(start, start + writeBatch), { ordered: false });
  }
  if (plan.unchanged.length > 0) {
    await models.Person.updateMany({ _id: trusted({ $in: plan.unchanged }) }, { $set: { lastSyncedAt: at } });
  }
  if (plan.deactivated.length > 0) {
    // Memberships stay as last seen: they say which school a leaver belonged to.
    await models.Person.updateMany(
      { _id: trusted({ $in: plan.deactivated.map((p) => p._id) }), active: true },
      { $set: { active: false, deactivatedAt: at, lastSyncedAt: at } },
    );
  }
}

function upsert(
  tenantId: string,
  person: DesiredPerson,
  at: Date,
  keepManager: boolean,
): AnyBulkWriteOperation<Person> {
  const optional = {
    email: person.email,
    jobTitle: person.jobTitle,
    department: person.department,
    ...(keepManager ? {} : { managerEntraObjectId: person.managerEntraObjectId }),
  };
  const set = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== null));
  const unset = Object.fromEntries(
    Object.entries(optional)
      .filter(([, value]) => value === null)
      .map(([key]) => [key, 1]),
  );
  const fields: Record<string, unknown> = {
    ...set,
    displayName: person.displayName,
    guest: person.guest,
    memberships: person.memberships,
    membershipKeys: person.membershipKeys,
    active: true,
    lastSyncedAt: at,
  };
  return {
    updateOne: {
      filter: { tenantId, entraObjectId: person.entraObjectId },
      update: {
        $set: fields,
        $unset: { ...unset, deactivatedAt: 1 },
        $setOnInsert: { tenantId, entraObjectId: person.entraObjectId },
      },
      upsert: true,
    },
  };
}

type RoleSource = { holders: EntraRoleHolders } | { skipped: string };

/** Seeding roles from Entra is optional: when it cannot be done the sync still runs and says why. */
async function readRoleSource(deps: DirectorySyncDeps): Promise<RoleSource> {
  if (!deps.appId) return { skipped: 'No app id is configured, so roles are not read from Entra.' };
  try {
    const holders = await readEntraRoleHolders(deps.graph, deps.appId);
    return holders
      ? { holders }
      : { skipped: 'Conduct has no service principal in this tenant, so no Entra app roles were read.' };
  } catch (error) {
    return {
      skipped: `Entra app roles could not be read: ${error instanceof AppError ? error.message : 'Graph refused'}`,
    };
  }
}

async function seedRoles(
  deps: DirectorySyncDeps,
  tenantId: string,
  holders: EntraRoleHolders,
  at: Date,
): Promise<DirectorySyncReport['roles']> {
  const people = await deps.models.Person.find({
    tenantId,
    entraObjectId: trusted({ $in: [...holders.keys()] }),
  })
    .select({ entraObjectId: 1 })
    .lean<Pick<Person, '_id' | 'entraObjectId'>[]>();
  const personIds = new Map(people.map((p) => [p.entraObjectId, p._id]));
  return applyEntraRoles(deps.models, tenantId, holders, personIds, at);
}

function buildReport(
  plan: Plan,
  roles: DirectorySyncReport['roles'],
  warnings: string[],
  startedAt: Date,
  finishedAt: Date,
): DirectorySyncReport {
  const changes = [
    ...plan.upserts.map(({ person, change }) => ({
      entraObjectId: person.entraObjectId,
      displayName: person.displayName,
      change,
    })),
    ...plan.deactivated.map((p) => ({
      entraObjectId: p.entraObjectId,
      displayName: p.displayName,
      change: 'deactivated' as const,
    })),
  ];
  const count = (kind: DirectoryChangeKind): number => changes.filter((c) => c.change === kind).length;
  return {
    startedAt,
    finishedAt,
    counts: {
      added: count('added'),
      updated: count('updated'),
      reactivated: count('reactivated'),
      deactivated: count('deactivated'),
      unchanged: plan.unchanged.length,
    },
    roles,
    changes: changes.slice(0, maxReportedChanges),
    truncated: changes.length > maxReportedChanges,
    warnings,
  };
}
