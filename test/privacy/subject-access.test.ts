import JSZip from 'jszip';
import { Types } from 'mongoose';
import type { BotUnderTest } from '../support/conduct';
import { useConductBot } from '../support/conduct';
import { referenceIn, say, seedReporter, seedRoleHolder, testIncidentKey } from '../incidents/helpers';
import { pdfText } from '../incidents/pdf-text';

const narrative = 'Leo (Year 5) has bruises on his arms again and would not say how';

async function download(bot: BotUnderTest, oid: string, personId: string): Promise<Response> {
  const token = await bot.entra.tokenFor({ oid });
  return fetch(`${bot.app.url}/api/people/${personId}/subject-access.zip`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('a subject-access export', () => {
  const bot = useConductBot({ env: { INCIDENT_ENCRYPTION_KEY: testIncidentKey } });
  let admin: Awaited<ReturnType<typeof seedRoleHolder>>;
  let head: Awaited<ReturnType<typeof seedRoleHolder>>;
  let teacherId: string;

  beforeAll(async () => {
    const conduct = bot();
    admin = await seedRoleHolder(conduct, 'Tamsin Trust', 'trust_admin', 'trust');
    head = await seedRoleHolder(conduct, 'Harriet Head', 'headteacher');
    await seedRoleHolder(conduct, 'Della Safeguarding', 'dsl');
    const teacher = await seedReporter(conduct, 'Zoë Łukasz-Teacher');
    await say(conduct, teacher, "I'm worried about a child in my class");
    await say(conduct, teacher, 'Leo Example, 5A');
    await say(conduct, teacher, narrative);
    await say(conduct, teacher, 'no');
    expect(referenceIn(await say(conduct, teacher, 'send'))).toBeDefined();
    const person = await conduct.models.Person.findOne({ entraObjectId: teacher.aadObjectId }).lean();
    teacherId = person!._id.toString();
  });

  it('gives the trust admin a ZIP of a readable PDF and JSON, withholding the sealed concern, and audits it', async () => {
    const conduct = bot();
    const response = await download(conduct, admin.user.aadObjectId, teacherId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/zip/);
    const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
    expect(Object.keys(zip.files).sort()).toEqual(['subject-access.json', 'subject-access.pdf']);
    const json = await zip.file('subject-access.json')!.async('string');
    const data = JSON.parse(json) as {
      person: { displayName: string };
      collections: { collection: string; records: unknown[] }[];
      withheld: { collection: string; path: string }[];
    };
    expect(data.person.displayName).toBe('Zoë Łukasz-Teacher');
    expect(data.collections.map((c) => c.collection)).toEqual(
      expect.arrayContaining(['people', 'incidents']),
    );
    expect(data.withheld).toEqual(
      expect.arrayContaining([expect.objectContaining({ collection: 'incidents', path: 'sealedNarrative' })]),
    );
    // The PDF, read back as text (its Unicode font through its ToUnicode map): the person by name,
    // each collection of the JSON with as many records, the sealed concern listed as withheld and
    // never printed.
    const pdfBytes = Buffer.from(await zip.file('subject-access.pdf')!.async('uint8array'));
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = pdfText(pdfBytes);
    expect(pdf).toContain('Personal data held about Zoë Łukasz-Teacher');
    for (const { collection, records } of data.collections)
      expect(pdf).toContain(`${collection} (${records.length})`);
    expect(pdf).toContain(`Withheld (${data.withheld.length})`);
    expect(pdf).toMatch(/incidents, record [0-9a-f]{24}: sealedNarrative/);
    for (const text of [json, pdf, pdfBytes.toString('latin1')]) {
      expect(text).not.toContain('bruises');
      expect(text).not.toContain('Leo Example');
    }
    const audited = await conduct.models.AuditEvent.find({ action: 'person.subject_access_exported' }).lean();
    expect(audited).toEqual([
      expect.objectContaining({
        actorId: expect.anything(),
        subject: { kind: 'person', id: teacherId },
        details: expect.objectContaining({ withheld: data.withheld.length }),
      }),
    ]);
    expect(audited[0]!.actorId!.toString()).toBe(admin.personId);
  });

  it('is refused to anyone but the DPO and the trust admin', async () => {
    const conduct = bot();
    expect((await download(conduct, head.user.aadObjectId, teacherId)).status).toBe(403);
    expect((await download(conduct, admin.user.aadObjectId, '0123456789abcdef01234567')).status).toBe(404);
  });
  it("lists where the person stands with each policy version of their trust, and nobody else's standing", async () => {
    const conduct = bot();
    const teacher = await conduct.models.Person.findById(teacherId).lean();
    const tenantId = teacher!.tenantId;
    // Two published versions of the trust's; a standing of the teacher's for each, and one of a colleague's.
    const versions = [new Types.ObjectId(), new Types.ObjectId()];
    await conduct.models.PolicyVersion.collection.insertMany(
      versions.map((_id) => ({
        _id,
        tenantId,
        policyId: new Types.ObjectId(),
        label: '2026.1',
        status: 'published',
      })),
    );
    const standing = (versionId: Types.ObjectId, personId: string) => ({
      _id: `${versionId.toString()}:${personId}`,
      tenantId,
      policyVersionId: versionId,
      personId: new Types.ObjectId(personId),
      cell: null,
      keys: [],
      department: null,
      name: 'Zoë Łukasz-Teacher',
      dueDay: '2026-12-01',
      signed: false,
      signedDay: null,
      rev: 1,
    });
    await conduct.models.ComplianceStanding.collection.insertMany([
      standing(versions[0]!, teacherId),
      standing(versions[1]!, teacherId),
      standing(versions[0]!, admin.personId),
    ] as never[]);
    const response = await download(conduct, admin.user.aadObjectId, teacherId);
    expect(response.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
    const data = JSON.parse(await zip.file('subject-access.json')!.async('string')) as {
      collections: { collection: string; records: { _id: string }[] }[];
    };
    const standings = data.collections.find((c) => c.collection === 'compliance_standings');
    expect(standings?.records.map((r) => r._id).sort()).toEqual(
      versions.map((v) => `${v.toString()}:${teacherId}`).sort(),
    );
  });
});
