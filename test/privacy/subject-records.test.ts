import { Types } from 'mongoose';
import { personalDataRegistry, type CollectionEntry } from '../../src/privacy/registry';
import { lookupFields, recordsMatching, recordsNaming, subjectFilter } from '../../src/privacy/store';
import { prepareSubjectLookups, subjectClauses } from '../../src/privacy/subject-access';
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
    // The indexes made first, as the app makes them at start-up: then every insert below keeps them.
    await prepareSubjectLookups(models);
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
    const incident = (n: number, tenantId: string, reporterId: unknown, timeline: unknown[]) => ({
      tenantId,
      reference: `INC-2026-000${n}`,
      type: 'virus',
      status: 'closed',
      reporterId,
      timeline,
    });
    const step = (by: unknown, what = 'comment') => ({ at: new Date(), by, what, note: 'Checked' });
    await models.Incident.collection.insertMany([
      incident(1, 't1', someone, [step(someone, 'reported'), step(me)]), // named only inside its timeline
      incident(2, 't1', me, [step(me, 'reported'), step(me), step(someone)]), // reporter and twice in it: once
      incident(3, 't1', someone, [step(someone, 'reported')]),
      incident(4, 't2', someone, [step(me)]), // another trust's
      incident(5, 't1', someone, [step(me.toString())]), // the id as text
      incident(6, 't1', someone, []),
    ]);
    const question = (tenantId: string, askerId: unknown, sentTo: unknown[]) => ({
      tenantId,
      policyId: new Types.ObjectId(),
      askerId,
      text: 'Who do I tell?',
      status: 'open',
      sentTo,
    });
    await models.PolicyQuestion.collection.insertMany([
      question('t1', someone, [someone, me]), // sent to them among others
      question('t1', me, [someone]),
      question('t1', someone, [someone]),
      question('t1', someone, [me.toString()]),
    ]);
    const policy = (title: string, ownerId: unknown, setBy: unknown) => ({
      tenantId: 't1',
      title,
      ownerId,
      review: { setBy },
    });
    await models.Policy.collection.insertMany([
      policy('Online safety', someone, me), // its review set by them (a sub-document)
      policy('Behaviour', me, someone),
      policy('Attendance', someone, someone),
    ]);
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
    expect([await ids('Incident'), await ids('PolicyQuestion'), await ids('Policy')]).toEqual([2, 2, 2]);
  });

  it('come through the lookup, not a pass over the collection, on the embedded database', async () => {
    const { models, connection } = database();
    for (const [name] of each()) {
      expect({
        name,
        fields: lookupFields(models, name, subjectClauses(name, personalDataRegistry[name], me)),
      }).toEqual({ name, fields: expect.any(Array) });
    }
    // Inside an array (the incident's timeline, the people a question was sent to): that array is searched.
    expect(
      lookupFields(models, 'Incident', subjectClauses('Incident', personalDataRegistry.Incident, me))?.[2],
    ).toEqual({ collection: 'incidents', path: 'timeline.by', array: 'timeline' });
    const incidents = await lookUpIds(
      connection.db!,
      { collection: 'incidents', path: 'timeline.by', array: 'timeline' },
      me.toString(),
    );
    expect(incidents).toHaveLength(4); // the text one too, and another trust's: the read checks them
    const cards = await lookUpIds(
      connection.db!,
      { collection: 'deliveries', path: 'personId' },
      me.toString(),
    );
    // The lookup compares text, so the card naming them as text comes back too; the read checks it.
    expect(cards).toHaveLength(4);
  });
});
