import { createHash } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { Types, type FilterQuery } from 'mongoose';
import type { Acknowledgement } from '../acknowledgements';
import type { Campaign, Delivery } from '../campaigns';
import type { Person, School } from '../directory';
import type { Incident } from '../incidents';
import type { Policy, PolicyVersion } from '../policies';
import { dayKey } from '../shared/time';
import { anyOf, containing, notEqual, unset } from '../store/filters';
import type { Models } from '../store/models';
import {
  audienceKeys,
  versionDueAt,
  type DueIndex,
  type PersonFields as EligibleFields,
  type PolicyFields,
  type SchoolRef,
  type SignatureIndex,
  type SignatureRecord,
  type TrackedVersion,
  type VersionFields,
} from './standing';
import { buildRoster, buildRosters, scanBatch } from './roster/store';
import type { ComplianceStanding, ComplianceSummary, SummaryCell } from './summary-model';

/**
 * The compliance summaries (docs/compliance-summaries.md): one small document per policy version ×
 * set of membership keys × department, kept current with `$inc` by every event that moves a person's
 * standing, so the overview reads a few dozen documents instead of every person, card and signature.
 *
 * Each person's standing with each current version is a document of its own. An event reads the
 * standing first, then the records it is computed from, and writes the new standing with a
 * conditional update on `rev`; only when that update matched does it `$inc` the cells by the
 * difference. A replayed event finds the standing already as it would make it and changes nothing;
 * two processes changing one standing at once make one of them read again. A process that dies
 * between the standing and the `$inc` leaves a difference the rebuild puts right.
 */

export type SummaryModels = Pick<
  Models,
  | 'ComplianceSummary'
  | 'ComplianceStanding'
  | 'School'
  | 'Person'
  | 'Policy'
  | 'PolicyVersion'
  | 'Acknowledgement'
  | 'Campaign'
  | 'Delivery'
  | 'OutstandingRoster'
>;

// The driver's collections, typed with our string ids; `$inc` on map paths goes to them unchanged.
const standingsOf = (models: Pick<Models, 'ComplianceStanding'>) =>
  models.ComplianceStanding.collection as unknown as Collection<ComplianceStanding>;
const cellsOf = (models: Pick<Models, 'ComplianceSummary'>) =>
  models.ComplianceSummary.collection as unknown as Collection<ComplianceSummary>;

const timeZones = new WeakMap<object, string>();

/** The time zone (TIME_ZONE) whose days the summaries count in, bound to these models at start-up. */
export function bindSummaryTimeZone(models: Pick<Models, 'ComplianceSummary'>, timeZone: string): void {
  timeZones.set(models.ComplianceSummary, timeZone);
}

export const summaryTimeZone = (models: Pick<Models, 'ComplianceSummary'>): string =>
  timeZones.get(models.ComplianceSummary) ?? 'Europe/London';

export const standingId = (versionId: string, personId: string): string => `${versionId}:${personId}`;

export function cellId(versionId: string, keys: readonly string[], department: string | null): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([keys, department]))
    .digest('base64url')
    .slice(0, 22);
  return `${versionId}:${digest}`;
}

type Desired = Omit<ComplianceStanding, 'rev'>;
type PersonFields = Pick<Person, '_id' | 'membershipKeys' | 'department' | 'displayName' | 'active'>;
type AckFields = Pick<Acknowledgement, 'personId' | 'policyVersionId' | 'signedAt'>;
type DeliveryFields = Pick<Delivery, '_id' | 'personId' | 'policyVersionId' | 'dueAt'>;
type Card = Pick<Delivery, '_id' | 'dueAt'>;

/** Where the records say a person stands with a tracked version. */
function desiredStanding(
  tenantId: string,
  tracked: TrackedVersion,
  policyKeys: ReadonlySet<string>,
  person: PersonFields,
  signatures: ReadonlyMap<string, Date>,
  card: Card | undefined,
  timeZone: string,
): Desired {
  const versionId = tracked.acceptedIds[0]!;
  const personId = person._id.toString();
  const keys = person.active
    ? [...new Set(person.membershipKeys.filter((k) => policyKeys.has(k)))].sort()
    : [];
  const department = person.department?.trim() || null;
  let signed = false;
  let signedDay: string | null = null;
  for (const id of tracked.acceptedIds) {
    const at = signatures.get(`${id}:${personId}`);
    if (!at) continue;
    signed = true;
    signedDay = id === versionId ? dayKey(at, timeZone) : null;
    break;
  }
  return {
    _id: standingId(versionId, personId),
    tenantId,
    policyVersionId: new Types.ObjectId(versionId),
    personId: person._id,
    cell: keys.length > 0 ? cellId(versionId, keys, department) : null,
    keys,
    department,
    name: person.displayName,
    dueDay: dayKey(card?.dueAt ?? versionDueAt(tracked.version, timeZone), timeZone),
    deliveryId: card?._id ?? null,
    signed,
    signedDay,
  };
}

/** A standing as written: an unsigned one has no `signedDay` (see `claimStanding`). */
function asWritten(standing: Desired): Desired {
  if (standing.signed) return standing;
  const written: Desired = { ...standing };
  delete written.signedDay;
  return written;
}

// A null the database left out reads back as undefined.
const sameStanding = (a: Desired, b: Desired): boolean =>
  (a.cell ?? null) === (b.cell ?? null) &&
  (a.department ?? null) === (b.department ?? null) &&
  a.name === b.name &&
  a.dueDay === b.dueDay &&
  String(a.deliveryId ?? null) === String(b.deliveryId ?? null) &&
  a.signed === b.signed &&
  (a.signedDay ?? null) === (b.signedDay ?? null) &&
  a.keys.join('\n') === b.keys.join('\n');

