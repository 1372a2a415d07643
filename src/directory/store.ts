import type { Types } from 'mongoose';
import type { Models } from '../store/models';
import type { Person } from './model';

/** One person of the tenant, or undefined when they are not in its directory. */
export async function findPerson(
  models: Pick<Models, 'Person'>,
  tenantId: string,
  personId: Types.ObjectId,
): Promise<Person | undefined> {
  return (await models.Person.findOne({ _id: personId, tenantId }).lean<Person>()) ?? undefined;
}
