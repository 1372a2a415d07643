import type { Db } from 'mongodb';

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
 * Only a field that is one value (an ObjectId or a string, never an array) may be looked up so.
 */
export interface LookupField {
  /** The collection's name, as stored (`deliveries`, not `Delivery`). */
  readonly collection: string;
  /** The field's path: field names joined by dots (`personId`, `subject.id`). */
  readonly path: string;
}

/** Whether the server answers devdb's lookup, per connection: asked once, then remembered. */
const lookupAnswered = new WeakMap<Db, boolean>();

/**
 * The `_id`s of the collection's documents whose field holds the text (an ObjectId's hex, or a
 * string), in no particular order, from the embedded database's index on that field; undefined on a
 * server without the lookup (MongoDB), where the caller's filter is itself an index search.
 */
export async function lookUpIds(db: Db, field: LookupField, equals: string): Promise<unknown[] | undefined> {
  if (lookupAnswered.get(db) === false) return undefined;
  try {
    const answer = await db.command({ devdbFindIds: field.collection, path: field.path, equals });
    lookupAnswered.set(db, true);
    return answer.ids as unknown[];
  } catch (error) {
    if ((error as { code?: number }).code !== commandNotFound) throw error;
    lookupAnswered.set(db, false);
    return undefined;
  }
}

const commandNotFound = 59;