/**
 * How the outstanding roster lists a standing, or null when it is not outstanding. Signing takes no
 * one off the roster (a page skips whoever its read of the standing finds signed); anyone who
 * becomes outstanding, or moves, has the roster rebuilt.
 */
const rosterEntry = (s: Desired): string | null =>
  s.cell && !s.signed ? JSON.stringify([s.name, s.department ?? null, s.keys]) : null;

interface CellDelta {
  meta: Pick<ComplianceSummary, 'tenantId' | 'policyVersionId'> & Pick<SummaryCell, 'keys' | 'department'>;
  inc: Map<string, number>;
}

/** What a standing adds to its cell. */
function contribution(standing: Desired): [string, number][] {
  if (!standing.cell) return [];
  const parts: [string, number][] = [['eligible', 1]];
  if (!standing.signed) parts.push([`unsignedByDue.${standing.dueDay}`, 1]);
  else if (standing.signedDay) parts.push(['signed', 1], [`signedByDay.${standing.signedDay}`, 1]);
  else parts.push(['signed', 1], ['carriedOver', 1]);
  return parts;
}

function addContribution(deltas: Map<string, CellDelta>, standing: Desired, sign: 1 | -1): void {
  if (!standing.cell) return;
  const delta = deltas.get(standing.cell) ?? {
    meta: {
      tenantId: standing.tenantId,
      policyVersionId: standing.policyVersionId,
      keys: standing.keys,
      department: standing.department ?? null,
    },
    inc: new Map<string, number>(),
  };
  for (const [field, n] of contribution(standing))
    delta.inc.set(field, (delta.inc.get(field) ?? 0) + sign * n);
  deltas.set(standing.cell, delta);
}

/** The version's summary document and the cell's key in it, from a standing's `cell`. */
function cellPlace(cell: string): { summaryId: string; key: string } {
  const colon = cell.indexOf(':');
  return { summaryId: cell.slice(0, colon), key: cell.slice(colon + 1) };
}

/**
 * Adds the differences to the cells: one update of each version's summary document by `_id` (made
 * when missing), `$inc` on its cells' counts; each cell's keys and department, which its key is a
 * hash of, are set with it.
 */
async function applyDeltas(
  models: Pick<Models, 'ComplianceSummary'>,
  deltas: Map<string, CellDelta>,
): Promise<void> {
  const bySummary = new Map<
    string,
    { meta: CellDelta['meta']; inc: Record<string, number>; set: Record<string, unknown> }
  >();
  for (const [id, { meta, inc }] of deltas) {
    const fields = [...inc].filter(([, n]) => n !== 0);
    if (fields.length === 0) continue;
    const { summaryId, key } = cellPlace(id);
    const update = bySummary.get(summaryId) ?? { meta, inc: {}, set: {} };
    for (const [field, n] of fields) update.inc[`cells.${key}.${field}`] = n;
    update.set[`cells.${key}.keys`] = meta.keys;
    update.set[`cells.${key}.department`] = meta.department;
    bySummary.set(summaryId, update);
  }
  const operations: AnyBulkWriteOperation<ComplianceSummary>[] = [...bySummary].map(
    ([_id, { meta, inc, set }]) => ({
      updateOne: {
        filter: { _id },
        update: {
          $inc: inc,
          $set: set,
          $setOnInsert: { tenantId: meta.tenantId, policyVersionId: meta.policyVersionId },
        },
        upsert: true,
      },
    }),
  );
  if (operations.length > 0) await cellsOf(models).bulkWrite(operations, { ordered: false });
}

/**
 * Counts a signature just recorded: one conditional update of the signer's standing (unsigned →
 * signed) and one `$inc` of their cell. A repeated signature, or one whose standing was never
 * counted, goes through the full reconciliation instead.
 */
export async function countSignature(
  models: SummaryModels,
  signature: { tenantId: string; policyVersionId: Types.ObjectId; personId: Types.ObjectId; signedAt: Date },
): Promise<void> {
  const versionId = signature.policyVersionId.toString();
  const signedDay = dayKey(signature.signedAt, summaryTimeZone(models));
  const before = await standingsOf(models).findOneAndUpdate(
    {
      _id: standingId(versionId, signature.personId.toString()),
      signed: false,
      cell: { $ne: null },
      superseded: { $ne: true },
    },
    { $set: { signed: true, signedDay }, $inc: { rev: 1 } },
    { returnDocument: 'before' },
  );
  if (!before) {
    // Already counted, never counted, or the version was replaced meanwhile (a later version may
    // accept this signature): bring all of this person's current standings in line.
    await reconcileStandings(models, signature.tenantId, { personIds: [signature.personId], touch: true });
    return;
  }
  await countFlip(models, before, signedDay);
}

/** A signer's standing claimed by signing's fast path (`claimStanding`). */
export interface StandingClaim {
  /** The signature was recorded: adds its difference to the signer's cell (one `$inc`). */
  counted(): Promise<void>;
  /** The signature was not recorded: puts the standing back as it was, unless it moved meanwhile. */
  release(): Promise<void>;
}

type ClaimedSignature = Parameters<typeof countSignature>[1];

