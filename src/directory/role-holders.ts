import type { Types } from 'mongoose';
import { anyOf } from '../store/filters';
import type { Models } from '../store/models';
import type { Person, Role, RoleAssignment } from './model';

/**
 * The active people holding one of the roles for the school or for the whole trust. A report with
 * no school (someone in no school's groups) goes to trust-wide holders only.
 */
export async function roleHolders(
  models: Pick<Models, 'RoleAssignment' | 'Person'>,
  tenantId: string,
  roles: readonly Role[],
  schoolId: Types.ObjectId | undefined | null,
): Promise<Pick<Person, '_id' | 'displayName' | 'conversation'>[]> {
  const scopes = schoolId ? [schoolId.toString(), 'trust'] : ['trust'];
  const assignments = await models.RoleAssignment.find({
    tenantId,
    role: anyOf(roles),
    scopeKey: anyOf(scopes),
  })
    .select({ personId: 1 })
    .lean<Pick<RoleAssignment, 'personId'>[]>();
  if (assignments.length === 0) return [];
  return models.Person.find({
    tenantId,
    active: true,
    _id: anyOf(new Set(assignments.map((a) => a.personId.toString()))),
  })
    .select({ displayName: 1, conversation: 1 })
    .lean<Pick<Person, '_id' | 'displayName' | 'conversation'>[]>();
}
