import JSZip from 'jszip';
import { Types } from 'mongoose';
import { appendAuditEvent } from '../../src/audit';
import { createActor } from '../../src/directory/actor';
import { collectSubjectAccess, pdfBuffer, subjectAccessZip } from '../../src/privacy/subject-access';
import { renderSubjectAccessPdf } from '../../src/privacy/subject-access-pdf';
import { pdfText } from '../incidents/pdf-text';
import { useTestDatabase } from '../support/database';

const london = 'Europe/London';
const now = new Date('2026-11-27T10:00:00Z');

/**
 * The export draws each collection's section of the PDF as soon as that collection is read, while
 * the next is being read: the files must be those of reading everything first, and a read that
 * fails half-way must still fail the whole export.
 */
describe('a subject-access export drawn while it is read', () => {
  const database = useTestDatabase();
  const personId = new Types.ObjectId();
  const admin = createActor({
    tenantId: 't1',
    personId: new Types.ObjectId(),
    entraObjectId: 'admin-oid',
    displayName: 'Tamsin Trust',
    roles: [{ role: 'trust_admin', scopeKey: 'trust' }],
  });
  const deps = () => ({ models: database().models, now: () => now, timeZone: london });
  const exportsAudited = async () =>
    database().models.AuditEvent.countDocuments({ action: 'person.subject_access_exported' });

  beforeAll(async () => {
    const { models } = database();
    await models.Person.collection.insertOne({
      _id: personId,
      tenantId: 't1',
      entraObjectId: 'teacher-oid',
      displayName: 'Zoë Łukasz-Teacher',
      email: 'zoe@example.org',
      active: true,
      memberships: [],
    });
    // Enough cards for one line each, a few signatures, and their audit trail.
    await models.Delivery.collection.insertMany(
      Array.from({ length: 12 }, (_, i) => ({
        tenantId: 't1',
        campaignId: new Types.ObjectId(),
        policyVersionId: new Types.ObjectId(),
        personId,
        status: 'sent',
        sentAt: new Date(now.getTime() - i * 86_400_000),
      })),
    );
    await models.Acknowledgement.collection.insertMany(
      Array.from({ length: 3 }, (_, i) => ({
        tenantId: 't1',
        personId,
        policyId: new Types.ObjectId(),
        policyVersionId: new Types.ObjectId(),
        signedName: 'Zoë Łukasz-Teacher',
        signedAt: new Date(now.getTime() - i * 86_400_000),
        contentHash: 'sha256:x',
        via: 'card',
      })),
    );
    for (let i = 0; i < 5; i += 1) {
      await appendAuditEvent(models, {
        tenantId: 't1',
        actorId: personId,
        action: 'acknowledgement.signed',
        subject: { kind: 'policy_version', id: `v${i}` },
        at: new Date(now.getTime() - i * 3_600_000),
      });
    }
  });

  afterEach(() => jest.restoreAllMocks());

  /** The export's ZIP, and the export read whole beforehand (the ZIP's own audit event comes after it). */
  async function exportBothWays() {
    const whole = await collectSubjectAccess(database().models, admin, personId.toString(), now);
    const { filename, buffer } = await subjectAccessZip(deps(), admin, personId.toString());
    expect(filename).toBe(`subject-access-${personId.toString()}.zip`);
    const zip = await JSZip.loadAsync(buffer);
    expect(await zip.file('subject-access.json')!.async('string')).toBe(JSON.stringify(whole, null, 2));
    const drawn = Buffer.from(await zip.file('subject-access.pdf')!.async('uint8array'));
    return {
      whole,
      drawn: pdfText(drawn),
      expected: pdfText(await pdfBuffer(renderSubjectAccessPdf(whole, london))),
    };
  }

  it('holds the same JSON and the same PDF as reading everything before drawing', async () => {
    const before = await exportsAudited();
    const { whole, drawn, expected } = await exportBothWays();
    expect(whole.collections.map((c) => [c.collection, c.records.length])).toEqual([
      ['people', 1],
      ['deliveries', 12],
      ['acknowledgements', 3],
      ['audit_events', 5],
    ]);
    expect(drawn).toContain('deliveries (12)');
    expect(drawn).toBe(expected);
    expect(await exportsAudited()).toBe(before + 1);
  });

  it('draws the PDF again when the lookup found a record that, read, does not name them', async () => {
    // A card naming them as text: devdb's lookup compares text and finds it, the read leaves it out,
    // so the section headed with 13 cards as they were read has 12.
    await database().models.Delivery.collection.insertOne({
      tenantId: 't1',
      campaignId: new Types.ObjectId(),
      policyVersionId: new Types.ObjectId(),
      personId: personId.toString(),
      status: 'sent',
    });
    const { whole, drawn, expected } = await exportBothWays();
    expect(whole.collections.find((c) => c.collection === 'deliveries')?.records).toHaveLength(12);
    expect(drawn).toContain('deliveries (12)');
    expect(drawn).toBe(expected);
  });

  it('fails as a whole when a read fails half-way: no ZIP, no audit event, no later read started', async () => {
    const { models } = database();
    const before = await exportsAudited();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // The cards' reads fail (the connection dropped, say) after the person's own entry was drawn.
      jest.spyOn(models.Delivery.collection, 'findOne').mockRejectedValue(new Error('connection closed'));
      const signatures = jest.spyOn(models.Acknowledgement.collection, 'findOne');
      const events = jest.spyOn(models.AuditEvent.collection, 'findOne');
      await expect(subjectAccessZip(deps(), admin, personId.toString())).rejects.toThrow('connection closed');
      // Time for any read still going, or a rejection nobody awaited, to show itself.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(signatures).not.toHaveBeenCalled();
      expect(events).not.toHaveBeenCalled();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(await exportsAudited()).toBe(before);
  });
});