/**
 * Signing's fast path: marks the signer's standing with this version signed, before the signature
 * is written, in one update of the standing by `_id` alone: the one filter the embedded database
 * answers from an index (any other condition in it makes FerretDB decode every standing, 31,000 at
 * 10,000 people). The update leaves a standing that is already signed as it was (`signed` stays
 * true, and `$min` keeps the day it was signed: an unsigned standing has no `signedDay`, so `$min`
 * sets it), and the standing as it was before says whether this was the claim: it was unsigned,
 * counted in a cell (the version applies to them) and not superseded (it is still the policy's
 * current version: publishing marks the earlier versions' standings first). So the one update is
 * both the check that they may sign and the count. A standing that may not be claimed this way is
 * put back; undefined then, and when there is no standing: signing reads the policy itself and
 * counts through `countSignature`.
 */
export async function claimStanding(
  models: SummaryModels,
  signature: ClaimedSignature,
): Promise<StandingClaim | undefined> {
  const signedDay = dayKey(signature.signedAt, summaryTimeZone(models));
  const before = await standingsOf(models).findOneAndUpdate(
    { _id: standingId(signature.policyVersionId.toString(), signature.personId.toString()) },
    { $set: { signed: true }, $min: { signedDay }, $inc: { rev: 1 } },
    { returnDocument: 'before' },
  );
  if (!before || before.signed) return undefined;
  // Puts the standing back as it was, unless someone else moved it meanwhile (their change stands).
  const putBack = async (): Promise<boolean> => {
    const put = await standingsOf(models).updateOne(
      { _id: before._id, rev: before.rev + 1 },
      before.signedDay === undefined
        ? { $set: { signed: false }, $unset: { signedDay: '' }, $inc: { rev: 1 } }
        : { $set: { signed: false, signedDay: before.signedDay }, $inc: { rev: 1 } },
    );
    return put.modifiedCount > 0;
  };
  if (before.tenantId !== signature.tenantId || !before.cell || before.superseded) {
    await putBack();
    return undefined;
  }
  // Written before unsigned standings left `signedDay` out (the nightly rebuild rewrites them):
  // `$min` kept the null, so the day is set here.
  if (before.signedDay === null) {
    const set = await standingsOf(models).updateOne(
      { _id: before._id, rev: before.rev + 1 },
      { $set: { signedDay } },
    );
    if (set.modifiedCount === 0) return undefined;
  }
  return {
    counted: () => countFlip(models, before, signedDay),
    release: async () => {
      // A page may have taken them off the roster meanwhile, having read them signed.
      if (await putBack()) await buildRoster(models, before.policyVersionId.toString());
    },
  };
}

/** Adds a standing's move from unsigned to signed on this day to its cell. */
function countFlip(models: SummaryModels, before: ComplianceStanding, signedDay: string): Promise<void> {
  const deltas = new Map<string, CellDelta>();
  addContribution(deltas, before, -1);
  addContribution(deltas, { ...before, signed: true, signedDay }, 1);
  return applyDeltas(models, deltas);
}

/**
 * A version was published: the standings of the policy's earlier versions are marked superseded
 * first, so that a signature of one of them landing now takes the slow path, which counts it for
 * the new version too, and then the new version's standings are counted.
 */
export async function countVersion(
  models: SummaryModels,
  tenantId: string,
  versionId: Types.ObjectId,
): Promise<void> {
  const version = await models.PolicyVersion.findOne({ _id: versionId, tenantId })
    .select({ policyId: 1 })
    .lean<{ policyId: Types.ObjectId }>();
  if (!version) return;
  const earlier = await models.PolicyVersion.find({ policyId: version.policyId, _id: notEqual(versionId) })
    .select({ _id: 1 })
    .lean<{ _id: Types.ObjectId }[]>();
  if (earlier.length > 0) {
    await models.ComplianceStanding.updateMany(
      { policyVersionId: anyOf(earlier.map((v) => v._id)), superseded: notEqual(true) },
      { $set: { superseded: true } },
    );
  }
  await reconcileStandings(models, tenantId, { versionIds: [versionId.toString()] });
}

export interface ReconcileScope {
  /** Only these current versions (default: every current version of the tenant). */
  readonly versionIds?: readonly string[];
  /** Only these people (default: everyone eligible, and everyone already counted). */
  readonly personIds?: readonly Types.ObjectId[];
  /**
   * Rewrite a standing even when it is already right, so that a concurrent writer that read the
   * records before this event's change fails its conditional update and reads again. Events set it;
   * the rebuild, which carries no change of its own, does not.
   */
  readonly touch?: boolean;
  /** false: leave the rosters to the caller (the rebuild builds every one afterwards). */
  readonly rosters?: false;
}

const maxAttempts = 8;

/**
 * Brings the standings of people with the tenant's current versions in line with the records, and
 * the cells with the standings' difference. Returns how many standings changed.
 */
export async function reconcileStandings(
  models: SummaryModels,
  tenantId: string,
  scope: ReconcileScope = {},
): Promise<number> {
  let pending = scope.personIds;
  let changed = 0;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const result = await reconcileOnce(models, tenantId, { ...scope, personIds: pending });
    changed += result.changed;
    if (result.lost.length === 0) return changed;
    // Someone else moved these standings between our read and our write: read them again.
    pending = result.lost;
  }
  throw new Error('compliance standings kept changing under reconciliation');
}

