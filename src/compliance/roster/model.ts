import { Schema } from 'mongoose';

/**
 * The outstanding roster of one policy version: the people unsigned when it was last built, in
 * (name, person) order, split into chunks that are each read by `_id`, so a page of the outstanding
 * list reads a few small documents on any database (the embedded one decodes a whole collection for
 * any other filter). Three kinds of part share the collection:
 *
 * - the head, `_id` = `<versionId>`: `next` hands out generation numbers, `latest` names the newest
 *   generation written in full (raised with `$max`, so a slower build never replaces a newer one);
 * - a generation's index, `<versionId>:<gen>`: `lasts`, the sort key of each chunk's last entry;
 * - a chunk, `<versionId>:<gen>:<n>`: `entries`, each a JSON `[name, personId, department, keys]`.
 */
export interface RosterPart {
  _id: string;
  versionId: string;
  /** Absent on the head. */
  gen?: number;
  next?: number;
  latest?: number;
  lasts?: string[];
  entries?: string[];
}

export const rosterPartSchema = new Schema<RosterPart>(
  {
    _id: { type: String, required: true },
    versionId: { type: String, required: true },
    gen: { type: Number },
    next: { type: Number },
    latest: { type: Number },
    lasts: { type: [String], default: undefined },
    entries: { type: [String], default: undefined },
  },
  { versionKey: false },
);
// A build removes the generations before the previous one.
rosterPartSchema.index({ versionId: 1, gen: 1 });
