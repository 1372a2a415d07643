import { Types, type FilterQuery, type Model } from 'mongoose';
import { lookUpIds, lookupFieldOf, prepareLookup, type LookupField } from '../store/field-lookup';
import type { Models } from '../store/models';

/**
 * The records of one collection, named by its model, that match the filter, in `_id` order and as
 * stored: the subject-access export walks every collection of the privacy registry with it.
 */
export async function recordsMatching(
  models: Models,
  name: keyof Models,
  filter: FilterQuery<unknown>,
): Promise<Record<string, unknown>[]> {
  const model = models[name] as unknown as {
    find(filter: FilterQuery<unknown>): { sort(s: Record<string, 1>): { lean(): Promise<unknown[]> } };
  };
  return (await model.find(filter).sort({ _id: 1 }).lean()) as Record<string, unknown>[];
}

/**
 * One person's compliance standings, read by `_id` (a standing's is `<versionId>:<personId>`): one
 * lookup per version of the trust, since on the embedded database any other filter reads the whole
 * collection (one standing per person and version), and an `_id` lookup is an index search on both.
 */
export async function standingsOf(
  models: Pick<Models, 'PolicyVersion' | 'ComplianceStanding'>,
  tenantId: string,
  personId: Types.ObjectId,
): Promise<Record<string, unknown>[]> {
  const versions = await models.PolicyVersion.find({ tenantId }, { _id: 1 }).lean();
  const standings = await Promise.all(
    versions.map((version) =>
      models.ComplianceStanding.findById(`${version._id.toString()}:${personId.toString()}`).lean(),
    ),
  );
  return standings
    .filter((standing) => standing !== null && standing.tenantId === tenantId)
    .sort((a, b) => (a!._id < b!._id ? -1 : 1)) as unknown as Record<string, unknown>[];
}

/** One `$or` branch of a subject filter: equalities, the first on the person's id. */
export type SubjectClause = Readonly<Record<string, Types.ObjectId | string>>;

type AnyModel = Model<unknown>;
const modelOf = (models: Models, name: keyof Models) => models[name] as unknown as AnyModel;

/**
 * How the embedded database can find a collection's records of one person by index: the field to
 * look up for each clause (its first, the person's id), when every field the clauses name can be
 * looked up (an ObjectId or a string, inside one array at most), so that a record's own fields say
 * exactly whether the filter matches it. Undefined: read by the filter.
 */
export function lookupFields(
  models: Models,
  name: keyof Models,
  clauses: readonly SubjectClause[],
): LookupField[] | undefined {
  const model = modelOf(models, name);
  const fields = clauses.map((clause) => Object.keys(clause).map((path) => lookupFieldOf(model, path)));
  if (!fields.every((clause) => clause.every((field) => field !== undefined))) return undefined;
  return fields.map((clause) => clause[0]!);
}

/**
 * The values a filter on a dotted path compares with, as MongoDB reads a record: through an array
 * of sub-documents, each element's value; at an array of values, each of them.
 */
function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (value === null || typeof value !== 'object' || value instanceof Types.ObjectId) return [];
  return valuesAt((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

/** Whether a record's own fields match the clause: the same answer as the filter gives. */
function matches(record: Record<string, unknown>, clause: SubjectClause): boolean {
  return Object.entries(clause).every(([path, want]) =>
    valuesAt(record, path.split('.')).some((value) =>
      typeof want === 'string' ? value === want : value instanceof Types.ObjectId && want.equals(value),
    ),
  );
}

/** The filter of the records that name the person in any clause, within the tenant. */
export function subjectFilter(tenantId: string, clauses: readonly SubjectClause[]): FilterQuery<unknown> {
  return clauses.length === 1 ? { tenantId, ...clauses[0] } : { tenantId, $or: [...clauses] };
}

/**
 * The records of one collection that name the person in any clause, within the tenant, in `_id`
 * order and as stored: the same as `recordsMatching` with `{tenantId, $or: clauses}`.
 */
export async function recordsNaming(
  models: Models,
  name: keyof Models,
  tenantId: string,
  clauses: readonly SubjectClause[],
): Promise<Record<string, unknown>[]> {
  const read = await Promise.all(await recordsMaybeNaming(models, name, tenantId, clauses));
  return read.filter((record): record is Record<string, unknown> => record !== undefined);
}

/**
 * The records of one collection that may name the person, in `_id` order, each as it is read:
 * undefined for one that, read, does not match `{tenantId, $or: clauses}`. On the embedded database,
 * where that filter decodes every document of the collection, they are found through devdb's lookup
 * of each clause's first field (`lookUpIds`, src/store/field-lookup.ts) and read one by one by `_id`
 * (an index search, all asked at once), each checked against the tenant and the clauses; elsewhere
 * (MongoDB) they are read by the filter, an index search there, and all come together.
 */
export async function recordsMaybeNaming(
  models: Models,
  name: keyof Models,
  tenantId: string,
  clauses: readonly SubjectClause[],
): Promise<Promise<Record<string, unknown> | undefined>[]> {
  const byFilter = async () =>
    (await recordsMatching(models, name, subjectFilter(tenantId, clauses))).map((record) =>
      Promise.resolve(record),
    );
  const fields = lookupFields(models, name, clauses);
  const model = modelOf(models, name);
  const db = model.db.db;
  if (!fields || !db) return byFilter();
  const ids = new Map<string, unknown>();
  for (const [i, field] of fields.entries()) {
    const found = await lookUpIds(db, field, String(clauses[i]![field.path]));
    if (!found) return byFilter();
    for (const id of found) ids.set(String(id), id);
  }
  // Through the driver: the documents as stored, as `lean()` gives them, without mongoose building
  // and casting a query for each of hundreds of reads (about a third of the reading's CPU time).
  return [...ids.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(async ([, id]) => {
      const record = await model.collection.findOne<Record<string, unknown>>({ _id: id as never });
      return record !== null && record.tenantId === tenantId && clauses.some((c) => matches(record, c))
        ? record
        : undefined;
    });
}

/**
 * Has the embedded database make the indexes `recordsNaming` searches for these clauses (see
 * `prepareLookup`); false on a server without devdb's lookup, where there is nothing to make.
 */
export async function prepareNaming(
  models: Models,
  name: keyof Models,
  clauses: readonly SubjectClause[],
): Promise<boolean> {
  const db = modelOf(models, name).db.db;
  for (const field of lookupFields(models, name, clauses) ?? []) {
    if (!db || !(await prepareLookup(db, field))) return false;
  }
  return true;
}
