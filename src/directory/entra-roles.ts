import type { Types } from 'mongoose';
import { appendAuditEvent } from '../audit';
import type { Models } from '../store/models';
import type { DirectoryGraph } from './graph-client';
import type { Role } from './model';
import { deleteRoleAssignment, ensureEntraRole, trustWideAssignments } from './store';

/** Conduct's app roles as declared in the app registration, and the Conduct role each grants trust-wide. */
export const entraAppRoles: Readonly<Record<string, Role>> = {
  TrustAdmin: 'trust_admin',
  TrustLeader: 'trust_leader',
  Headteacher: 'headteacher',
  ITManager: 'it_manager',
  NetworkManager: 'network_manager',
  ICTHelpdesk: 'ict_helpdesk',
  OnlineSafetyOfficer: 'online_safety_officer',
  DSL: 'dsl',
  DeputyDSL: 'deputy_dsl',
  DPO: 'dpo',
};

/** Entra object id → the Conduct roles their app-role assignments grant (groups expanded to users). */
export type EntraRoleHolders = Map<string, Set<Role>>;

/** Reads the app-role assignments of Conduct's service principal; undefined when it has none here. */
export async function readEntraRoleHolders(
  graph: Pick<DirectoryGraph, 'listAppRoleHolders' | 'listGroupUsers'>,
  appId: string,
): Promise<EntraRoleHolders | undefined> {
  const holders = await graph.listAppRoleHolders(appId);
  if (!holders) return undefined;
  const byUser: EntraRoleHolders = new Map();
  for (const holder of holders) {
    const role = entraAppRoles[holder.value];
    if (!role) continue;
    const userIds =
      holder.principalType === 'Group'
        ? (await graph.listGroupUsers(holder.principalId)).map((user) => user.id)
        : holder.principalType === 'User'
          ? [holder.principalId]
          : [];
    for (const userId of userIds) byUser.set(userId, (byUser.get(userId) ?? new Set()).add(role));
  }
  return byUser;
}

/**
 * Makes the trust-wide assignments that came from Entra match Entra: grants the new ones and
 * removes those Entra no longer holds. Assignments made in Conduct are never touched.
 */
export async function applyEntraRoles(
  models: Pick<Models, 'RoleAssignment' | 'AuditEvent' | 'AuditHead'>,
  tenantId: string,
  holders: Map<string, Set<Role>>,
  personIds: Map<string, Types.ObjectId>,
  now: Date,
): Promise<{ granted: number; revoked: number }> {
  const wanted = new Map<string, { personId: Types.ObjectId; role: Role }>();
  for (const [entraObjectId, roles] of holders) {
    const personId = personIds.get(entraObjectId);
    if (!personId) continue;
    for (const role of roles) wanted.set(`${personId.toString()}:${role}`, { personId, role });
  }
  const existing = await trustWideAssignments(models, tenantId);
  const held = new Set(existing.map((a) => `${a.personId.toString()}:${a.role}`));
  const stale = existing.filter(
    (a) => a.source === 'entra' && !wanted.has(`${a.personId.toString()}:${a.role}`),
  );
  const fresh = [...wanted.entries()].filter(([key]) => !held.has(key)).map(([, value]) => value);

  for (const { personId, role } of fresh) {
    const created = await ensureEntraRole(models, tenantId, personId, role);
    await auditRole(models, tenantId, 'role.granted', created?._id.toString() ?? '', role, now);
  }
  for (const assignment of stale) {
    await deleteRoleAssignment(models, assignment._id, { source: 'entra' });
    await auditRole(models, tenantId, 'role.revoked', assignment._id.toString(), assignment.role, now);
  }
  return { granted: fresh.length, revoked: stale.length };
}

function auditRole(
  models: Pick<Models, 'AuditEvent' | 'AuditHead'>,
  tenantId: string,
  action: string,
  assignmentId: string,
  role: Role,
  at: Date,
): Promise<unknown> {
  return appendAuditEvent(models, {
    tenantId,
    action,
    subject: { kind: 'role_assignment', id: assignmentId },
    details: { role, scope: 'trust', source: 'entra' },
    at,
  });
}
