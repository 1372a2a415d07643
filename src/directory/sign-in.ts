import { AppError } from '../errors';
import type { Models } from '../store/models';
import { createActor, type Actor } from './actor';
import { findPersonByEntraId, rolesHeldBy } from './store';

/**
 * The person behind a verified sign-in, with the roles they hold right now. Read from the database
 * on every call (never cached), so a removed role or a leaver stops working at once.
 */
export async function loadActor(
  models: Pick<Models, 'Person' | 'RoleAssignment'>,
  tenantId: string,
  entraObjectId: string,
): Promise<Actor> {
  const person = await findPersonByEntraId(models, tenantId, entraObjectId);
  if (!person) {
    throw new AppError(
      'forbidden',
      'Conduct does not know you yet. Ask your IT manager to add you to your school’s staff, governor or visitor group; Conduct picks it up at its next directory sync.',
    );
  }
  if (!person.active) {
    throw new AppError(
      'forbidden',
      'Your Conduct account is no longer active. If you still belong to the school, ask your IT manager.',
    );
  }
  const assignments = await rolesHeldBy(models, tenantId, person._id);
  return createActor({
    tenantId,
    personId: person._id,
    entraObjectId,
    displayName: person.displayName,
    roles: assignments.map(({ role, scopeKey }) => ({ role, scopeKey })),
  });
}