async function reconcileOnce(
  models: SummaryModels,
  tenantId: string,
  scope: ReconcileScope,
): Promise<{ changed: number; lost: Types.ObjectId[] }> {
  const timeZone = summaryTimeZone(models);
  const wanted = scope.versionIds ? new Set(scope.versionIds) : null;
  const tracked = (await loadCurrentVersions(models, tenantId)).filter(
    (t) => !wanted || wanted.has(t.acceptedIds[0]!),
  );
  if (tracked.length === 0 || scope.personIds?.length === 0) return { changed: 0, lost: [] };
  const versionIds = tracked.map((t) => t.acceptedIds[0]!);
  // The standings are read before the records they are computed from (see the note at the top).
  const stored = await readStandings(models, versionIds, scope.personIds);
  const schools = await loadSchools(models, tenantId);
  const keysOf = new Map(
    tracked.map((t) => [t.acceptedIds[0]!, new Set(audienceKeys(t.policy, schools, { kind: 'trust' }))]),
  );
  const people = await readPeople(
    models,
    tenantId,
    [...keysOf.values()].flatMap((k) => [...k]),
    stored,
    scope.personIds,
  );
  const personIds = people.map((p) => p._id);
  const signatures = await readSignatures(
    models,
    tracked.flatMap((t) => t.acceptedIds),
    scope.personIds && personIds,
  );
  const dues = await readDues(models, versionIds, scope.personIds && personIds);

  const deltas = new Map<string, CellDelta>();
  const inserts: Desired[] = [];
  const updates: { from: ComplianceStanding; to: Desired }[] = [];
  for (const t of tracked) {
    const versionId = t.acceptedIds[0]!;
    for (const person of people) {
      const id = standingId(versionId, person._id.toString());
      const due = dues.get(id);
      const to = desiredStanding(tenantId, t, keysOf.get(versionId)!, person, signatures, due, timeZone);
      const from = stored.get(id);
      if (!from) {
        if (to.cell || to.signed) inserts.push(to);
      } else if (scope.touch || !sameStanding(from, to) || (!from.signed && from.signedDay === null)) {
        // (A stored null on an unsigned standing is from before they left `signedDay` out.)
        updates.push({ from, to });
      }
    }
  }
  const lost: Types.ObjectId[] = [];
  // Versions whose roster lacks someone now outstanding (or has them under another name or place).
  const rosters = new Set<string>();
  const listed = (from: Desired | undefined, to: Desired): void => {
    const entry = rosterEntry(to);
    if (entry !== null && entry !== (from && rosterEntry(from))) rosters.add(to.policyVersionId.toString());
  };
  if (inserts.length > 0) {
    const refused = await insertStandings(models, inserts);
    for (const standing of inserts) {
      if (refused.has(standing._id)) lost.push(standing.personId);
      else {
        addContribution(deltas, standing, 1);
        listed(undefined, standing);
      }
    }
  }
  for (let i = 0; i < updates.length; i += 50) {
    await Promise.all(
      updates.slice(i, i + 50).map(async ({ from, to }) => {
        const { _id, ...fields } = asWritten(to);
        const result = await standingsOf(models).updateOne(
          { _id, rev: from.rev },
          { $set: fields, $inc: { rev: 1 }, ...(to.signed ? {} : { $unset: { signedDay: '' } }) },
        );
        if (result.matchedCount === 0) {
          lost.push(to.personId);
          return;
        }
        addContribution(deltas, from, -1);
        addContribution(deltas, to, 1);
        listed(from, to);
      }),
    );
  }
  await applyDeltas(models, deltas);
  if (scope.rosters !== false) await buildRosters(models, [...rosters]);
  const changedCount = inserts.length + updates.filter((u) => !sameStanding(u.from, u.to)).length;
  return { changed: changedCount, lost: [...new Map(lost.map((id) => [id.toString(), id])).values()] };
}

async function readStandings(
  models: Pick<Models, 'ComplianceStanding'>,
  versionIds: readonly string[],
  personIds: readonly Types.ObjectId[] | undefined,
): Promise<Map<string, ComplianceStanding>> {
  const filter = personIds
    ? { _id: anyOf(versionIds.flatMap((v) => personIds.map((p) => standingId(v, p.toString())))) }
    : { policyVersionId: anyOf(versionIds.map((id) => new Types.ObjectId(id))) };
  const found = await models.ComplianceStanding.find(filter)
    .batchSize(scanBatch)
    .lean<ComplianceStanding[]>();
  return new Map(found.map((s) => [s._id, s]));
}

const personFields = { membershipKeys: 1, department: 1, displayName: 1, active: 1 } as const;

async function readPeople(
  models: Pick<Models, 'Person'>,
  tenantId: string,
  keys: readonly string[],
  stored: ReadonlyMap<string, ComplianceStanding>,
  personIds: readonly Types.ObjectId[] | undefined,
): Promise<PersonFields[]> {
  if (personIds) {
    return models.Person.find({ _id: anyOf(personIds), tenantId })
      .select(personFields)
      .batchSize(scanBatch)
      .lean<PersonFields[]>();
  }
  const eligible =
    keys.length === 0
      ? []
      : await models.Person.find({ tenantId, active: true, membershipKeys: anyOf(new Set(keys)) })
          .select(personFields)
          .batchSize(scanBatch)
          .lean<PersonFields[]>();
  // People counted before who are no longer eligible (leavers, moves) must be taken out.
  const seen = new Set(eligible.map((p) => p._id.toString()));
  const others = [...new Set([...stored.values()].map((s) => s.personId.toString()))].filter(
    (id) => !seen.has(id),
  );
  const formerly =
    others.length === 0
      ? []
      : await models.Person.find({ _id: anyOf(others.map((id) => new Types.ObjectId(id))) })
          .select(personFields)
          .batchSize(scanBatch)
          .lean<PersonFields[]>();
  return [...eligible, ...formerly];
}

