import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Types } from 'mongoose';
import { before as below, between } from '../store/filters';
import type { Models } from '../store/models';
import { isDuplicateKey } from '../store/duplicate-key';
import { auditKeyOf } from './key';
import { auditEventId, type AuditCheckpoint, type AuditEvent, type AuditHead } from './model';

export interface NewAuditEvent {
  tenantId: string;
  actorId?: Types.ObjectId | undefined;
  action: string;
  subject: { kind: string; id: string };
  /** Never personal narrative or safeguarding text: ids, codes and counts only. */
  details?: Record<string, string | number | boolean | null> | undefined;
  at: Date;
}

const genesis = 'genesis';
const macPrefix = 'hmac-sha256:';
const maxAttempts = 50;
type AuditModels = Pick<Models, 'AuditEvent' | 'AuditHead'>;

/** Appends within this process go one at a time per tenant, so they do not race each other. */
const inProcess = new Map<string, Promise<unknown>>();

interface KnownHead {
  seq: number;
  hash: string;
}

/** Where this process's last append left each tenant's head, so the next append need not read it. */
const knownHeads = new WeakMap<object, Map<string, KnownHead>>();

function knownHeadsOf(models: AuditModels): Map<string, KnownHead> {
  let heads = knownHeads.get(models.AuditHead);
  if (!heads) {
    heads = new Map();
    knownHeads.set(models.AuditHead, heads);
  }
  return heads;
}

/**
 * Appends an event to its tenant's chain: insert the event under the next number (its _id, unique),
 * then move the head on with a conditional update that also re-seals it. The head is read (a third
 * operation) only when this process does not know where its own last append left it. A writer in
 * another process that took the number first makes this one move the head to that event and try
 * again; a writer that died between the two writes is repaired the same way.
 */
export function appendAuditEvent(models: AuditModels, event: NewAuditEvent): Promise<AuditEvent> {
  const previous = inProcess.get(event.tenantId) ?? Promise.resolve();
  const appended = previous.catch(() => undefined).then(() => appendNow(models, event));
  inProcess.set(event.tenantId, appended);
  void appended
    .finally(() => {
      if (inProcess.get(event.tenantId) === appended) inProcess.delete(event.tenantId);
    })
    .catch(() => undefined);
  return appended;
}

async function appendNow(models: AuditModels, event: NewAuditEvent): Promise<AuditEvent> {
  const key = auditKeyOf(models);
  const known = knownHeadsOf(models);
  for (let attempt = 1; ; attempt += 1) {
    const remembered = known.get(event.tenantId);
    // Forgotten until this append succeeds: any failure makes the next one read the head.
    known.delete(event.tenantId);
    const head = remembered ?? (await readHead(models, event.tenantId));
    const seq = head.seq + 1;
    const hash = eventMac(key, head.hash, seq, event);
    const id = auditEventId(event.tenantId, seq);
    let created: AuditEvent;
    try {
      created = (
        await models.AuditEvent.create({ ...event, _id: id, seq, prevHash: head.hash, hash })
      ).toObject();
    } catch (error) {
      if (!isDuplicateKey(error) || attempt >= maxAttempts) throw error;
      const taken = await models.AuditEvent.findById(id).lean<AuditEvent>();
      if (taken) await advanceHead(models, key, event.tenantId, head.seq, seq, taken.hash);
      continue;
    }
    const moved = await advanceHead(models, key, event.tenantId, head.seq, seq, hash);
    if (!moved && remembered && !(await headCaughtUp(models, key, event.tenantId, remembered, seq, hash))) {
      // The event before is not the one this process remembered (the trail was restored from a
      // copy, say): the event just written is chained to nothing, so it is taken back and written again.
      await models.AuditEvent.collection.deleteOne({ _id: id as never, hash });
      continue;
    }
    known.set(event.tenantId, { seq, hash });
    return created;
  }
}

async function readHead(models: AuditModels, tenantId: string): Promise<KnownHead> {
  return (await models.AuditHead.findById(tenantId).lean<AuditHead>()) ?? { seq: 0, hash: genesis };
}

/**
 * The head was not where this process left it (a writer died between its two writes, or it was
 * rolled back). If the event before ours is the one remembered, ours is rightly chained: the head is
 * moved on to it, unless it is already further on. False when the event before is not the one
 * remembered.
 */
