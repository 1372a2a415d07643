import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Models } from '../store/models';
import { isDuplicateKey } from '../store/models';
import type { AuditEvent } from './model';

export interface NewAuditEvent {
  tenantId: string;
  actorId?: Types.ObjectId | undefined;
  action: string;
  subject: { kind: string; id: string };
  /** Never personal narrative or safeguarding text: ids, codes and counts only. */
  details?: Record<string, string | number | boolean | null> | undefined;
  at: Date;
}

const genesisHash = 'sha256:genesis';
const maxAttempts = 50;
type AuditModels = Pick<Models, 'AuditEvent' | 'AuditHead'>;

/** Appends within this process go one at a time per tenant, so they do not race each other. */
const inProcess = new Map<string, Promise<unknown>>();

/**
 * Appends an event to its tenant's hash chain. The chain's head is one small document; the event
 * takes the next sequence number under a unique (tenantId, seq) index, then the head moves on with
 * a conditional update. A writer in another process that took the number first makes this one move
 * the head to that event and try again; a writer that died between the two writes is repaired the
 * same way.
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
  for (let attempt = 1; ; attempt += 1) {
    const head = (await models.AuditHead.findById(event.tenantId).lean()) ?? { seq: 0, hash: genesisHash };
    const seq = head.seq + 1;
    const hash = chainHash(head.hash, seq, event);
    try {
      const created = await models.AuditEvent.create({ ...event, seq, prevHash: head.hash, hash });
      await advanceHead(models, event.tenantId, head.seq, seq, hash);
      return created.toObject();
    } catch (error) {
      if (!isDuplicateKey(error) || attempt >= maxAttempts) throw error;
      const taken = await models.AuditEvent.findOne({ tenantId: event.tenantId, seq }).lean<AuditEvent>();
      if (taken) await advanceHead(models, event.tenantId, head.seq, seq, taken.hash);
    }
  }
}

async function advanceHead(
  models: AuditModels,
  tenantId: string,
  from: number,
  to: number,
  hash: string,
): Promise<void> {
  try {
    await models.AuditHead.updateOne(
      { _id: tenantId, seq: from },
      { $set: { seq: to, hash } },
      { upsert: from === 0 },
    );
  } catch (error) {
    // Another writer created the head first; the next append reads it.
    if (!isDuplicateKey(error)) throw error;
  }
}

/** Checks the chain from the first event; returns the first sequence number that does not verify. */
export async function verifyAuditChain(
  models: Pick<Models, 'AuditEvent'>,
  tenantId: string,
): Promise<{ ok: true; events: number } | { ok: false; brokenAt: number }> {
  let prevHash = genesisHash;
  let expectedSeq = 1;
  const cursor = models.AuditEvent.find({ tenantId }).sort({ seq: 1 }).lean<AuditEvent>().cursor();
  for await (const stored of cursor as AsyncIterable<AuditEvent>) {
    const recomputed = chainHash(prevHash, stored.seq, {
      tenantId: stored.tenantId,
      actorId: stored.actorId ?? undefined,
      action: stored.action,
      subject: { kind: stored.subject?.kind ?? '', id: stored.subject?.id ?? '' },
      details: (stored.details as NewAuditEvent['details']) ?? undefined,
      at: stored.at,
    });
    if (stored.seq !== expectedSeq || stored.prevHash !== prevHash || stored.hash !== recomputed) {
      return { ok: false, brokenAt: expectedSeq };
    }
    prevHash = stored.hash;
    expectedSeq += 1;
  }
  return { ok: true, events: expectedSeq - 1 };
}

function chainHash(prevHash: string, seq: number, event: NewAuditEvent): string {
  const canonical = JSON.stringify([
    prevHash,
    seq,
    event.tenantId,
    event.actorId?.toString() ?? null,
    event.action,
    event.subject.kind,
    event.subject.id,
    event.details ? Object.entries(event.details).sort(([a], [b]) => a.localeCompare(b)) : null,
    event.at.toISOString(),
  ]);
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}