/** "<versionId>:<personId>" → when they signed it. */
async function readSignatures(
  models: Pick<Models, 'Acknowledgement'>,
  versionIds: readonly string[],
  personIds: readonly Types.ObjectId[] | undefined,
): Promise<Map<string, Date>> {
  const acks = await models.Acknowledgement.find({
    ...(personIds ? { personId: anyOf(personIds) } : {}),
    policyVersionId: anyOf([...new Set(versionIds)].map((id) => new Types.ObjectId(id))),
  })
    .select({ _id: 0, personId: 1, policyVersionId: 1, signedAt: 1 })
    .batchSize(scanBatch)
    .lean<AckFields[]>();
  return new Map(acks.map((a) => [`${a.policyVersionId.toString()}:${a.personId.toString()}`, a.signedAt]));
}

/** "<versionId>:<personId>" → their card (its id and due date). */
async function readDues(
  models: Pick<Models, 'Campaign' | 'Delivery'>,
  versionIds: readonly string[],
  personIds: readonly Types.ObjectId[] | undefined,
): Promise<Map<string, Card>> {
  const versions = versionIds.map((id) => new Types.ObjectId(id));
  let deliveries: DeliveryFields[];
  if (personIds) {
    deliveries = await models.Delivery.find({ personId: anyOf(personIds), policyVersionId: anyOf(versions) })
      .select({ _id: 1, personId: 1, policyVersionId: 1, dueAt: 1 })
      .batchSize(scanBatch)
      .lean<DeliveryFields[]>();
  } else {
    // By campaign: deliveries are indexed by campaign on MongoDB.
    const campaigns = await models.Campaign.find({ policyVersionId: anyOf(versions) })
      .select({ _id: 1 })
      .lean<Pick<Campaign, '_id'>[]>();
    deliveries =
      campaigns.length === 0
        ? []
        : await models.Delivery.find({ campaignId: anyOf(campaigns.map((c) => c._id)) })
            .select({ _id: 1, personId: 1, policyVersionId: 1, dueAt: 1 })
            .batchSize(scanBatch)
            .lean<DeliveryFields[]>();
  }
  return new Map(deliveries.map((d) => [`${d.policyVersionId.toString()}:${d.personId.toString()}`, d]));
}

/**
 * Standings inserted per write: the embedded database serves one request at a time, and one insert of
 * a whole trust's standings held it long enough for the driver's monitor to give up on the connection.
 */
const insertBatch = 1_000;

/** Inserts new standings, a batch at a time; returns the ids another writer created first. */
async function insertStandings(
  models: Pick<Models, 'ComplianceStanding'>,
  standings: Desired[],
): Promise<Set<string>> {
  const refused = new Set<string>();
  for (let start = 0; start < standings.length; start += insertBatch) {
    const batch = standings.slice(start, start + insertBatch);
    try {
      await standingsOf(models).insertMany(
        batch.map((s) => ({ ...asWritten(s), rev: 1 })),
        { ordered: false },
      );
    } catch (error) {
      const writeErrors = (
        error as { writeErrors?: { index: number; code?: number }[] | { index: number; code?: number } }
      ).writeErrors;
      const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
      if (list.length === 0 || list.some((e) => e.code !== 11000)) throw error;
      for (const e of list) refused.add(batch[e.index]!._id);
    }
  }
  return refused;
}

/**
 * The rebuild: every standing of every current version set from the records, then every cell set to
 * the sum of its standings (a difference left by a process that died mid-event is put right).
 * Returns how many standings and cells it corrected.
 */
export async function rebuildComplianceSummaries(
  models: SummaryModels,
  tenantId: string,
  now: () => Date = () => new Date(),
): Promise<{ standings: number; cells: number }> {
  const startedAt = now();
  const corrected = await rebuildTenant(models, tenantId);
  await rebuildsOf(models).updateOne({ _id: tenantId }, { $set: { at: startedAt } }, { upsert: true });
  return corrected;
}

/**
 * When each tenant's summaries were last rebuilt, by whatever did it (the nightly job, `npm run
 * summaries:rebuild`, a benchmark): the moment the rebuild began, since a change made during it was
 * counted by `$inc` as usual. One small document per tenant, read and written by `_id`.
 */
interface SummaryRebuild {
  _id: string;
  at: Date;
}
const rebuildsOf = (models: Pick<Models, 'ComplianceSummary'>) =>
  models.ComplianceSummary.db.collection<SummaryRebuild>(
    'compliance_rebuilds',
  ) as unknown as Collection<SummaryRebuild>;

/** When this tenant's summaries were last rebuilt; undefined if never. */
export async function lastSummaryRebuild(
  models: Pick<Models, 'ComplianceSummary'>,
  tenantId: string,
): Promise<Date | undefined> {
  return (await rebuildsOf(models).findOne({ _id: tenantId }))?.at ?? undefined;
}

