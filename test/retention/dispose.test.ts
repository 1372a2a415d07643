import { Types } from 'mongoose';
import { verifyAuditChain } from '../../src/audit/store';
import { createLogger } from '../../src/logger';
import { createActor } from '../../src/directory/actor';
import { runRetention } from '../../src/retention/dispose';
import { placeLegalHold } from '../../src/retention/use-cases';
import { retentionStore } from '../../src/retention/store';
import type { Models } from '../../src/store/models';
import { useTestDatabase } from '../support/database';

const tenantId = 'tenant-retention';
const now = new Date('2026-11-26T09:00:00Z');
const yearsAgo = (n: number) => new Date(now.getTime() - n * 365.25 * 24 * 3600 * 1000);

async function person(models: Models, name: string, leftYearsAgo?: number) {
  return (
    await models.Person.create({
      tenantId,
      entraObjectId: `oid-${name}`,
      displayName: name,
      email: `${name.toLowerCase()}@school.example.org`,
      jobTitle: 'Teaching assistant',
      active: leftYearsAgo === undefined,
      ...(leftYearsAgo === undefined ? {} : { deactivatedAt: yearsAgo(leftYearsAgo) }),
    })
  ).toObject();
}

let sequence = 0;
async function closedIncident(
  models: Models,
  reporterId: Types.ObjectId,
  closedYearsAgo: number,
  restricted = false,
) {
  sequence += 1;
  return (
    await models.Incident.create({
      tenantId,
      reference: `INC-2019-${String(sequence).padStart(4, '0')}`,
      type: restricted ? 'child_safety' : 'virus',
      status: 'closed',
      reporterId,
      handlingRole: restricted ? 'dsl' : 'ict_helpdesk',
      restricted,
      reportedAt: yearsAgo(closedYearsAgo + 0.1),
      closedAt: yearsAgo(closedYearsAgo),
      timeline: [{ at: yearsAgo(closedYearsAgo), what: 'status:closed', note: 'Reimaged the laptop' }],
    })
  ).toObject();
}

async function signature(models: Models, personId: Types.ObjectId) {
  await models.Acknowledgement.create({
    tenantId,
    personId,
    policyId: new Types.ObjectId(),
    policyVersionId: new Types.ObjectId(),
    signedName: 'Signed name',
    signedAt: yearsAgo(8),
    contentHash: 'sha256:abc',
    via: 'card',
  });
}