async function headCaughtUp(
  models: AuditModels,
  key: Buffer,
  tenantId: string,
  remembered: KnownHead,
  seq: number,
  hash: string,
): Promise<boolean> {
  if (remembered.seq > 0) {
    const before = await models.AuditEvent.findById(
      auditEventId(tenantId, remembered.seq),
    ).lean<AuditEvent>();
    if (before?.hash !== remembered.hash) return false;
  }
  await models.AuditHead.updateOne(
    { _id: tenantId, seq: below(seq) },
    { $set: { seq, hash, mac: headMac(key, tenantId, seq, hash) } },
  );
  return true;
}

/** Moves the head from one sequence number to the next; false when it was not at `from`. */
async function advanceHead(
  models: AuditModels,
  key: Buffer,
  tenantId: string,
  from: number,
  to: number,
  hash: string,
): Promise<boolean> {
  try {
    const result = await models.AuditHead.updateOne(
      { _id: tenantId, seq: from },
      { $set: { seq: to, hash, mac: headMac(key, tenantId, to, hash) } },
      { upsert: from === 0 },
    );
    return result.matchedCount + result.upsertedCount > 0;
  } catch (error) {
    // Another writer created the head first; the next append reads it.
    if (!isDuplicateKey(error)) throw error;
    return false;
  }
}

/** Why a chain does not verify; codes and numbers only, safe for a log line or a card. */
export type ChainProblem =
  | 'event-altered'
  | 'event-missing'
  | 'events-missing-from-end'
  | 'head-missing'
  | 'head-altered'
  | 'checkpoint-altered'
  | 'checkpoint-mismatch';

export type ChainVerification =
  { ok: true; events: number; lastHash: string } | { ok: false; brokenAt: number; problem: ChainProblem };

export const chainProblemText: Record<ChainProblem, string> = {
  'event-altered': 'an event was changed after it was written',
  'event-missing': 'an event is missing from the middle of the trail',
  'events-missing-from-end': 'events are missing from the end of the trail',
  'head-missing': 'the record of how long the trail is has been removed',
  'head-altered': 'the record of how long the trail is was changed without the key',
  'checkpoint-altered': 'a checkpoint of the trail was changed',
  'checkpoint-mismatch': 'the trail no longer matches a checkpoint taken earlier',
};

/**
 * Verifies a tenant's whole chain: every event's MAC and link, the head's seal and count, and every
 * checkpoint. Streams the events with a cursor in _id (= sequence) order, so memory stays flat
 * however long the trail is. Returns the first sequence number that does not verify.
 */