async function rebuildTenant(
  models: SummaryModels,
  tenantId: string,
): Promise<{ standings: number; cells: number }> {
  const standings = await reconcileStandings(models, tenantId, { rosters: false });
  const versionIds = (await loadCurrentVersions(models, tenantId)).map((t) => t.version._id);
  if (versionIds.length === 0) return { standings, cells: 0 };
  // Fresh rosters, without the people who have signed since the last ones, from the same read of
  // the standings as the cells are checked against (on the embedded database each read is a pass
  // over every standing).
  let all: ComplianceStanding[] = [];
  await buildRosters(
    models,
    versionIds.map((id) => id.toString()),
    async () =>
      (all = await models.ComplianceStanding.find({ policyVersionId: anyOf(versionIds) })
        .batchSize(scanBatch)
        .lean<ComplianceStanding[]>()),
  );
  const expected = new Map<string, CellDelta>();
  for (const standing of all) addContribution(expected, standing, 1);
  const have = new Map(
    (await loadSummaries(models, versionIds, { empty: true })).map((cell) => [cell.id, cell]),
  );
  const deltas = new Map<string, CellDelta>();
  let corrected = 0;
  for (const id of new Set([...expected.keys(), ...have.keys()])) {
    const want = expected.get(id)?.inc ?? new Map<string, number>();
    const cell = have.get(id);
    const stored = flatCounts(cell);
    const inc = new Map<string, number>();
    for (const field of new Set([...want.keys(), ...stored.keys()])) {
      const difference = (want.get(field) ?? 0) - (stored.get(field) ?? 0);
      if (difference !== 0) inc.set(field, difference);
    }
    if (inc.size === 0) continue;
    corrected += 1;
    const meta = expected.get(id)?.meta ?? {
      tenantId,
      policyVersionId: cell!.policyVersionId,
      keys: cell!.keys,
      department: cell!.department ?? null,
    };
    deltas.set(id, { meta, inc });
  }
  await applyDeltas(models, deltas);
  // The summaries an older Conduct kept, one document per cell, are replaced by the ones above.
  await models.ComplianceSummary.deleteMany({
    policyVersionId: anyOf(versionIds),
    cells: { $exists: false },
  });
  return { standings, cells: corrected };
}

/** A cell's counts as the field paths `$inc` names. */
function flatCounts(cell: SummaryCell | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  if (!cell) return counts;
  for (const field of ['eligible', 'signed', 'carriedOver'] as const)
    if (cell[field]) counts.set(field, cell[field]);
  for (const map of ['unsignedByDue', 'signedByDay'] as const) {
    for (const [day, n] of Object.entries(cell[map] ?? {})) if (n) counts.set(`${map}.${day}`, n);
  }
  return counts;
}

/** A cell of a version's summary, with where it is (`id`: the standings' `cell`). */
export type LoadedCell = SummaryCell & { id: string; policyVersionId: Types.ObjectId };

/**
 * The cells of these versions with anyone in them (`empty`: all of them): each version's summary
 * read by `_id`, one read each (an `$in`, even on `_id`, reads the whole collection on the embedded
 * database).
 */
export async function loadSummaries(
  models: Pick<Models, 'ComplianceSummary'>,
  versionIds: readonly Types.ObjectId[],
  options: { empty?: boolean } = {},
): Promise<LoadedCell[]> {
  const summaries = await Promise.all(
    versionIds.map((id) => models.ComplianceSummary.findById(id.toString()).lean<ComplianceSummary>().exec()),
  );
  return summaries.flatMap((summary) =>
    Object.entries(summary?.cells ?? {}).flatMap(([key, cell]) =>
      options.empty || cell.eligible > 0
        ? [{ ...cell, id: `${summary!._id}:${key}`, policyVersionId: summary!.policyVersionId }]
        : [],
    ),
  );
}

/** What the outstanding list shows: the unsigned with a key in view, and the department and name asked for. */
export interface OutstandingSelection {
  readonly versionId: string;
  readonly keys: readonly string[];
  /** null: people with no department recorded; undefined: any. */
  readonly department?: string | null | undefined;
  readonly q?: string | undefined;
}

function selectionFilter(selection: OutstandingSelection): Record<string, unknown> {
  return {
    policyVersionId: new Types.ObjectId(selection.versionId),
    signed: false,
    keys: anyOf(selection.keys),
    ...(selection.department !== undefined ? { department: selection.department } : {}),
    ...(selection.q ? { name: containing(selection.q) } : {}),
  };
}

/** Standings by `_id`, one read each (the one filter the embedded database serves from an index); null where none. */
export function standingsByIds(
  models: Pick<Models, 'ComplianceStanding'>,
  ids: readonly string[],
): Promise<(ComplianceStanding | null)[]> {
  return Promise.all(
    ids.map((id) => models.ComplianceStanding.findById(id).lean<ComplianceStanding>().exec()),
  );
}

/**
 * How many are outstanding for the selection, and the departments it covers, from the summaries (a
 * search by name counts the matching standings instead).
 */
export async function countOutstanding(
  models: Pick<Models, 'ComplianceSummary' | 'ComplianceStanding'>,
  selection: OutstandingSelection,
): Promise<{ total: number; departments: string[] }> {
  const inView = new Set(selection.keys);
  const cells = (await loadSummaries(models, [new Types.ObjectId(selection.versionId)])).filter((cell) =>
    cell.keys.some((key) => inView.has(key)),
  );
  const departments = [...new Set(cells.flatMap((cell) => (cell.department ? [cell.department] : [])))].sort(
    (a, b) => a.localeCompare(b, 'en-GB'),
  );
  const total = selection.q
    ? await models.ComplianceStanding.countDocuments(selectionFilter(selection))
    : cells
        .filter(
          (cell) => selection.department === undefined || (cell.department ?? null) === selection.department,
        )
        .reduce((sum, cell) => sum + Object.values(cell.unsignedByDue ?? {}).reduce((a, n) => a + n, 0), 0);
  return { total, departments };
}

