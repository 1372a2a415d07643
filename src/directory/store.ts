// The directory's data: people, schools and role assignments. The only code that reads or writes
// those collections; the rest of the directory (and other capabilities) call these functions.
import type { AnyBulkWriteOperation, FilterQuery, Types } from 'mongoose';
import { lookUpIds } from '../store/field-lookup';
import { anyOf, before, notEqual, unset } from '../store/filters';
import type { Models } from '../store/models';
import type { StoredConversation } from './conversations';
import type { Person, Role, RoleAssignment, School } from './model';
import type { DesiredPerson, Plan } from './sync-plan';

type People = Pick<Models, 'Person'>;
type Schools = Pick<Models, 'School'>;
type RoleAssignments = Pick<Models, 'RoleAssignment'>;

// People

/** One person of the tenant, or undefined when they are not in its directory. */
export async function findPerson(
  models: People,
  tenantId: string,
  personId: Types.ObjectId | string,
): Promise<Person | undefined> {
  // By _id alone, the tenant checked here: on the embedded database any other condition reads every person.
  const person = await models.Person.findById(personId).lean<Person>();
  return person?.tenantId === tenantId ? person : undefined;
}

/** A person by id alone (the cheap lookup on every MongoDB), optionally only some fields. */
export async function findPersonById<T extends Partial<Person> = Person>(
  models: People,
  personId: Types.ObjectId,
  fields?: Record<string, 1>,
): Promise<T | undefined> {
  const query = models.Person.findById(personId);
  return (await (fields ? query.select(fields) : query).lean<T>()) ?? undefined;
}

/** The people with these ids (of any tenant: the ids came from the tenant's own records), some fields. */
export function peopleByIds<T extends Partial<Person>>(
  models: People,
  personIds: readonly Types.ObjectId[],
  fields: Record<string, 1>,
): Promise<T[]> {
  return models.Person.find({ _id: anyOf(personIds) })
    .select(fields)
    .lean<T[]>();
}

/** The tenant's active person with this Entra object id, or undefined. */
export async function findActivePersonByEntraId(
  models: People,
  tenantId: string,
  entraObjectId: string,
): Promise<Person | undefined> {
  const person = await findPersonByEntraId(models, tenantId, entraObjectId);
  return person?.active ? person : undefined;
}

/**
 * Which record holds each signed-in Entra object id, as this process last found it: every bot turn
 * and API request looks its person up, and by _id that is one index hit on the embedded database
 * too, where the filter on (tenant, object id) reads every person. Only the id is remembered; the
 * record is read fresh each time, and one that no longer matches (removed, say) is looked up again.
 */
const recordIds = new WeakMap<object, Map<string, Types.ObjectId>>();
const mostRemembered = 50_000;

/** The person with this Entra object id in the tenant, or undefined. */
export async function findPersonByEntraId(
  models: People,
  tenantId: string,
  entraObjectId: string,
): Promise<Person | undefined> {
  let known = recordIds.get(models.Person);
  if (!known) recordIds.set(models.Person, (known = new Map<string, Types.ObjectId>()));
  const key = `${tenantId}\n${entraObjectId}`;
  const id = known.get(key);
  if (id) {
    const person = await models.Person.findById(id).lean<Person>();
    if (person?.tenantId === tenantId && person.entraObjectId === entraObjectId) return person;
    known.delete(key);
  }
  const person = await personWithEntraId(models, tenantId, entraObjectId);
  if (!person) return undefined;
  if (known.size >= mostRemembered) known.clear();
  known.set(key, person._id);
  return person;
}

/**
 * A first sign-in: on the embedded database the people holding the object id come from devdb's
 * index on it, each read by _id and checked here; on MongoDB (no such lookup) the filter is an
 * index hit on `people {tenantId, entraObjectId}`.
 */
async function personWithEntraId(
  models: People,
  tenantId: string,
  entraObjectId: string,
): Promise<Person | undefined> {
  const db = models.Person.db.db;
  const ids =
    db &&
    (await lookUpIds(
      db,
      { collection: models.Person.collection.collectionName, path: 'entraObjectId' },
      entraObjectId,
    ));
  if (!ids) return (await models.Person.findOne({ tenantId, entraObjectId }).lean<Person>()) ?? undefined;
  for (const id of ids) {
    const person = await models.Person.findById(id).lean<Person>();
    if (person?.tenantId === tenantId && person.entraObjectId === entraObjectId) return person;
  }
  return undefined;
}

