import { Types } from 'mongoose';
import { personalDataRegistry, type CollectionEntry } from '../../src/privacy/registry';
import { lookupFields, recordsMatching, recordsNaming, subjectFilter } from '../../src/privacy/store';
import { subjectClauses } from '../../src/privacy/subject-access';
import { lookUpIds } from '../../src/store/field-lookup';
import type { Models } from '../../src/store/models';
import { useTestDatabase } from '../support/database';

/**
 * On the embedded database the export finds a person's cards, signatures and audit events through
 * devdb's lookup and reads each by _id; it must find exactly what the filter finds (what MongoDB
 * answers), no more (another tenant, another kind of subject, an id stored as text) and no less.
 */
describe("the export's records of a person", () => {
  const database = useTestDatabase();
  const me = new Types.ObjectId();
  const someone = new Types.ObjectId();

  beforeAll(async () => {
    const { models } = database();
    const card = (tenantId: string, personId: unknown) => ({
      tenantId,
      campaignId: new Types.ObjectId(),
      policyVersionId: new Types.ObjectId(),
      personId,
      status: 'sent',
      dueAt: new Date(),
    });
    await models.Delivery.collection.insertMany([
      card('t1', me),
      card('t1', me),
      card('t1', someone),
      card('t2', me), // another trust's
      card('t1', me.toString()), // the id as text: the filter does not match it
    ]);
    const signature = (tenantId: string, personId: unknown) => ({
      tenantId,
      personId,
      policyId: new Types.ObjectId(),
      policyVersionId: new Types.ObjectId(),
      signedName: 'Zoë',
      signedAt: new Date(),
      contentHash: 'sha256:x',
      via: 'card',
    });
    await models.Acknowledgement.collection.insertMany([
      signature('t1', me),
      signature('t1', someone),
      signature('t2', me),
    ]);
    const event = (seq: number, tenantId: string, actorId: unknown, kind: string, id: string) => ({
      _id: `${tenantId}:${String(seq).padStart(12, '0')}`,
      tenantId,
      seq,
      at: new Date(),
      ...(actorId ? { actorId } : {}),
      action: 'test.done',
      subject: { kind, id },
      prevHash: 'x',
      hash: 'x',
    });
    await models.AuditEvent.collection.insertMany([
      event(1, 't1', me, 'policy_version', 'v1'), // they did it
      event(2, 't1', someone, 'person', me.toString()), // done to them
      event(3, 't1', me, 'person', me.toString()), // both: listed once
      event(4, 't1', someone, 'incident', me.toString()), // another kind of subject with the same id
      event(5, 't1', undefined, 'person', someone.toString()),
      event(6, 't2', me, 'person', me.toString()), // another trust's
    ] as never[]);
    await models.Incident.collection.insertOne({
      tenantId: 't1',
      reference: 'INC-2026-0001',
      type: 'virus',
      status: 'closed',
      reporterId: someone,
      timeline: [{ at: new Date(), by: me, what: 'comment', note: 'Checked' }],
    });
  });

  const each = () =>
    (Object.entries(personalDataRegistry) as [keyof Models, CollectionEntry][]).filter(
      ([name, entry]) => entry.subjectPaths.length > 0 && name !== 'Person' && name !== 'ComplianceStanding',
    );

  it('are, in every collection, exactly those the filter finds, in the same order', async () => {
    const { models } = database();
    for (const [name, entry] of each()) {
      const clauses = subjectClauses(name, entry, me);
      const byFilter = await recordsMatching(models, name, subjectFilter('t1', clauses));
      const found = await recordsNaming(models, name, 't1', clauses);
      expect({ name, ids: found.map((r) => String(r._id)) }).toEqual({
        name,
        ids: byFilter.map((r) => String(r._id)),
      });
      expect(found).toEqual(byFilter);
    }
    const ids = async (name: keyof Models) =>
      (await recordsNaming(models, name, 't1', subjectClauses(name, personalDataRegistry[name], me))).length;
    expect([await ids('Delivery'), await ids('Acknowledgement'), await ids('AuditEvent')]).toEqual([2, 1, 3]);
    expect(await ids('Incident')).toBe(1); // named only inside its timeline: found by the filter
  });

  it('come through the lookup, not a pass over the collection, on the embedded database', async () => {
    const { models, connection } = database();
    for (const name of ['Delivery', 'Acknowledgement', 'AuditEvent'] as const) {
      expect(lookupFields(models, name, subjectClauses(name, personalDataRegistry[name], me))).toBeDefined();
    }
    // An array (the incident's timeline) is not looked up: a record's fields would not say it all.
    expect(
      lookupFields(models, 'Incident', subjectClauses('Incident', personalDataRegistry.Incident, me)),
    ).toBe(undefined);
    const cards = await lookUpIds(
      connection.db!,
      { collection: 'deliveries', path: 'personId' },
      me.toString(),
    );
    // The lookup compares text, so the card naming them as text comes back too; the read checks it.
    expect(cards).toHaveLength(4);
  });
});
