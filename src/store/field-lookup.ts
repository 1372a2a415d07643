import type { Db, Document } from 'mongodb';
import type { Model } from 'mongoose';

/**
 * Finding a few documents among many by one field, on the embedded database, without the pass over
 * the whole collection that FerretDB 1.24 makes for every filter but an exact `_id`.
 *
 * devdb answers a command of its own, `devdbFindIds` (infra/devdb/lookup.go, and its README): the
 * `_id`s of a collection's documents whose field holds a text, from a SQLite index on that field.
 * The caller then reads each document by `_id` (an index search there too) and checks it against
 * its real filter, because the lookup compares text: a string equal to an ObjectId's hex matches
 * that ObjectId, and the trust is not part of the lookup. MongoDB (and FerretDB without devdb's
 * gate) answer the command with `CommandNotFound`; then `lookUpIds` says `undefined` and the
 * caller sends its filter, which an index serves there (`docs/indexes.md`).
 *
 * A field that is one value (an ObjectId or a string) is looked up by its path. A field inside an
 * array (an incident's `timeline.by`) or an array of values (`sentTo`) names the array too: then
 * the lookup finds the documents where one element of that array holds the value (is the value),
 * as the filter `{ [path]: value }` does. One array on the path at most.
 *
 * The first lookup of a field makes its index over the whole collection (seconds for tens of
 * thousands of documents, while everyone else waits at devdb's gate); `prepareLookup` makes it
 * beforehand, at start-up, so that no user's request pays for it.
 */
export interface LookupField {
  /** The collection's name, as stored (`deliveries`, not `Delivery`). */
  readonly collection: string;
  /** The field's path: field names joined by dots (`personId`, `subject.id`). */
  readonly path: string;
  /** The array on the path, when there is one: `timeline` for `timeline.by`, `sentTo` for `sentTo`. */
  readonly array?: string;
}

/**
 * How a model's field can be looked up, from its schema: its path, and the array on the path if
 * there is one; undefined when it cannot be (not an ObjectId or a string, untyped, or inside two
 * arrays), and the caller sends its filter.
 */
export function lookupFieldOf(model: Model<unknown>, path: string): LookupField | undefined {
  const { schema } = model;
  const parts = path.split('.');
  const arrays = parts
    .map((_, i) => parts.slice(0, i + 1).join('.'))
    .filter((prefix) => schema.path(prefix)?.instance === 'Array');
  const type = schema.path(path) as { instance?: string; caster?: { instance?: string } } | undefined;
  const leaf = type?.instance === 'Array' ? type.caster?.instance : type?.instance;
  if (arrays.length > 1 || !['ObjectId', 'String'].includes(leaf ?? '')) return undefined;
  const collection = model.collection.collectionName;
  return arrays.length === 0 ? { collection, path } : { collection, path, array: arrays[0]! };
}

/**
 * The `_id`s of the collection's documents whose field holds the text (an ObjectId's hex, or a
 * string), in no particular order, from the embedded database's index on that field; undefined on a
 * server without the lookup (MongoDB), where the caller's filter is itself an index search.
 */
export async function lookUpIds(db: Db, field: LookupField, equals: string): Promise<unknown[] | undefined> {
  const answer = await askDevdb(db, { devdbFindIds: field.collection, ...where(field), equals });
  return answer?.ids as unknown[] | undefined;
}

/**
 * Makes the index that `lookUpIds` of this field searches, if devdb has not made it yet (for a
 * collection that does not exist yet, nothing: its first lookup makes it); true when done, false on
 * a server without the lookup.
 */
export async function prepareLookup(db: Db, field: LookupField): Promise<boolean> {
  return (await askDevdb(db, { devdbPrepareLookup: field.collection, ...where(field) })) !== undefined;
}

const where = ({ path, array }: LookupField) => (array === undefined ? { path } : { path, array });

/** Whether the server answers devdb's commands, per connection: asked once, then remembered. */
const lookupAnswered = new WeakMap<Db, boolean>();

/** devdb's answer to one of its commands; undefined from a server that does not know it. */
async function askDevdb(db: Db, command: Document): Promise<Document | undefined> {
  if (lookupAnswered.get(db) === false) return undefined;
  try {
    const answer = await db.command(command);
    lookupAnswered.set(db, true);
    return answer;
  } catch (error) {
    // MongoDB, and FerretDB without devdb's gate: CommandNotFound.
    if ((error as { code?: number }).code !== 59) throw error;
    lookupAnswered.set(db, false);
    return undefined;
  }
}
