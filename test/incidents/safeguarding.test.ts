import { createSealer, type SealedText } from '../../src/incidents/seal';
import { useConductBot, type BotUnderTest } from '../support/conduct';
import { expectValidCard } from '../support/cards';
import type { TeamsUser } from '../../scripts/standins/teams';
import {
  answerAll,
  cardsSince,
  eventually,
  notified,
  referenceIn,
  say,
  seedReporter,
  seedRoleHolder,
  sentSince,
  testIncidentKey,
} from './helpers';
import { pdfText } from './pdf-text';

const narrative = 'Sam (Year 4) said his stepdad locks him in the shed when he is naughty';
const childName = 'Sam Example, 4B';

async function sheet(
  bot: BotUnderTest,
  oid: string,
  id: string,
): Promise<{ status: number; type: string | null; body: Buffer }> {
  const token = await bot.entra.tokenFor({ oid });
  const response = await fetch(`${bot.app.url}/api/incidents/${id}/sheet.pdf`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

describe('a concern about a child', () => {
  const bot = useConductBot({ env: { INCIDENT_ENCRYPTION_KEY: testIncidentKey } });
  let people: Record<
    'dsl' | 'deputy' | 'head' | 'helpdesk' | 'safety',
    Awaited<ReturnType<typeof seedRoleHolder>>
  >;
  let incidentId: string;
  let reference: string;
  let tia: TeamsUser;

  beforeAll(async () => {
    const conduct = bot();
    people = {
      dsl: await seedRoleHolder(conduct, 'Dee Safeguarding', 'dsl'),
      deputy: await seedRoleHolder(conduct, 'Dan Deputy', 'deputy_dsl'),
      head: await seedRoleHolder(conduct, 'Hal Head', 'headteacher'),
      helpdesk: await seedRoleHolder(conduct, 'Hep Desk', 'ict_helpdesk'),
      safety: await seedRoleHolder(conduct, 'Ola Online', 'online_safety_officer'),
    };
  });

  it('goes to the DSL only, with no detail in the card, and is encrypted at rest, in the draft too; the reporter reviews it in their chat', async () => {
    const conduct = bot();
    tia = await seedReporter(conduct, 'Tia Teacher');
    const before = conduct.connector.received.length;
    await say(conduct, tia, "I'm worried about a child in my class");
    await say(conduct, tia, childName);
    await say(conduct, tia, narrative);
    const draft = await conduct.app.connection.db!.collection('intakes').findOne({});
    expect(JSON.stringify(draft)).not.toContain('stepdad');
    expect(JSON.stringify(draft)).not.toContain('Sam Example');
    // The reporter reads their own answers back before sending, in their own chat only.
    const summary = await say(conduct, tia, 'no');
    expect(summary).toContain(narrative);
    expect(summary).toContain(childName);
    expect(JSON.stringify(await conduct.app.connection.db!.collection('intakes').findOne({}))).not.toContain(
      'stepdad',
    );
    const sent = await say(conduct, tia, 'send');
    reference = referenceIn(sent)!;
    expect(sent).toContain('designated safeguarding lead');

    const raw = await conduct.app.connection.db!.collection('incidents').findOne({ reference });
    incidentId = String(raw!._id);
    expect(raw).toMatchObject({ type: 'child_safety', restricted: true, handlingRole: 'dsl' });
    expect(JSON.stringify(raw)).not.toContain('stepdad');
    expect(JSON.stringify(raw)).not.toContain('Sam Example');
    expect(() =>
      createSealer(Buffer.alloc(32, 1).toString('base64')).open(raw!.sealedNarrative as SealedText),
    ).toThrow();
    expect(createSealer(testIncidentKey).open(raw!.sealedNarrative as SealedText)).toContain('stepdad');

    await notified(conduct, reference);
    const dslCards = cardsSince(conduct, people.dsl.user.conversationId, before);
    expect(dslCards).toHaveLength(1);
    expect(JSON.stringify(dslCards[0])).toContain("New incident: Concern about a child's safety");
    expect(JSON.stringify(dslCards[0])).not.toContain('stepdad');
    expect(JSON.stringify(dslCards[0])).not.toContain('Sam Example');
    expectValidCard(dslCards[0]);
    for (const other of [people.head, people.helpdesk, people.safety, people.deputy]) {
      expect(cardsSince(conduct, other.user.conversationId, before)).toEqual([]);
    }
  });

  it('is read in full only by the safeguarding leads, and every read is audited', async () => {
    const conduct = bot();
    const asDsl = await conduct.api<{ sealed: { label: string; value: string }[]; restricted: boolean }>(
      'GET',
      `/api/incidents/${incidentId}`,
      { as: people.dsl.user.aadObjectId },
    );
    expect(asDsl.status).toBe(200);
    expect(asDsl.body.sealed).toEqual(
      expect.arrayContaining([
        { key: 'narrative', label: 'The concern', value: narrative },
        { key: 'childName', label: 'Child', value: childName },
      ]),
    );
    const asDeputy = await conduct.api('GET', `/api/incidents/${incidentId}`, {
      as: people.deputy.user.aadObjectId,
    });
    expect(asDeputy.status).toBe(200);
    for (const other of [people.head, people.helpdesk, people.safety]) {
      const refused = await conduct.api<{ error: { code: string } }>('GET', `/api/incidents/${incidentId}`, {
        as: other.user.aadObjectId,
      });
      expect([other.user.name, refused.status, refused.body.error.code]).toEqual([
        other.user.name,
        404,
        'not_found',
      ]);
      const queue = await conduct.api<{ items: { reference: string }[] }>('GET', '/api/incidents', {
        as: other.user.aadObjectId,
      });
      expect(queue.body.items.map((i) => i.reference)).not.toContain(reference);
    }
    const dslQueue = await conduct.api<{ items: { reference: string }[] }>(
      'GET',
      '/api/incidents?type=child_safety',
      {
        as: people.dsl.user.aadObjectId,
      },
    );
    expect(dslQueue.body.items.map((i) => i.reference)).toEqual([reference]);
    const reads = await conduct.models.AuditEvent.find({
      action: 'incident.read',
      'subject.id': incidentId,
    }).lean();
    expect(reads.map((r) => r.actorId?.toString()).sort()).toEqual(
      [people.dsl.personId, people.deputy.personId].sort(),
    );
    expect(JSON.stringify(reads)).not.toContain('stepdad');
  });

  it('has an incident sheet for the DSL (audited), and none for anyone else', async () => {
    const conduct = bot();
    const pdf = await sheet(conduct, people.dsl.user.aadObjectId, incidentId);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.body);
    expect(text).toContain(`Incident sheet ${reference}`);
    expect(text).toContain('RESTRICTED');
    expect(text).toContain(narrative);
    expect((await sheet(conduct, people.head.user.aadObjectId, incidentId)).status).toBe(404);
    expect(
      await conduct.models.AuditEvent.countDocuments({
        action: 'incident.read',
        'details.via': 'sheet',
        'subject.id': incidentId,
      }),
    ).toBe(1);
  });

  it("keeps the DSL's own notes sealed too", async () => {
    const conduct = bot();
    const comment = await conduct.api('POST', `/api/incidents/${incidentId}/comments`, {
      as: people.dsl.user.aadObjectId,
      body: { text: 'Spoke to social care; strategy meeting tomorrow' },
    });
    expect(comment.status).toBe(201);
    expect(JSON.stringify(comment.body)).toContain('strategy meeting');
    const raw = await conduct.app.connection.db!.collection('incidents').findOne({ reference });
    expect(JSON.stringify(raw)).not.toContain('strategy meeting');
  });

  it("brings the DSL's message to the reporter, in their chat and in 'my reports', sealed at rest like the concern", async () => {
    const conduct = bot();
    const before = conduct.connector.received.length;
    const moved = await conduct.api('POST', `/api/incidents/${incidentId}/status`, {
      as: people.dsl.user.aadObjectId,
      body: {
        status: 'in_progress',
        note: 'Referred to children’s social care',
        messageToReporter: 'Thank you for telling me. I am dealing with it; please keep it to yourself.',
      },
    });
    expect(moved.status).toBe(200);
    const told = await eventually(
      () => sentSince(conduct, tia.conversationId, before).join('\n'),
      (text) => text.includes('I am dealing with it'),
    );
    expect(told).toContain('is now **in progress**');
    expect(told).toContain('Message from Dee Safeguarding');
    expect(told).not.toMatch(/social care|stepdad|Sam Example/);
    const mine = await say(conduct, tia, 'my reports');
    expect(mine).toContain('I am dealing with it');
    expect(mine).not.toMatch(/social care|stepdad/);
    const raw = await conduct.app.connection.db!.collection('incidents').findOne({ reference });
    expect(JSON.stringify(raw)).not.toMatch(/I am dealing with it|social care/);
  });
});

describe('what is logged while a concern is reported and handled', () => {
  const lines: string[] = [];
  const bot = useConductBot({
    env: { INCIDENT_ENCRYPTION_KEY: testIncidentKey },
    logTo: { write: (line: string) => lines.push(line) },
  });

  it('never includes the concern, the child or a note, even when sending fails', async () => {
    const conduct = bot();
    const dsl = await seedRoleHolder(conduct, 'Dee Safeguarding', 'dsl');
    const deputy = await seedRoleHolder(conduct, 'Dan Deputy', 'deputy_dsl');
    conduct.connector.blocked.add(dsl.user.conversationId);
    const tia = await seedReporter(conduct, 'Tia Teacher');
    await say(conduct, tia, 'I have a safeguarding concern');
    const sent = await answerAll(conduct, tia, [childName, narrative, 'not sure', 'send']);
    await notified(conduct, referenceIn(sent)!);
    const id = String((await conduct.models.Incident.findOne({ reference: referenceIn(sent) }).lean())!._id);
    await conduct.api('POST', `/api/incidents/${id}/comments`, {
      as: deputy.user.aadObjectId,
      body: { text: 'Called social care about the shed' },
    });
    await conduct.api('POST', `/api/incidents/${id}/status`, {
      as: deputy.user.aadObjectId,
      body: { status: 'resolved', note: 'Referred; the shed has been checked' },
    });
    const log = lines.join('');
    expect(log).toContain('request');
    expect(log).not.toMatch(/stepdad|shed|Sam Example/);
  });
});