/** People by id, with the fields asked for. */
export function peopleByIds<T>(
  models: Pick<Models, 'Person'>,
  ids: readonly Types.ObjectId[],
  fields: Record<string, 1>,
): Promise<T[]> {
  return models.Person.find({ _id: anyOf(ids) })
    .select(fields)
    .lean<T[]>()
    .exec();
}

/** People by id, one read each, with the fields asked for (a page's worth: `$in` would scan on the embedded database). */
export function eachPerson<T>(
  models: Pick<Models, 'Person'>,
  ids: readonly Types.ObjectId[],
  fields: Record<string, 1>,
): Promise<(T | null)[]> {
  return Promise.all(ids.map((id) => models.Person.findById(id).select(fields).lean<T>().exec()));
}

/** Cards by id, one read each, with the fields asked for; null where there is no id or no card. */
export function eachCard<T>(
  models: Pick<Models, 'Delivery'>,
  ids: readonly (Types.ObjectId | null | undefined)[],
  fields: Record<string, 1>,
): Promise<(T | null)[]> {
  return Promise.all(
    ids.map((id) =>
      id ? models.Delivery.findById(id).select(fields).lean<T>().exec() : Promise.resolve(null),
    ),
  );
}

/** The campaign of each tracked version, if it has one. */
export async function loadCampaigns(
  models: Pick<Models, 'Campaign'>,
  tracked: readonly TrackedVersion[],
): Promise<{ campaignOf: Map<string, string> }> {
  const campaigns = await models.Campaign.find({ policyVersionId: anyOf(tracked.map((t) => t.version._id)) })
    .select({ _id: 1, policyVersionId: 1 })
    .lean<Pick<Campaign, '_id' | 'policyVersionId'>[]>();
  return { campaignOf: new Map(campaigns.map((c) => [c.policyVersionId.toString(), c._id.toString()])) };
}

/** Every tenant with a policy: whose summaries the rebuild recounts. */
export async function summarisedTenants(models: Pick<Models, 'Policy'>): Promise<string[]> {
  return (await models.Policy.distinct<'tenantId', string>('tenantId')).sort();
}

// The reads the overview, the outstanding lists, the exports and the evidence pack make of the
// records the figures are computed from (schools, policies, people, signatures, cards, incidents).

const policyFields = {
  title: 1,
  audiences: 1,
  scope: 1,
  schoolIds: 1,
  currentVersionId: 1,
  review: 1,
} as const;
const versionFields = {
  policyId: 1,
  label: 1,
  publishedAt: 1,
  nextReviewDate: 1,
  dueDays: 1,
  acceptsSignaturesOf: 1,
  contentHash: 1,
} as const;

export async function loadSchools(
  models: Pick<Models, 'School'>,
  tenantId: string,
): Promise<Map<string, SchoolRef>> {
  const schools = await models.School.find({ tenantId })
    .sort({ name: 1 })
    .select({ name: 1, code: 1 })
    .lean<Pick<School, '_id' | 'name' | 'code'>[]>();
  return new Map(
    schools.map((s) => [s._id.toString(), { id: s._id.toString(), name: s.name, code: s.code }]),
  );
}

/** The current version of every live policy of the tenant, in title order. */
export async function loadCurrentVersions(
  models: Pick<Models, 'Policy' | 'PolicyVersion'>,
  tenantId: string,
): Promise<TrackedVersion[]> {
  const policies = await models.Policy.find({
    tenantId,
    archivedAt: null,
    currentVersionId: notEqual(null),
  })
    .sort({ title: 1 })
    .select(policyFields)
    .lean<PolicyFields[]>();
  const versions = await models.PolicyVersion.find({
    _id: anyOf(policies.map((p) => p.currentVersionId)),
    status: 'published',
  })
    .select(versionFields)
    .lean<VersionFields[]>();
  const byId = new Map(versions.map((v) => [v._id.toString(), v]));
  return policies.flatMap((policy) => {
    const version = byId.get(policy.currentVersionId?.toString() ?? '');
    return version ? [tracked(policy, version)] : [];
  });
}

/** One published version of the tenant with its policy, or null. */
export async function loadPublishedVersion(
  models: Pick<Models, 'Policy' | 'PolicyVersion'>,
  tenantId: string,
  versionId: string,
): Promise<TrackedVersion | null> {
  const version = await models.PolicyVersion.findOne({ _id: versionId, tenantId, status: 'published' })
    .select(versionFields)
    .lean<VersionFields>();
  if (!version) return null;
  const policy = await models.Policy.findOne({ _id: version.policyId, tenantId })
    .select(policyFields)
    .lean<PolicyFields>();
  return policy ? tracked(policy, version) : null;
}

const tracked = (policy: PolicyFields, version: VersionFields): TrackedVersion => ({
  policy,
  version,
  acceptedIds: [version._id.toString(), ...version.acceptsSignaturesOf.map((id) => id.toString())],
});

/** Active people holding one of the keys, with the fields asked for (always _id, membershipKeys, department). */
export function findEligible<T extends EligibleFields>(
  models: Pick<Models, 'Person'>,
  tenantId: string,
  keys: readonly string[],
  extra: { filter?: FilterQuery<Person>; fields?: Record<string, 1>; sort?: Record<string, 1 | -1> } = {},
): Promise<T[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return models.Person.find({
    ...extra.filter,
    tenantId,
    active: true,
    membershipKeys: anyOf(keys),
  })
    .sort(extra.sort ?? { _id: 1 })
    .select({ membershipKeys: 1, department: 1, ...extra.fields })
    .lean<T[]>()
    .exec();
}