export async function verifyAuditChain(
  models: Pick<Models, 'AuditEvent' | 'AuditHead' | 'AuditCheckpoint'>,
  tenantId: string,
): Promise<ChainVerification> {
  const key = auditKeyOf(models);
  // The head is read first: appends that land while we stream only add events beyond it.
  const head = await models.AuditHead.findById(tenantId).lean<AuditHead>();
  const checkpoints = await models.AuditCheckpoint.find({ tenantId })
    .sort({ seq: 1 })
    .lean<AuditCheckpoint[]>();
  const expected = new Map<number, string>();
  for (const checkpoint of checkpoints) {
    if (!same(checkpoint.mac, checkpointMac(key, tenantId, checkpoint))) {
      return { ok: false, brokenAt: checkpoint.seq, problem: 'checkpoint-altered' };
    }
    expected.set(checkpoint.seq, checkpoint.hash);
  }

  let prevHash = genesis;
  let seq = 0;
  const cursor = models.AuditEvent.find({
    tenantId,
    _id: between(auditEventId(tenantId, 0), auditEventId(tenantId, 999_999_999_999)),
  })
    .sort({ _id: 1 })
    .lean<AuditEvent>()
    .cursor({ batchSize: 500 });
  for await (const stored of cursor as AsyncIterable<AuditEvent>) {
    seq += 1;
    if (stored.seq !== seq || stored._id !== auditEventId(tenantId, seq)) {
      return { ok: false, brokenAt: seq, problem: 'event-missing' };
    }
    const recomputed = eventMac(key, prevHash, seq, {
      tenantId: stored.tenantId,
      actorId: stored.actorId ?? undefined,
      action: stored.action,
      subject: { kind: stored.subject?.kind ?? '', id: stored.subject?.id ?? '' },
      details: (stored.details as NewAuditEvent['details']) ?? undefined,
      at: stored.at,
    });
    if (stored.prevHash !== prevHash || !same(stored.hash, recomputed)) {
      return { ok: false, brokenAt: seq, problem: 'event-altered' };
    }
    const checkpointHash = expected.get(seq);
    if (checkpointHash !== undefined && checkpointHash !== stored.hash) {
      return { ok: false, brokenAt: seq, problem: 'checkpoint-mismatch' };
    }
    prevHash = stored.hash;
  }
  const events = seq;
  const lastCheckpoint = checkpoints.at(-1);
  if (lastCheckpoint && lastCheckpoint.seq > events) {
    return { ok: false, brokenAt: events + 1, problem: 'checkpoint-mismatch' };
  }
  if (!head) {
    return events === 0
      ? { ok: true, events, lastHash: prevHash }
      : { ok: false, brokenAt: 1, problem: 'head-missing' };
  }
  if (!head.mac || !same(head.mac, headMac(key, tenantId, head.seq, head.hash))) {
    return { ok: false, brokenAt: Math.min(head.seq, events) + 1, problem: 'head-altered' };
  }
  if (head.seq > events) return { ok: false, brokenAt: events + 1, problem: 'events-missing-from-end' };
  // A head behind the last event is a writer that stopped between its two writes (the event's own
  // MAC shows it was written with the key); the next append moves the head on.
  return { ok: true, events, lastHash: prevHash };
}

/** Records a checkpoint of a verified chain, apart from it; the caller also logs it. */
export async function recordAuditCheckpoint(
  models: Pick<Models, 'AuditEvent' | 'AuditCheckpoint'>,
  tenantId: string,
  verified: { events: number; lastHash: string },
  at: Date,
): Promise<AuditCheckpoint> {
  const checkpoint = { tenantId, seq: verified.events, hash: verified.lastHash, at };
  const mac = checkpointMac(auditKeyOf(models), tenantId, checkpoint);
  const created = await models.AuditCheckpoint.create({ ...checkpoint, mac });
  return created.toObject();
}

function hmac(key: Buffer, parts: readonly unknown[]): string {
  return `${macPrefix}${createHmac('sha256', key).update(JSON.stringify(parts), 'utf8').digest('hex')}`;
}

function eventMac(key: Buffer, prevHash: string, seq: number, event: NewAuditEvent): string {
  return hmac(key, [
    'event',
    prevHash,
    seq,
    event.tenantId,
    event.actorId?.toString() ?? null,
    event.action,
    event.subject.kind,
    event.subject.id,
    // A detail left undefined is not stored, so it is not sealed either.
    event.details
      ? Object.entries(event.details)
          .filter(([, value]) => value !== undefined)
          .sort(([a], [b]) => a.localeCompare(b))
      : null,
    event.at.toISOString(),
  ]);
}

function headMac(key: Buffer, tenantId: string, seq: number, hash: string): string {
  return hmac(key, ['head', tenantId, seq, hash]);
}

function checkpointMac(
  key: Buffer,
  tenantId: string,
  checkpoint: { seq: number; hash: string; at: Date },
): string {
  return hmac(key, ['checkpoint', tenantId, checkpoint.seq, checkpoint.hash, checkpoint.at.toISOString()]);
}

function same(stored: string, computed: string): boolean {
  const a = Buffer.from(stored, 'utf8');
  const b = Buffer.from(computed, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Every tenant with a chain: the heads, the checkpoints (a deleted head must not hide a tenant), the configured one. */
export async function auditedTenants(
  models: Pick<Models, 'AuditHead' | 'AuditCheckpoint'>,
  tenantId?: string,
): Promise<string[]> {
  const heads = await models.AuditHead.find({}).select({ _id: 1 }).lean<{ _id: string }[]>();
  const checkpointed = await models.AuditCheckpoint.distinct<'tenantId', string>('tenantId');
  return [...new Set([...heads.map((h) => h._id), ...checkpointed, ...(tenantId ? [tenantId] : [])])].sort();
}
