import type { Types } from 'mongoose';
import { appendAuditEvent } from '../audit';
import { AppError } from '../errors';
import { peopleChanged } from '../shared/changes';
import type { Models } from '../store/models';
import { applyEntraRoles, readEntraRoleHolders, type EntraRoleHolders } from './entra-roles';
import type { DirectoryGraph, EntraUser } from './graph-client';
import { audiences, type School } from './model';
import { peopleForSync, personIdsByEntraId, schoolsOf, writeSyncPlan } from './store';
import {
  desiredPerson,
  planChanges,
  storedFields,
  type Membership,
  type Plan,
  type StoredPerson,
} from './sync-plan';

export interface DirectorySyncDeps {
  readonly models: Pick<Models, 'School' | 'Person' | 'RoleAssignment' | 'AuditEvent' | 'AuditHead'>;
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

const maxReportedChanges = 200;

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
  const schools = await schoolsOf(deps.models, tenantId);
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
  const stored = await peopleForSync<StoredPerson>(deps.models, tenantId, storedFields);
  const plan = planChanges(stored, desired, managers !== undefined);
  await writeSyncPlan(deps.models, tenantId, plan, startedAt);
  await tellChanged(deps.models, tenantId, plan);

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

/** Tells the listeners (the compliance summaries) who joined, changed, moved or left. */
async function tellChanged(models: Pick<Models, 'Person'>, tenantId: string, plan: Plan): Promise<void> {
  const written =
    plan.upserts.length === 0
      ? new Map<string, Types.ObjectId>()
      : await personIdsByEntraId(
          models,
          tenantId,
          plan.upserts.map(({ person }) => person.entraObjectId),
        );
  await peopleChanged(models.Person, tenantId, [...written.values(), ...plan.deactivated.map((p) => p._id)]);
}

interface Found {
  user: EntraUser;
  memberships: Membership[];
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
  const personIds = await personIdsByEntraId(deps.models, tenantId, holders.keys());
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
