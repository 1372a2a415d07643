import type { Types } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../errors';
import { refusingDuplicate } from '../store/duplicate-key';
import type { Models } from '../store/models';
import type { Actor } from './actor';
import { auditChange } from './audit';
import { assertTrustAdmin } from './actor';
import { idText } from '../shared/input';
import { roles, type Role, type RoleAssignment, type School } from './model';
import {
  countActive,
  deleteRoleAssignment,
  displayNamesOf,
  findPerson,
  findRoleAssignment,
  findSchool,
  insertRoleAssignment,
  otherTrustAdmins,
  roleAssignmentsOf,
  schoolNames,
} from './store';

/** Roles that only make sense for the whole trust. */
const trustOnlyRoles: readonly Role[] = ['trust_admin', 'trust_leader'];

export const roleGrantInput = z.strictObject({
  personId: idText,
  role: z.enum(roles),
  /** The school the role is held for; null for the whole trust. */
  schoolId: idText.nullable(),
});
export type RoleGrant = z.infer<typeof roleGrantInput>;

export interface RoleAssignmentView {
  id: string;
  personId: string;
  displayName: string;
  role: Role;
  /** The school's id, or "trust". */
  scope: string;
  schoolName: string | null;
  /** "entra" when it comes from an app-role assignment in Entra (change it there). */
  source: 'conduct' | 'entra';
}

type Deps = Pick<Models, 'RoleAssignment' | 'Person' | 'School' | 'AuditEvent' | 'AuditHead'>;

export async function listRoleAssignments(models: Deps, actor: Actor): Promise<RoleAssignmentView[]> {
  assertTrustAdmin(actor);
  const assignments = await roleAssignmentsOf(models, actor.tenantId);
  const nameOf = await displayNamesOf(
    models,
    assignments.map((a) => a.personId),
    actor.tenantId,
  );
  const schoolName = await schoolNames(models, actor.tenantId);
  return assignments.map((a) => ({
    id: a._id.toString(),
    personId: a.personId.toString(),
    displayName: nameOf.get(a.personId.toString()) ?? '(unknown person)',
    role: a.role,
    scope: a.scopeKey,
    schoolName: schoolName.get(a.scopeKey) ?? null,
    source: a.source === 'entra' ? 'entra' : 'conduct',
  }));
}

/** Gives a person a role for one school or the trust. Takes effect on their next request. */
export async function grantRole(models: Deps, actor: Actor, grant: RoleGrant): Promise<RoleAssignmentView> {
  assertTrustAdmin(actor);
  if (grant.schoolId !== null && trustOnlyRoles.includes(grant.role)) {
    throw new AppError(
      'validation_failed',
      `The ${grant.role} role is held for the whole trust: send schoolId null.`,
    );
  }
  const person = await findPerson(models, actor.tenantId, grant.personId);
  if (!person) throw new AppError('not_found', 'There is no such person in the directory.');
  if (!person.active)
    throw new AppError('conflict', `${person.displayName} is no longer active, so cannot be given a role.`);
  const school = grant.schoolId ? await schoolOrRefuse(models, actor.tenantId, grant.schoolId) : null;
  const scopeKey = school ? school._id.toString() : 'trust';
  const created = await refusingDuplicate(
    insertRoleAssignment(models, {
      tenantId: actor.tenantId,
      personId: person._id,
      role: grant.role,
      scopeKey,
      ...(school ? { schoolId: school._id } : {}),
      grantedBy: actor.personId,
      source: 'conduct',
    }),
    () => new AppError('already_exists', `${person.displayName} already holds that role there.`),
  );
  await audit(models, actor, 'role.granted', created);
  return {
    id: created._id.toString(),
    personId: person._id.toString(),
    displayName: person.displayName,
    role: created.role,
    scope: scopeKey,
    schoolName: school?.name ?? null,
    source: 'conduct',
  };
}

/** Removes a role assignment; the person loses it on their very next request. */
export async function revokeRole(models: Deps, actor: Actor, assignmentId: string): Promise<void> {
  assertTrustAdmin(actor);
  const assignment = await findRoleAssignment(models, actor.tenantId, assignmentId);
  if (!assignment) throw new AppError('not_found', 'There is no such role assignment.');
  if (assignment.source === 'entra') {
    throw new AppError(
      'conflict',
      'This role comes from an app-role assignment in Entra; remove it there (Enterprise applications → Conduct → Users and groups) and it goes at the next directory sync.',
    );
  }
  if (assignment.role === 'trust_admin')
    await assertAnotherTrustAdmin(models, actor.tenantId, assignment._id);
  if (!(await deleteRoleAssignment(models, assignment._id)))
    throw new AppError('not_found', 'There is no such role assignment.');
  await audit(models, actor, 'role.revoked', assignment);
}

/** Keeps the trust from locking itself out of role management. */
async function assertAnotherTrustAdmin(
  models: Deps,
  tenantId: string,
  leaving: Types.ObjectId,
): Promise<void> {
  const active = await countActive(models, tenantId, await otherTrustAdmins(models, tenantId, leaving));
  if (active === 0) {
    throw new AppError('conflict', 'This is the last trust admin: give someone else the role first.');
  }
}

async function schoolOrRefuse(
  models: Pick<Models, 'School'>,
  tenantId: string,
  schoolId: string,
): Promise<School> {
  const school = await findSchool(models, tenantId, schoolId);
  if (!school) throw new AppError('not_found', 'There is no such school.');
  return school;
}

function audit(
  models: Pick<Models, 'AuditEvent' | 'AuditHead'>,
  actor: Actor,
  action: string,
  assignment: RoleAssignment,
): Promise<unknown> {
  return auditChange(
    models,
    actor,
    action,
    { kind: 'role_assignment', id: assignment._id.toString() },
    { role: assignment.role, scope: assignment.scopeKey, personId: assignment.personId.toString() },
  );
}
