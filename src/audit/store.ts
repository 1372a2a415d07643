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
const maxAttempts = 20;

/**
 * Appends an event to its tenant's hash chain. Two writers racing for the same sequence number
 * collide on the unique (tenantId, seq) index; the loser re-reads the head and tries again.
 */
export async function appendAuditEvent(
  models: Pick<Models, 'AuditEvent'>,
  event: NewAuditEvent,
): Promise<AuditEvent> {
  for (let attempt = 1; ; attempt += 1) {
    const head = await models.AuditEvent.findOne({ tenantId: event.tenantId })
      .sort({ seq: -1 })
      .select({ seq: 1, hash: 1 })
      .lean<Pick<AuditEvent, 'seq' | 'hash'>>();
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? genesisHash;
    const hash = chainHash(prevHash, seq, event);
    try {
      const created = await models.AuditEvent.create({ ...event, seq, prevHash, hash });
      return created.toObject();
    } catch (error) {
      if (!isDuplicateKey(error) || attempt >= maxAttempts) throw error;
    }
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