/** Every signature on the versions, by version and person. */
export async function loadSignatures(
  models: Pick<Models, 'Acknowledgement'>,
  versionIds: readonly string[],
  options: { names?: boolean } = {},
): Promise<SignatureIndex> {
  const signatures = await models.Acknowledgement.find({
    policyVersionId: anyOf(new Set(versionIds)),
  })
    .select({
      _id: 0,
      personId: 1,
      policyVersionId: 1,
      signedAt: 1,
      ...(options.names ? { signedName: 1, jobTitle: 1 } : {}),
    })
    .lean<Pick<Acknowledgement, 'personId' | 'policyVersionId' | 'signedAt' | 'signedName' | 'jobTitle'>[]>();
  const index: SignatureIndex = new Map();
  for (const { personId, policyVersionId, ...record } of signatures) {
    const key = policyVersionId.toString();
    const people = index.get(key) ?? new Map<string, SignatureRecord>();
    people.set(personId.toString(), record);
    index.set(key, people);
  }
  return index;
}

/** The due date of every card of the versions' campaigns, and each version's campaign. */
export async function loadDueDates(
  models: Pick<Models, 'Campaign' | 'Delivery'>,
  versionIds: readonly string[],
): Promise<{ dues: DueIndex; campaignOf: Map<string, string> }> {
  const campaigns = await models.Campaign.find({ policyVersionId: anyOf(versionIds) })
    .select({ _id: 1, policyVersionId: 1 })
    .lean<Pick<Campaign, '_id' | 'policyVersionId'>[]>();
  const campaignOf = new Map(campaigns.map((c) => [c.policyVersionId.toString(), c._id.toString()]));
  const dues: DueIndex = new Map();
  if (campaigns.length === 0) return { dues, campaignOf };
  // By campaign, not by version: deliveries are indexed by campaign on a real MongoDB.
  // Only the unsigned need a due date, and signing stamps the card with signedAt.
  const deliveries = await models.Delivery.find({
    campaignId: anyOf(campaigns.map((c) => c._id)),
    signedAt: unset(),
  })
    .select({ _id: 0, personId: 1, policyVersionId: 1, dueAt: 1 })
    .lean<Pick<Delivery, 'personId' | 'policyVersionId' | 'dueAt'>[]>();
  for (const d of deliveries) {
    const key = d.policyVersionId.toString();
    const people = dues.get(key) ?? new Map<string, Date>();
    people.set(d.personId.toString(), d.dueAt);
    dues.set(key, people);
  }
  return { dues, campaignOf };
}

/** A published version of the tenant, whole, with what the evidence pack needs of its policy; null if there is none. */
export async function evidenceVersion(
  models: Pick<Models, 'Policy' | 'PolicyVersion'>,
  tenantId: string,
  versionId: string,
): Promise<{
  version: PolicyVersion;
  policy: Pick<Policy, 'title' | 'currentVersionId' | 'scope' | 'schoolIds'>;
} | null> {
  const version = await models.PolicyVersion.findOne({
    _id: versionId,
    tenantId,
    status: 'published',
  }).lean<PolicyVersion>();
  if (!version) return null;
  const policy = await models.Policy.findOne({ _id: version.policyId, tenantId })
    .select({ title: 1, currentVersionId: 1, scope: 1, schoolIds: 1 })
    .lean<Pick<Policy, 'title' | 'currentVersionId' | 'scope' | 'schoolIds'>>();
  return policy ? { version, policy } : null;
}

/** Each version's label, by id. */
export async function versionLabels(
  models: Pick<Models, 'PolicyVersion'>,
  ids: readonly unknown[],
): Promise<Map<string, string>> {
  const versions = await models.PolicyVersion.find({ _id: anyOf(ids) })
    .select({ label: 1 })
    .lean<Pick<PolicyVersion, '_id' | 'label'>[]>();
  return new Map(versions.map((v) => [v._id.toString(), v.label]));
}

export type EvidenceSignatureFields = Pick<
  Acknowledgement,
  'personId' | 'policyVersionId' | 'signedName' | 'jobTitle' | 'signedAt' | 'via' | 'readWith'
>;

/** Every signature on the versions, first signed first, as the evidence pack lists them. */
export function signaturesInOrder(
  models: Pick<Models, 'Acknowledgement'>,
  versionIds: readonly unknown[],
): Promise<EvidenceSignatureFields[]> {
  return models.Acknowledgement.find({ policyVersionId: anyOf(versionIds) })
    .select({ personId: 1, policyVersionId: 1, signedName: 1, jobTitle: 1, signedAt: 1, via: 1, readWith: 1 })
    .sort({ signedAt: 1 })
    .lean<EvidenceSignatureFields[]>()
    .exec();
}

/** Most lines one incident export holds; narrower filters give the rest. */
const maxIncidentRows = 20_000;

/** The incidents matching a filter, newest first, without any sealed or written content. */
export function incidentsToExport(
  models: Pick<Models, 'Incident'>,
  filter: FilterQuery<Incident>,
): Promise<Incident[]> {
  return models.Incident.find(filter)
    .sort({ reportedAt: -1, _id: -1 })
    .limit(maxIncidentRows)
    .select({ sealedNarrative: 0, sealedOutcome: 0, fields: 0, timeline: 0 })
    .lean<Incident[]>()
    .exec();
}