/** People's display names by id (as text), for showing who a record is about. */
export async function displayNamesOf(
  models: People,
  personIds: Iterable<Types.ObjectId | string>,
  tenantId?: string,
): Promise<Map<string, string>> {
  const people = await models.Person.find({
    ...(tenantId ? { tenantId } : {}),
    _id: anyOf(new Set([...personIds].map(String))),
  })
    .select({ displayName: 1 })
    .lean<Pick<Person, '_id' | 'displayName'>[]>();
  return new Map(people.map((p) => [p._id.toString(), p.displayName]));
}

/** The names and job titles of the tenant's people with these ids. */
export function namesAndTitles(
  models: People,
  tenantId: string,
  personIds: Iterable<Types.ObjectId | string>,
): Promise<Pick<Person, '_id' | 'displayName' | 'jobTitle'>[]> {
  return models.Person.find({ tenantId, _id: anyOf(new Set([...personIds].map(String))) })
    .select({ displayName: 1, jobTitle: 1 })
    .lean<Pick<Person, '_id' | 'displayName' | 'jobTitle'>[]>();
}

/** The ids of the tenant's people holding any of the membership keys (of those asked for, if given). */
export async function peopleWithMemberships(
  models: People,
  tenantId: string,
  membershipKeys: readonly string[],
  among?: readonly Types.ObjectId[],
): Promise<Types.ObjectId[]> {
  const people = await models.Person.find({
    tenantId,
    membershipKeys: anyOf(membershipKeys),
    ...(among ? { _id: anyOf(among) } : {}),
  })
    .select({ _id: 1 })
    .lean<Pick<Person, '_id'>[]>();
  return people.map((p) => p._id);
}

/** The tenant's active people holding any of the membership keys, some fields. */
export function activeMembers<T extends Partial<Person>>(
  models: People,
  tenantId: string,
  membershipKeys: readonly string[],
  fields: Record<string, 1>,
): Promise<T[]> {
  return models.Person.find({ tenantId, active: true, membershipKeys: anyOf(membershipKeys) })
    .select(fields)
    .lean<T[]>();
}

