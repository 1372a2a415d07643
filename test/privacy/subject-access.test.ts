import JSZip from 'jszip';
import type { BotUnderTest } from '../support/conduct';
import { useConductBot } from '../support/conduct';
import { referenceIn, say, seedReporter, seedRoleHolder, testIncidentKey } from '../incidents/helpers';

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
    // The PDF is drawn with an embedded Unicode font (names such as Zoë Łukasz), so its text is
    // glyph ids rather than characters: check it is a PDF and holds nothing sealed.
    const pdfBytes = Buffer.from(await zip.file('subject-access.pdf')!.async('uint8array'));
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = pdfBytes.toString('latin1');
    for (const text of [json, pdf]) {
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
});
