/**
 * The bare-driver baseline, taken from what Conduct itself did: while recording, every call Conduct
 * makes on a driver collection (find, aggregate, countDocuments, updateOne…) is noted with its
 * arguments; replaying issues the same calls, in the same order, through a driver connection of its
 * own with no Conduct code around them. So the baseline cannot drift from what the API reads.
 */
import { Collection, type Db } from 'mongodb';

interface DriverCall {
  readonly collection: string;
  readonly method: string;
  readonly args: unknown[];
}

const recorded = [
  'find',
  'findOne',
  'aggregate',
  'countDocuments',
  'estimatedDocumentCount',
  'distinct',
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'bulkWrite',
  'deleteOne',
  'deleteMany',
] as const;

let sink: DriverCall[] | undefined;
let installed = false;
let depth = 0;

function install(): void {
  if (installed) return;
  installed = true;
  const prototype = Collection.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of recorded) {
    const original = prototype[method]!;
    prototype[method] = function (this: Collection, ...args: unknown[]) {
      // Only the outermost call: the driver's findOne calls find, insertMany calls bulkWrite.
      if (depth === 0) sink?.push({ collection: this.collectionName, method, args });
      depth += 1;
      try {
        return original.apply(this, args);
      } finally {
        depth -= 1;
      }
    };
  }
}

/** Runs the work and returns the driver calls it made (every collection call in this process meanwhile). */
export async function recordDriverCalls(work: () => Promise<unknown>): Promise<DriverCall[]> {
  install();
  const calls: DriverCall[] = [];
  sink = calls;
  try {
    await work();
  } finally {
    sink = undefined;
  }
  return calls;
}

/** Issues the calls again through this database handle, reading every cursor to its end. */
export async function replayDriverCalls(db: Db, calls: readonly DriverCall[]): Promise<void> {
  for (const call of calls) {
    const collection = db.collection(call.collection) as unknown as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    try {
      const result = (await collection[call.method]!(...call.args)) as {
        toArray?: () => Promise<unknown>;
      } | null;
      if (result && typeof result.toArray === 'function') await result.toArray();
    } catch (error) {
      // A write replayed (an insert already made) is refused as a duplicate: the work was still done.
      if ((error as { code?: unknown }).code !== 11000) throw error;
    }
  }
}