/** One page of the people matching a filter, by name. */
export async function pageOfPeople(
  models: People,
  filter: FilterQuery<Person>,
  page: { page: number; pageSize: number },
): Promise<{ people: Person[]; total: number }> {
  const [people, total] = await Promise.all([
    models.Person.find(filter)
      .sort({ displayName: 1, _id: 1 })
      .skip((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .lean<Person[]>(),
    models.Person.countDocuments(filter),
  ]);
  return { people, total };
}

/** How many of these people are still active. */
export function countActive(
  models: People,
  tenantId: string,
  personIds: readonly Types.ObjectId[],
): Promise<number> {
  return models.Person.countDocuments({ tenantId, active: true, _id: anyOf(personIds) });
}

/** The tenant's active people with no conversation stored yet (whom Conduct cannot reach), oldest first. */
export function unreachablePeople<T extends Pick<Person, '_id' | 'entraObjectId' | 'displayName'>>(
  models: People,
  tenantId: string,
  limit: number,
): Promise<T[]> {
  return models.Person.find({ tenantId, active: true, conversation: unset() })
    .select({ entraObjectId: 1, displayName: 1 })
    .sort({ _id: 1 })
    .limit(limit)
    .lean<T[]>();
}

/** Every person of the tenant with the fields the sync compares. */
export function peopleForSync<T>(models: People, tenantId: string, fields: Record<string, 1>): Promise<T[]> {
  return models.Person.find({ tenantId }).select(fields).lean<T[]>();
}

/** The ids of the tenant's people by Entra object id, for those of the ids that are known. */
export async function personIdsByEntraId(
  models: People,
  tenantId: string,
  entraObjectIds: Iterable<string>,
): Promise<Map<string, Types.ObjectId>> {
  const people = await models.Person.find({ tenantId, entraObjectId: anyOf(entraObjectIds) })
    .select({ entraObjectId: 1 })
    .lean<Pick<Person, '_id' | 'entraObjectId'>[]>();
  return new Map(people.map((p) => [p.entraObjectId, p._id]));
}

const writeBatch = 500;

/** Writes what a directory sync decided, in batches; leavers are marked inactive, never deleted. */
export async function writeSyncPlan(
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
    await models.Person.updateMany({ _id: anyOf(plan.unchanged) }, { $set: { lastSyncedAt: at } });
  }
  if (plan.deactivated.length > 0) {
    // Memberships stay as last seen: they say which school a leaver belonged to.
    await models.Person.updateMany(
      { _id: anyOf(plan.deactivated.map((p) => p._id)), active: true },
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

/**
 * Stores the conversation unless the person already has one stored later (a reference from the
 * bot may race one from Graph; the newer wins, the older never overwrites it). Clears any recorded
 * failure to reach them. Returns false when nothing was stored (newer reference, or no such person).
 */
export async function storeConversation(
  models: People,
  person: { tenantId: string; entraObjectId: string },
  conversation: StoredConversation,
): Promise<boolean> {
  const result = await models.Person.updateOne(
    {
      tenantId: person.tenantId,
      entraObjectId: person.entraObjectId,
      $or: [{ conversation: unset() }, { 'conversation.storedAt': before(conversation.storedAt) }],
    },
    { $set: { conversation: { ...conversation } }, $unset: { reachFailure: 1 } },
  );
  return result.modifiedCount === 1;
}

/** Records why Conduct could not reach the person, for the IT manager to see. */
export async function recordReachFailure(
  models: People,
  person: { tenantId: string; entraObjectId: string },
  failure: { reason: string; status: number; at: Date },
): Promise<void> {
  await models.Person.updateOne(
    { tenantId: person.tenantId, entraObjectId: person.entraObjectId },
    { $set: { reachFailure: failure } },
  );
}

// Schools

/** The tenant's schools, by name. */
export function schoolsOf(models: Schools, tenantId: string): Promise<School[]> {
  return models.School.find({ tenantId }).sort({ name: 1 }).lean<School[]>();
}

/** The names of the tenant's schools (of those ids, if given) by id as text; no tenant: by id alone. */
export async function schoolNames(
  models: Schools,
  tenantId: string | undefined,
  schoolIds?: Iterable<Types.ObjectId | string>,
): Promise<Map<string, string>> {
  const schools = await models.School.find({
    ...(tenantId ? { tenantId } : {}),
    ...(schoolIds ? { _id: anyOf(new Set([...schoolIds].map(String))) } : {}),
  })
    .select({ name: 1 })
    .lean<Pick<School, '_id' | 'name'>[]>();
  return new Map(schools.map((s) => [s._id.toString(), s.name]));
}

/** One school of the tenant, or undefined. */
export async function findSchool(
  models: Schools,
  tenantId: string,
  schoolId: Types.ObjectId | string,
): Promise<School | undefined> {
  return (await models.School.findOne({ _id: schoolId, tenantId }).lean<School>()) ?? undefined;
}

/** Adds a school; a code another school uses fails with a duplicate-key error. */
export async function insertSchool(
  models: Schools,
  school: Pick<School, 'tenantId' | 'name' | 'code' | 'groups'>,
): Promise<School> {
  return (await models.School.create(school)).toObject();
}

/** Sets and clears fields of a school; undefined when there is no such school in the tenant. */
export async function changeSchool(
  models: Schools,
  tenantId: string,
  schoolId: string,
  set: Record<string, string>,
  unsetFields: Record<string, 1>,
): Promise<School | undefined> {
  const school = await models.School.findOneAndUpdate(
    { _id: schoolId, tenantId },
    {
      ...(Object.keys(set).length > 0 ? { $set: set } : {}),
      ...(Object.keys(unsetFields).length > 0 ? { $unset: unsetFields } : {}),
    },
    { new: true, lean: true },
  );
  return school ?? undefined;
}

// Role assignments

/** Every role assignment of the tenant, by role and then oldest first. */
export function roleAssignmentsOf(models: RoleAssignments, tenantId: string): Promise<RoleAssignment[]> {
  return models.RoleAssignment.find({ tenantId }).sort({ role: 1, createdAt: 1 }).lean<RoleAssignment[]>();
}

/** One role assignment of the tenant, or undefined. */
export async function findRoleAssignment(
  models: RoleAssignments,
  tenantId: string,
  assignmentId: string,
): Promise<RoleAssignment | undefined> {
  return (
    (await models.RoleAssignment.findOne({ _id: assignmentId, tenantId }).lean<RoleAssignment>()) ?? undefined
  );
}

/** The roles a person holds, and where. */
export function rolesHeldBy(
  models: RoleAssignments,
  tenantId: string,
  personId: Types.ObjectId,
): Promise<Pick<RoleAssignment, 'role' | 'scopeKey'>[]> {
  return models.RoleAssignment.find({ tenantId, personId })
    .select({ role: 1, scopeKey: 1 })
    .lean<Pick<RoleAssignment, 'role' | 'scopeKey'>[]>();
}

/** Records a role assignment; the same role held twice in one place fails with a duplicate-key error. */
export async function insertRoleAssignment(
  models: RoleAssignments,
  assignment: Omit<RoleAssignment, '_id' | 'createdAt' | 'updatedAt'>,
): Promise<RoleAssignment> {
  return (await models.RoleAssignment.create(assignment)).toObject();
}

/** Removes a role assignment; false when it was already gone. */
export async function deleteRoleAssignment(
  models: RoleAssignments,
  assignmentId: Types.ObjectId,
  filter: { source?: 'entra' } = {},
): Promise<boolean> {
  const removed = await models.RoleAssignment.deleteOne({ _id: assignmentId, ...filter });
  return removed.deletedCount === 1;
}

/** The people holding trust_admin for the trust, other than the assignment leaving. */
export async function otherTrustAdmins(
  models: RoleAssignments,
  tenantId: string,
  leaving: Types.ObjectId,
): Promise<Types.ObjectId[]> {
  const others = await models.RoleAssignment.find({
    tenantId,
    role: 'trust_admin',
    scopeKey: 'trust',
    _id: notEqual(leaving),
  })
    .select({ personId: 1 })
    .lean<Pick<RoleAssignment, 'personId'>[]>();
  return others.map((o) => o.personId);
}

/** The trust-wide role assignments, with where each came from. */
export function trustWideAssignments(
  models: RoleAssignments,
  tenantId: string,
): Promise<Pick<RoleAssignment, '_id' | 'personId' | 'role' | 'source'>[]> {
  return models.RoleAssignment.find({ tenantId, scopeKey: 'trust' })
    .select({ personId: 1, role: 1, source: 1 })
    .lean<Pick<RoleAssignment, '_id' | 'personId' | 'role' | 'source'>[]>();
}

/** Gives a person a trust-wide role from Entra, unless they already hold it; returns the assignment. */
export async function ensureEntraRole(
  models: RoleAssignments,
  tenantId: string,
  personId: Types.ObjectId,
  role: Role,
): Promise<RoleAssignment | undefined> {
  const assignment = await models.RoleAssignment.findOneAndUpdate(
    { tenantId, personId, role, scopeKey: 'trust' },
    { $setOnInsert: { tenantId, personId, role, scopeKey: 'trust', source: 'entra' } },
    { upsert: true, new: true, lean: true },
  );
  return assignment ?? undefined;
}

/**
 * The active people holding one of the roles for the school or for the whole trust. A report with
 * no school (someone in no school's groups) goes to trust-wide holders only.
 */
export function roleHolders(
  models: Pick<Models, 'RoleAssignment' | 'Person'>,
  tenantId: string,
  roles: readonly Role[],
  schoolId: Types.ObjectId | undefined | null,
): Promise<Pick<Person, '_id' | 'displayName' | 'conversation'>[]> {
  return holdersAt(models, tenantId, roles, schoolId ? [schoolId.toString(), 'trust'] : ['trust']);
}

/** The active people holding one of the roles in one of the scopes (a school's id, or "trust"). */
export async function holdersAt(
  models: Pick<Models, 'RoleAssignment' | 'Person'>,
  tenantId: string,
  roles: readonly Role[],
  scopes: readonly string[],
): Promise<Pick<Person, '_id' | 'displayName' | 'conversation'>[]> {
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
