import { appendAuditEvent, verifyAuditChain } from '../../src/audit/store';
import { nextInSequence } from '../../src/store/sequence';
import { useTestDatabase } from '../support/database';

describe('the audit trail', () => {
  const db = useTestDatabase();

  it('keeps an unbroken hash chain when 30 events are appended at once', async () => {
    const at = new Date('2026-11-21T12:00:00Z');
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        appendAuditEvent(db().models, {
          tenantId: 'tenant-chain',
          action: 'incident.read',
          subject: { kind: 'incident', id: `INC-2026-${String(i).padStart(4, '0')}` },
          details: { page: i },
          at,
        }),
      ),
    );
    const seqs = (
      await db().models.AuditEvent.find({ tenantId: 'tenant-chain' }).sort({ seq: 1 }).lean()
    ).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await verifyAuditChain(db().models, 'tenant-chain')).toEqual({ ok: true, events: 30 });
  });

  it('shows where the chain was tampered with', async () => {
    for (let i = 0; i < 5; i += 1) {
      await appendAuditEvent(db().models, {
        tenantId: 'tenant-tamper',
        action: 'policy_version.published',
        subject: { kind: 'policy_version', id: `v${i}` },
        at: new Date(),
      });
    }
    // Bypass the model (which refuses changes) the way someone with database access could.
    await db()
      .connection.db!.collection('audit_events')
      .updateOne({ tenantId: 'tenant-tamper', seq: 3 }, { $set: { action: 'policy_version.deleted' } });
    expect(await verifyAuditChain(db().models, 'tenant-tamper')).toEqual({ ok: false, brokenAt: 3 });
  });

  it('repairs a head left behind by a writer that died between its two writes', async () => {
    const { models } = db();
    const first = await appendAuditEvent(models, {
      tenantId: 'tenant-repair',
      action: 'role.granted',
      subject: { kind: 'role', id: 'r1' },
      at: new Date(),
    });
    // A second writer (another process) appended event 2, then died before moving the head.
    const orphan = await appendAuditEvent(models, {
      tenantId: 'tenant-repair',
      action: 'role.granted',
      subject: { kind: 'role', id: 'r2' },
      at: new Date(),
    });
    await db()
      .connection.db!.collection('audit_heads')
      .updateOne(
        { _id: 'tenant-repair' as unknown as never },
        { $set: { seq: first.seq, hash: first.hash } },
      );
    const third = await appendAuditEvent(models, {
      tenantId: 'tenant-repair',
      action: 'role.revoked',
      subject: { kind: 'role', id: 'r1' },
      at: new Date(),
    });
    expect([first.seq, orphan.seq, third.seq]).toEqual([1, 2, 3]);
    expect(await verifyAuditChain(models, 'tenant-repair')).toEqual({ ok: true, events: 3 });
  });

  it('refuses to change an event through the application', async () => {
    await expect(
      db().models.AuditEvent.updateOne({ tenantId: 'tenant-chain', seq: 1 }, { $set: { action: 'x' } }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('reference sequences', () => {
  const db = useTestDatabase();

  it('hands out 1 to 50 exactly once each to 50 concurrent callers', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 50 }, () => nextInSequence(db().models, 'incident:2026')),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