describe('the daily retention run', () => {
  const db = useTestDatabase();

  it('deletes and anonymises what the schedule has reached, keeps what a legal hold covers, and audits counts only', async () => {
    const { models } = db();
    const longGone = await person(models, 'Gwen', 7);
    const heldLeaver = await person(models, 'Hector', 7);
    const recentLeaver = await person(models, 'Rita', 2);
    const stays = await person(models, 'Stan');
    const dpo = await person(models, 'Dora');
    for (const p of [longGone, heldLeaver, recentLeaver, stays]) await signature(models, p._id);
    await models.Delivery.create({
      tenantId,
      campaignId: new Types.ObjectId(),
      policyVersionId: new Types.ObjectId(),
      personId: longGone._id,
      status: 'sent',
      dueAt: yearsAgo(8),
    });
    await models.RoleAssignment.create({
      tenantId,
      personId: longGone._id,
      role: 'it_manager',
      scopeKey: 'trust',
    });
    const oldIncident = await closedIncident(models, stays._id, 7);
    const incidentHeldByReporter = await closedIncident(models, heldLeaver._id, 7);
    const heldIncident = await closedIncident(models, stays._id, 8);
    const recentIncident = await closedIncident(models, stays._id, 3);
    const oldConcern = await closedIncident(models, stays._id, 7, true);
    await models.Intake.create({
      tenantId,
      personId: stays._id,
      type: 'virus',
      step: 'what',
      answers: {},
      startedAt: yearsAgo(1),
      lastActivityAt: yearsAgo(1),
    });
    // Permission requests started in the bot and never sent (their _id is a string: tenant and person).
    const draft = (who: { _id: Types.ObjectId }, lastActivityAt: Date) =>
      models.PermissionDraft.create({
        _id: `${tenantId}:${who._id.toString()}`,
        tenantId,
        personId: who._id,
        kind: 'software_install',
        step: 'what',
        answers: { what: 'A screen recorder' },
        startedAt: lastActivityAt,
        lastActivityAt,
      });
    await draft(stays, yearsAgo(1));
    await draft(heldLeaver, yearsAgo(7));
    await draft(recentLeaver, new Date(now.getTime() - 7 * 24 * 3600 * 1000));
    for (const subject of [
      { kind: 'person', id: heldLeaver._id },
      { kind: 'incident', id: heldIncident._id },
    ]) {
      await models.LegalHold.create({
        tenantId,
        subject,
        reason: 'Employment tribunal claim',
        placedBy: dpo._id,
        placedAt: yearsAgo(1),
      });
    }

    const store = retentionStore(models);
    const results = await runRetention({ store, models, logger: createLogger('silent'), now: () => now });
    const counts = Object.fromEntries(results[tenantId]!.map((o) => [o.kind, [o.disposed, o.held]]));
    expect(counts).toEqual({
      incident: [1, 2],
      'safeguarding-concern': [0, 0],
      'policy-signature': [1, 1],
      'card-delivery': [1, 0],
      'staff-directory': [1, 1],
      'incident-draft': [1, 0],
      'permission-request': [0, 0],
      'permission-draft': [1, 1],
    });

    const remaining = (await models.Incident.find({ tenantId }).lean()).map((i) => i._id.toString()).sort();
    expect(remaining).toEqual(
      [incidentHeldByReporter, heldIncident, recentIncident, oldConcern].map((i) => i._id.toString()).sort(),
    );
    expect(oldIncident).toBeDefined();
    const signers = (await models.Acknowledgement.find({ tenantId }).lean()).map((a) =>
      a.personId.toString(),
    );
    expect(signers.sort()).toEqual([heldLeaver, recentLeaver, stays].map((p) => p._id.toString()).sort());
    expect(await models.Delivery.countDocuments({ tenantId })).toBe(0);
    expect(await models.RoleAssignment.countDocuments({ tenantId, personId: longGone._id })).toBe(0);
    expect(await models.Intake.countDocuments({ tenantId })).toBe(0);
    // A month after the last answer a draft goes, unless a hold on its person keeps it.
    const drafts = (await models.PermissionDraft.find({ tenantId }).lean()).map((d) => d._id).sort();
    expect(drafts).toEqual([heldLeaver, recentLeaver].map((p) => `${tenantId}:${p._id.toString()}`).sort());

    const anonymised = await models.Person.findById(longGone._id).lean();
    expect(anonymised).toMatchObject({ displayName: 'Former member of staff', active: false });
    expect(anonymised!.email).toBeUndefined();
    expect(anonymised!.anonymisedAt).toEqual(now);
    expect(JSON.stringify(anonymised)).not.toMatch(/Gwen|gwen/);
    expect((await models.Person.findById(heldLeaver._id).lean())!.displayName).toBe('Hector');

    const audited = await models.AuditEvent.find({ tenantId, action: 'retention.disposed' }).lean();
    expect(audited.map((e) => [e.subject?.id, e.details as unknown])).toEqual(
      expect.arrayContaining([
        ['incident', expect.objectContaining({ action: 'delete', count: 1, heldBack: 2 })],
        ['staff-directory', expect.objectContaining({ action: 'anonymise', count: 1, heldBack: 1 })],
      ]),
    );
    expect(JSON.stringify(audited)).not.toMatch(/Gwen|Hector|INC-2019|tribunal/);
    expect((await verifyAuditChain(models, tenantId)).ok).toBe(true);

    // A second run finds nothing more to do: what is held stays held, nothing is disposed of twice.
    const again = await runRetention({ store, models, logger: createLogger('silent'), now: () => now });
    expect(again[tenantId]!.reduce((sum, o) => sum + o.disposed, 0)).toBe(0);
  });

  it('keeps what a legal hold placed after the run read the holds and before it deleted covers', async () => {
    const { models } = db();
    const pat = await person(models, 'Piers', 7);
    const gwen = await person(models, 'Greta', 7);
    const dpo = await person(models, 'Dilys');
    for (const p of [pat, gwen]) await signature(models, p._id);
    const patsIncident = await closedIncident(models, pat._id, 7);
    const gwensIncident = await closedIncident(models, gwen._id, 7);
    const store = retentionStore(models);
    const officer = createActor({
      tenantId,
      personId: dpo._id,
      entraObjectId: 'oid-Dilys',
      displayName: 'Dilys',
      roles: [{ role: 'dpo', scopeKey: 'trust' }],
    });
    const seen: string[] = [];
    const results = await runRetention({
      store,
      models,
      logger: createLogger('silent'),
      now: () => now,
      // The run has marked the incidents due and read the holds (none); the DPO holds Pat now.
      beforeDisposing: async (kind) => {
        seen.push(kind);
        if (kind !== 'incident') return;
        expect(await models.LegalHold.countDocuments({ tenantId, 'subject.id': pat._id })).toBe(0);
        await placeLegalHold(
          { store, models, now: () => now },
          officer,
          { person: pat._id.toString() },
          'Claim',
        );
      },
    });
    expect(seen[0]).toBe('incident');
    const disposed = Object.fromEntries(results[tenantId]!.map((o) => [o.kind, o.disposed]));
    expect(disposed).toMatchObject({ incident: 1, 'policy-signature': 1, 'staff-directory': 1 });
    const incidents = (await models.Incident.find({ tenantId }).lean()).map((i) => i._id.toString());
    expect(incidents).toContain(patsIncident._id.toString());
    expect(incidents).not.toContain(gwensIncident._id.toString());
    const kept = await models.Person.findById(pat._id).lean();
    expect(kept!.displayName).toBe('Piers');
    expect((kept as Record<string, unknown>).disposing).toBeUndefined();
    expect(await models.Acknowledgement.countDocuments({ tenantId, personId: pat._id })).toBe(1);
    expect(await models.Acknowledgement.countDocuments({ tenantId, personId: gwen._id })).toBe(0);
  });
});
