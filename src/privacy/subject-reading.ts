import { Types } from 'mongoose';
import type { Person } from '../directory';
import { isSealedText } from '../incidents';
import type { Models } from '../store/models';
import { personalDataRegistry, type CollectionEntry } from './registry';
import { recordsMaybeNaming, standingsOf, type SubjectClause } from './store';
import type { CollectedRecords, Withheld } from './subject-access';

const withheldReason =
  'safeguarding content, sealed: withheld from this export for the designated safeguarding lead to review';

/** What the export says of a collection above its records: its name, why it is kept, its personal fields. */
export type CollectionHeading = Omit<CollectedRecords, 'records'>;

/** One collection's records about the person, being read. */
export interface CollectionReading {
  readonly heading: CollectionHeading;
  /**
   * The records that may name the person, once known (from devdb's lookup; on MongoDB, once read):
   * each as it is read, in the export's order, undefined for one that, read, does not name them
   * (another trust's, an id stored as text).
   */
  readonly candidates: Promise<readonly Promise<Record<string, unknown> | undefined>[]>;
}

/**
 * Starts reading the person's records, every collection of the registry that can name them. The
 * collections are read one after another, each once every record of the one before has been read
 * (the order and concurrency of reading each in turn), whether or not the caller has handled it:
 * the caller's handling of one (drawing it) overlaps the reading of the next. A failed read fails
 * every later collection without reading it; so does `stop()`, for those not yet started. Every
 * promise here is observed, so one the caller no longer awaits (it stopped at an earlier failure)
 * is never an unhandled rejection.
 */
export function readRecordsAbout(
  models: Models,
  tenantId: string,
  person: Person,
): { collections: CollectionReading[]; stop: () => void } {
  const id = person._id;
  const entries = (Object.entries(personalDataRegistry) as [keyof Models, CollectionEntry][]).filter(
    ([, entry]) => entry.subjectPaths.length > 0,
  );
  const candidatesOf = async (
    name: keyof Models,
    entry: CollectionEntry,
  ): Promise<Promise<Record<string, unknown> | undefined>[]> =>
    name === 'Person'
      ? [Promise.resolve(person as unknown as Record<string, unknown>)]
      : name === 'ComplianceStanding'
        ? (await standingsOf(models, tenantId, id)).map((standing) => Promise.resolve(standing))
        : recordsMaybeNaming(models, name, tenantId, subjectClauses(name, entry, id));
  let stopped = false;
  let before: Promise<unknown> = Promise.resolve();
  const collections = entries.map(([name, entry]): CollectionReading => {
    const candidates = before.then(() => {
      if (stopped) throw new Error('the export stopped before this collection was read');
      return candidatesOf(name, entry);
    });
    before = candidates.then((each) => Promise.all(each));
    void candidates.catch(() => undefined);
    void before.catch(() => undefined);
    return {
      heading: {
        collection: entry.collection,
        purpose: entry.purpose,
        fields: entry.personal.map(({ path, what }) => ({ path, what })),
      },
      candidates,
    };
  });
  return {
    collections,
    stop: () => {
      stopped = true;
    },
  };
}

/** The clauses saying a record of the collection names the person, one per subject path (each led by their id). */
export function subjectClauses(
  name: keyof Models,
  entry: CollectionEntry,
  id: Types.ObjectId,
): SubjectClause[] {
  return entry.subjectPaths.map((path) =>
    // The audit trail names a person as its subject by kind and id, as text (its index leads so).
    name === 'AuditEvent' && path === 'subject.id'
      ? { 'subject.id': id.toString(), 'subject.kind': 'person' }
      : { [path]: id },
  );
}

/** A copy of the record with every sealed value replaced by a note saying it was withheld. */
export function withholdSealed(
  record: Record<string, unknown>,
  collection: string,
  withheld: Withheld[],
): Record<string, unknown> {
  const recordId = String(record._id);
  const walk = (value: unknown, path: string): unknown => {
    if (isSealedText(value)) {
      withheld.push({ collection, recordId, path, reason: withheldReason });
      return { withheld: withheldReason };
    }
    if (value instanceof Types.ObjectId || value instanceof Date) return value;
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}.${i}`));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, child]) => [
          key,
          walk(child, path ? `${path}.${key}` : key),
        ]),
      );
    }
    return value;
  };
  return walk(record, '') as Record<string, unknown>;
}
