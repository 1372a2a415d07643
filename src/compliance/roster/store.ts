import { Types } from 'mongoose';
import { anyOf, before } from '../../store/filters';
import type { Models } from '../../store/models';
import type { ComplianceStanding } from '../summary-model';
import type { RosterPart } from './model';

/** Who was unsigned, as a roster entry holds them; `text` is the entry as stored. */
export interface RosterEntry {
  readonly name: string;
  readonly personId: string;
  readonly department: string | null;
  readonly keys: readonly string[];
  readonly text: string;
}

/** A place in the roster's order: (name, person). */
export interface RosterKey {
  readonly name: string;
  readonly personId: string;
}

/**
 * Documents per batch of the reads that walk a whole trust. The embedded database serves one request
 * at a time: a single batch of every card held it past the driver's 5 s monitor check, which then
 * dropped the connection; in batches of this size the check gets its turn in between.
 */
export const scanBatch = 1_000;

export type RosterModels = Pick<Models, 'OutstandingRoster' | 'ComplianceStanding'>;

/** The roster's order: by name, then by person (ids as text), as JavaScript compares strings. */
export function compareKeys(a: RosterKey, b: RosterKey): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.personId !== b.personId) return a.personId < b.personId ? -1 : 1;
  return 0;
}

/** Entries per chunk: a chunk is one small document, decoded whole by the embedded database. */
export const rosterChunkSize = 200;

const partsOf = (models: Pick<Models, 'OutstandingRoster'>) => models.OutstandingRoster;
const indexId = (versionId: string, gen: number) => `${versionId}:${gen}`;
const chunkId = (versionId: string, gen: number, n: number) => `${versionId}:${gen}:${n}`;

const entryText = (s: Pick<ComplianceStanding, 'name' | 'personId' | 'department' | 'keys'>): string =>
  JSON.stringify([s.name, s.personId.toString(), s.department ?? null, s.keys]);

function parseEntry(text: string): RosterEntry {
  const [name, personId, department, keys] = JSON.parse(text) as [string, string, string | null, string[]];
  return { name, personId, department, keys, text };
}

const keyText = (key: RosterKey): string => JSON.stringify([key.name, key.personId]);
function parseKey(text: string): RosterKey {
  const [name, personId] = JSON.parse(text) as [string, string];
  return { name, personId };
}

/**
 * Writes a new generation of the version's roster from its unsigned standings and makes it the
 * latest, unless a build that started later has already finished (`buildRosters` for one version).
 */
export function buildRoster(models: RosterModels, versionId: string): Promise<void> {
  return buildRosters(models, [versionId]);
}

export type RosterFields = Pick<
  ComplianceStanding,
  'policyVersionId' | 'name' | 'personId' | 'department' | 'keys' | 'cell' | 'signed'
>;

/**
 * Writes a new generation of each version's roster from its unsigned standings, read in one pass
 * (on MongoDB the index `{policyVersionId, signed, name, personId}`; on the embedded database a
 * read of every standing, which is why the versions share it), and makes each the latest unless a
 * build that started later has already finished. The generation numbers are taken before the
 * standings are read, so the latest generation has seen every change made before any other build
 * began. Removes the generations before the previous one. `read` replaces the read of the
 * standings (the rebuild reads them all anyway); it is called after the numbers are taken.
 */
export async function buildRosters(
  models: RosterModels,
  versionIds: readonly string[],
  read: () => Promise<readonly RosterFields[]> = () => readUnsigned(models, versionIds),
): Promise<void> {
  if (versionIds.length === 0) return;
  const gens = new Map<string, number>();
  for (const versionId of versionIds) {
    const head = await partsOf(models)
      .findOneAndUpdate(
        { _id: versionId },
        { $inc: { next: 1 }, $setOnInsert: { versionId } },
        { upsert: true, new: true },
      )
      .lean<RosterPart>();
    gens.set(versionId, head.next!);
  }
  const byVersion = new Map<string, RosterFields[]>(versionIds.map((id) => [id, []]));
  for (const standing of await read()) {
    if (!standing.signed) byVersion.get(standing.policyVersionId.toString())?.push(standing);
  }
  for (const [versionId, standings] of byVersion) {
    await writeGeneration(models, versionId, gens.get(versionId)!, standings);
  }
}

function readUnsigned(models: RosterModels, versionIds: readonly string[]): Promise<RosterFields[]> {
  return models.ComplianceStanding.find({
    policyVersionId: anyOf(versionIds.map((id) => new Types.ObjectId(id))),
    signed: false,
  })
    .select({ _id: 0, policyVersionId: 1, name: 1, personId: 1, department: 1, keys: 1, cell: 1, signed: 1 })
    .batchSize(scanBatch)
    .lean<RosterFields[]>()
    .exec();
}

async function writeGeneration(
  models: RosterModels,
  versionId: string,
  gen: number,
  unsigned: readonly RosterFields[],
): Promise<void> {
  const entries = unsigned
    .filter((s) => s.cell)
    .map((s) => ({ key: { name: s.name, personId: s.personId.toString() }, text: entryText(s) }))
    .sort((a, b) => compareKeys(a.key, b.key));
  const chunks: RosterPart[] = [];
  const lasts: string[] = [];
  for (let start = 0; start < entries.length; start += rosterChunkSize) {
    const part = entries.slice(start, start + rosterChunkSize);
    lasts.push(keyText(part.at(-1)!.key));
    chunks.push({
      _id: chunkId(versionId, gen, chunks.length),
      versionId,
      gen,
      entries: part.map((e) => e.text),
    });
  }
  for (let start = 0; start < chunks.length; start += 50) {
    await partsOf(models).collection.insertMany(chunks.slice(start, start + 50) as never[], {
      ordered: false,
    });
  }
  await partsOf(models).collection.insertOne({
    _id: indexId(versionId, gen),
    versionId,
    gen,
    lasts,
  } as never);
  await partsOf(models).updateOne({ _id: versionId }, { $max: { latest: gen } });
  await partsOf(models).deleteMany({ versionId, gen: before(gen - 1) });
}

/** A generation was removed while it was being read: read the latest again. */
export class RosterMoved extends Error {}

/** The latest generation of a version's roster, to be read a chunk at a time. */
export interface Roster {
  /** The last key of each chunk, in order. */
  readonly lasts: readonly RosterKey[];
  /** The entries of chunk n, in order. */
  chunk(n: number): Promise<RosterEntry[]>;
  /** Takes entries out of chunk n (people found signed, or no longer asked to sign). */
  prune(n: number, entries: readonly RosterEntry[]): Promise<void>;
}

/** The version's latest roster, or undefined when none was built yet. */
export async function openRoster(
  models: Pick<Models, 'OutstandingRoster'>,
  versionId: string,
): Promise<Roster | undefined> {
  const head = await partsOf(models).findById(versionId).lean<RosterPart>();
  if (head?.latest === undefined) return undefined;
  const gen = head.latest;
  const index = await partsOf(models).findById(indexId(versionId, gen)).lean<RosterPart>();
  if (!index) throw new RosterMoved();
  return {
    lasts: (index.lasts ?? []).map(parseKey),
    chunk: async (n) => {
      const part = await partsOf(models)
        .findById(chunkId(versionId, gen, n))
        .lean<RosterPart>();
      if (!part) throw new RosterMoved();
      return (part.entries ?? []).map(parseEntry);
    },
    prune: async (n, entries) => {
      if (entries.length === 0) return;
      await partsOf(models).updateOne(
        { _id: chunkId(versionId, gen, n) },
        { $pullAll: { entries: entries.map((e) => e.text) } },
      );
    },
  };
}
