import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { bindAuditKey, localAuditKey } from '../../src/audit/key';
import { appendAuditEvent, recordAuditCheckpoint, verifyAuditChain } from '../../src/audit/store';
import { verifyAllChains } from '../../src/audit/verification';
import type { StoredConversation } from '../../src/directory/conversations';
import { createLogger } from '../../src/logger';
import { openConnection } from '../../src/store/connection';
import { createModels } from '../../src/store/models';
import { nextInSequence } from '../../src/store/sequence';
import { useTestDatabase } from '../support/database';

describe('the audit trail', () => {
  const db = useTestDatabase();
  const events = () => db().connection.db!.collection<{ _id: string }>('audit_events');
  const heads = () => db().connection.db!.collection<{ _id: string }>('audit_heads');

  async function chainOf(tenantId: string, count: number): Promise<void> {
    for (let i = 1; i <= count; i += 1) {
      await appendAuditEvent(db().models, {
        tenantId,
        action: 'policy_version.published',
        subject: { kind: 'policy_version', id: `v${i}` },
        details: { version: i },
        at: new Date(Date.UTC(2026, 10, i)),
      });
    }
  }

  it('keeps an unbroken chain when 30 events are appended at once, and it verifies', async () => {
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
    expect(await verifyAuditChain(db().models, 'tenant-chain')).toMatchObject({ ok: true, events: 30 });
  });

  it('verifies events whose details are empty, or null, or leave a value undefined', async () => {
    // Empty details once made the trail fail verification (a false alarm to every trust admin):
    // mongoose dropped the empty object, and an undefined value, when storing what had been sealed.
    const kinds: Record<string, string | null>[] = [
      {},
      { note: null },
      { reason: undefined, by: 'x' } as never,
    ];
    for (const details of kinds) {
      await appendAuditEvent(db().models, {
        tenantId: 'tenant-empty-details',
        action: 'policy.edited',
        subject: { kind: 'policy', id: 'p1' },
        details,
        at: new Date('2026-11-26T09:00:00Z'),
      });
    }
    expect(await verifyAuditChain(db().models, 'tenant-empty-details')).toEqual({
      ok: true,
      events: kinds.length,
      lastHash: expect.any(String),
    });
  });

  it('seals each event with an HMAC, not a hash anyone could recompute', async () => {
    await chainOf('tenant-mac', 1);
    const [stored] = await db().models.AuditEvent.find({ tenantId: 'tenant-mac' }).lean();
    expect(stored!.hash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
  });

  it('appends in two database operations once the process knows the head: insert the event, move the head', async () => {
    await chainOf('tenant-cost', 1);
    const operations: string[] = [];
    db().connection.set('debug', (collection: string, method: string) => {
      operations.push(`${collection}.${method}`);
    });
    try {
      await chainOf('tenant-cost', 1);
    } finally {
      db().connection.set('debug', false);
    }
    expect(operations).toEqual(['audit_events.insertOne', 'audit_heads.updateOne']);
  });

  it('detects an edited event', async () => {
    await chainOf('tenant-edit', 5);
    // Bypass the model (which refuses changes) the way someone with database access could.
    await events().updateOne(
      { _id: 'tenant-edit:000000000003' },
      { $set: { action: 'policy_version.deleted' } },
    );
    expect(await verifyAuditChain(db().models, 'tenant-edit')).toEqual({
      ok: false,
      brokenAt: 3,
      problem: 'event-altered',
    });
  });

  it('detects an event deleted from the middle', async () => {
    await chainOf('tenant-gap', 5);
    await events().deleteOne({ _id: 'tenant-gap:000000000003' });
    expect(await verifyAuditChain(db().models, 'tenant-gap')).toEqual({
      ok: false,
      brokenAt: 3,
      problem: 'event-missing',
    });
  });

  it('detects the last event deleted with the head left as it was', async () => {
    await chainOf('tenant-tail', 5);
    await events().deleteOne({ _id: 'tenant-tail:000000000005' });
    expect(await verifyAuditChain(db().models, 'tenant-tail')).toEqual({
      ok: false,
      brokenAt: 5,
      problem: 'events-missing-from-end',
    });
  });

  it('detects the last event deleted with the head rolled back to the one before', async () => {
    await chainOf('tenant-rollback', 5);
    const fourth = await events().findOne({ _id: 'tenant-rollback:000000000004' });
    await events().deleteOne({ _id: 'tenant-rollback:000000000005' });
    await heads().updateOne(
      { _id: 'tenant-rollback' },
      { $set: { seq: 4, hash: (fourth as unknown as { hash: string }).hash } },
    );
    expect(await verifyAuditChain(db().models, 'tenant-rollback')).toEqual({
      ok: false,
      brokenAt: 5,
      problem: 'head-altered',
    });
  });

  it('detects the tail cut back to a head copied earlier, once a checkpoint was taken after it', async () => {
    await chainOf('tenant-replay', 3);
    const earlierHead = await heads().findOne({ _id: 'tenant-replay' });
    await chainOf('tenant-replay', 2);
    const verified = await verifyAuditChain(db().models, 'tenant-replay');
    if (!verified.ok) throw new Error('the chain should verify before it is cut');
    await recordAuditCheckpoint(db().models, 'tenant-replay', verified, new Date());
    await events().deleteMany({ _id: { $in: ['tenant-replay:000000000004', 'tenant-replay:000000000005'] } });
    await heads().replaceOne({ _id: 'tenant-replay' }, earlierHead!);
    expect(await verifyAuditChain(db().models, 'tenant-replay')).toEqual({
      ok: false,
      brokenAt: 4,
      problem: 'checkpoint-mismatch',
    });
  });

  it('detects a deleted head', async () => {
    await chainOf('tenant-headless', 2);
    await heads().deleteOne({ _id: 'tenant-headless' });
    expect(await verifyAuditChain(db().models, 'tenant-headless')).toMatchObject({
      ok: false,
      problem: 'head-missing',
    });
  });

  it('detects everything rewritten with every MAC recomputed under another key', async () => {
    await chainOf('tenant-rewrite', 4);
    // Someone with the database but not the key rewrites the whole trail and its head consistently.
    await events().deleteMany({ tenantId: 'tenant-rewrite' });
    await heads().deleteOne({ _id: 'tenant-rewrite' });
    const forger = await openConnection(db().uri, db().name);
    try {
      const forged = createModels(forger);
      bindAuditKey(forged, Buffer.alloc(32, 66));
      for (let i = 1; i <= 4; i += 1) {
        await appendAuditEvent(forged, {
          tenantId: 'tenant-rewrite',
          action: i === 2 ? 'role.granted' : 'policy_version.published',
          subject: { kind: 'policy_version', id: `v${i}` },
          at: new Date(Date.UTC(2026, 10, i)),
        });
      }
    } finally {
      await forger.close();
    }
    expect(await verifyAuditChain(db().models, 'tenant-rewrite')).toEqual({
      ok: false,
      brokenAt: 1,
      problem: 'event-altered',
    });
  });

  it('detects an altered checkpoint', async () => {
    await chainOf('tenant-checkpoint', 2);
    const verified = await verifyAuditChain(db().models, 'tenant-checkpoint');
    if (!verified.ok) throw new Error('the chain should verify');
    await recordAuditCheckpoint(db().models, 'tenant-checkpoint', verified, new Date());
    await db()
      .connection.db!.collection('audit_checkpoints')
      .updateOne({ tenantId: 'tenant-checkpoint' }, { $set: { seq: 1 } });
    expect(await verifyAuditChain(db().models, 'tenant-checkpoint')).toMatchObject({
      ok: false,
      problem: 'checkpoint-altered',
    });
  });

  it('repairs a head left behind by a writer that died between its two writes', async () => {
    const { models } = db();
    const append = (id: string) =>
      appendAuditEvent(models, {
        tenantId: 'tenant-repair',
        action: 'role.granted',
        subject: { kind: 'role', id },
        at: new Date(),
      });
    const first = await append('r1');
    const headAfterFirst = await heads().findOne({ _id: 'tenant-repair' });
    const orphan = await append('r2');
    // Event 2's writer died before moving the head: the head still says event 1.
    await heads().replaceOne({ _id: 'tenant-repair' }, headAfterFirst!);
    expect(await verifyAuditChain(models, 'tenant-repair')).toMatchObject({ ok: true, events: 2 });
    const third = await append('r3');
    expect([first.seq, orphan.seq, third.seq]).toEqual([1, 2, 3]);
    expect(await heads().findOne({ _id: 'tenant-repair' })).toMatchObject({ seq: 3 });
    expect(await verifyAuditChain(models, 'tenant-repair')).toMatchObject({ ok: true, events: 3 });
  });

  it('chains correctly after the trail was restored from an earlier copy while the process ran', async () => {
    const { models } = db();
    await chainOf('tenant-restored', 1);
    const copy = await heads().findOne({ _id: 'tenant-restored' });
    await chainOf('tenant-restored', 2);
    // Restored to the copy taken after the first event: the process still remembers event 3.
    await events().deleteMany({
      _id: { $in: ['tenant-restored:000000000002', 'tenant-restored:000000000003'] },
    });
    await heads().replaceOne({ _id: 'tenant-restored' }, copy!);
    const next = await appendAuditEvent(models, {
      tenantId: 'tenant-restored',
      action: 'role.granted',
      subject: { kind: 'role', id: 'r' },
      at: new Date(),
    });
    expect(next.seq).toBe(2);
    expect(await verifyAuditChain(models, 'tenant-restored')).toMatchObject({ ok: true, events: 2 });
  });

  it('refuses to change an event through the application', async () => {
    await expect(
      db().models.AuditEvent.updateOne({ tenantId: 'tenant-chain', seq: 1 }, { $set: { action: 'x' } }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('the daily verification', () => {
  const db = useTestDatabase();

  function capture(): { logger: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } {
    const written: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString('utf8'));
        done();
      },
    });
    return {
      logger: createLogger('info', sink),
      lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
    };
  }

  async function trustAdmin(tenantId: string): Promise<void> {
    const admin = await db().models.Person.create({
      tenantId,
      entraObjectId: `admin-${tenantId}`,
      displayName: 'Priya Admin',
      email: 'priya.admin@example.org',
      conversation: {
        id: `a:admin-${tenantId}`,
        serviceUrl: 'https://smba.trafficmanager.net/uk/',
        tenantId,
        storedAt: new Date(),
      },
    });
    await db().models.RoleAssignment.create({
      tenantId,
      personId: admin._id,
      role: 'trust_admin',
      scopeKey: 'trust',
    });
  }

  it('checkpoints an intact chain apart from it and logs the count and MAC, nothing personal', async () => {
    const { logger, lines } = capture();
    for (let i = 0; i < 3; i += 1) {
      await appendAuditEvent(db().models, {
        tenantId: 'tenant-daily',
        action: 'role.granted',
        subject: { kind: 'person', id: `p${i}` },
        at: new Date(),
      });
    }
    const told: StoredConversation[] = [];
    const outcomes = await verifyAllChains({
      models: db().models,
      logger,
      tell: (conversation) => {
        told.push(conversation);
        return Promise.resolve({ status: 'sent', activityId: undefined, attempts: 1 });
      },
      now: () => new Date('2026-11-26T02:00:00Z'),
    });
    expect(outcomes).toEqual([expect.objectContaining({ tenantId: 'tenant-daily', told: 0 })]);
    expect(told).toEqual([]);
    const head = await db().models.AuditHead.findById('tenant-daily').lean();
    expect(await db().models.AuditCheckpoint.find({ tenantId: 'tenant-daily' }).lean()).toEqual([
      expect.objectContaining({ seq: 3, hash: head!.hash }),
    ]);
    const line = lines().find((l) => l.msg === 'audit trail verified: checkpoint');
    expect(line).toMatchObject({ tenantId: 'tenant-daily', count: 3, mac: head!.hash });
  });

  it('tells the trust admin in Teams when the chain is broken, and logs it without personal data', async () => {
    const { logger, lines } = capture();
    await trustAdmin('tenant-broken');
    for (let i = 0; i < 3; i += 1) {
      await appendAuditEvent(db().models, {
        tenantId: 'tenant-broken',
        action: 'role.granted',
        subject: { kind: 'person', id: `p${i}` },
        at: new Date(),
      });
    }
    await db()
      .connection.db!.collection<{ _id: string }>('audit_events')
      .deleteOne({ _id: 'tenant-broken:000000000003' });
    const told: { conversation: StoredConversation; text: string }[] = [];
    const outcomes = await verifyAllChains({
      models: db().models,
      logger,
      tell: (conversation, text) => {
        told.push({ conversation, text });
        return Promise.resolve({ status: 'sent', activityId: undefined, attempts: 1 });
      },
      now: () => new Date(),
    });
    expect(outcomes.find((o) => o.tenantId === 'tenant-broken')).toMatchObject({
      result: { ok: false, brokenAt: 3, problem: 'events-missing-from-end' },
      told: 1,
    });
    expect(told).toEqual([
      {
        conversation: expect.objectContaining({ id: 'a:admin-tenant-broken' }),
        text: expect.stringMatching(/audit trail failed its daily check: events are missing from the end/),
      },
    ]);
    const error = lines().find((l) => l.msg === 'audit trail failed verification');
    expect(error).toMatchObject({ tenantId: 'tenant-broken', brokenAt: 3, trustAdminsTold: 1 });
    expect(JSON.stringify(lines())).not.toMatch(/Priya|priya/);
    expect(await db().models.AuditCheckpoint.countDocuments({ tenantId: 'tenant-broken' })).toBe(0);
  });
});

describe('the local development key', () => {
  it('is generated once, readable by its owner only, and read back afterwards', () => {
    const file = path.join(
      mkdtempSync(path.join(tmpdir(), 'conduct-audit-key-')),
      'nested',
      'audit-hmac.key',
    );
    const key = localAuditKey(file);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(localAuditKey(file).equals(key)).toBe(true);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(key)).toBe(true);
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
