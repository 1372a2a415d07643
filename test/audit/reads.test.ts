import { trusted } from 'mongoose';
import type { BotUnderTest } from '../support/conduct';
import { useConductBot } from '../support/conduct';
import { referenceIn, say, seedReporter, seedRoleHolder, testIncidentKey } from '../incidents/helpers';

const narrative = 'Ava (Year 2) said an older boy at the bus stop keeps taking her phone';

/** Reads of a sealed concern and refused attempts at one, as the audit trail holds them. */
async function trail(
  bot: BotUnderTest,
  incidentId: string,
): Promise<{ action: string; actor: string; via: unknown }[]> {
  const events = await bot.models.AuditEvent.find({
    'subject.kind': 'incident',
    'subject.id': incidentId,
    action: trusted({ $in: ['incident.read', 'incident.access_refused'] }),
  })
    .sort({ seq: 1 })
    .lean();
  return events.map((e) => ({
    action: e.action,
    actor: e.actorId?.toString() ?? '',
    via: (e.details as Record<string, unknown>).via ?? (e.details as Record<string, unknown>).attempt,
  }));
}

describe('reads of a sealed concern', () => {
  const bot = useConductBot({ env: { INCIDENT_ENCRYPTION_KEY: testIncidentKey } });
  let dsl: Awaited<ReturnType<typeof seedRoleHolder>>;
  let head: Awaited<ReturnType<typeof seedRoleHolder>>;
  let incidentId: string;

  beforeAll(async () => {
    const conduct = bot();
    dsl = await seedRoleHolder(conduct, 'Dina Safeguarding', 'dsl');
    head = await seedRoleHolder(conduct, 'Hugo Head', 'headteacher');
    const teacher = await seedReporter(conduct, 'Tom Teacher');
    await say(conduct, teacher, "I'm worried about a child in my class");
    await say(conduct, teacher, 'Ava Example, 2C');
    await say(conduct, teacher, narrative);
    await say(conduct, teacher, 'no');
    const reference = referenceIn(await say(conduct, teacher, 'send'))!;
    const raw = await conduct.app.connection.db!.collection('incidents').findOne({ reference });
    incidentId = String(raw!._id);
  });

  it('audits every reply that carries the sealed content as a read, whatever the action', async () => {
    const conduct = bot();
    const as = { as: dsl.user.aadObjectId };
    const replies = [
      await conduct.api('POST', `/api/incidents/${incidentId}/claim`, as),
      await conduct.api('POST', `/api/incidents/${incidentId}/status`, {
        ...as,
        body: { status: 'in_progress' },
      }),
      await conduct.api('POST', `/api/incidents/${incidentId}/comments`, {
        ...as,
        body: { text: 'Called parent' },
      }),
      await conduct.api('GET', `/api/incidents/${incidentId}`, as),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 201, 200]);
    for (const reply of replies) expect(JSON.stringify(reply.body)).toContain('bus stop');
    const token = await conduct.entra.tokenFor({ oid: dsl.user.aadObjectId });
    const sheet = await fetch(`${conduct.app.url}/api/incidents/${incidentId}/sheet.pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(sheet.status).toBe(200);
    await sheet.arrayBuffer();

    const reads = (await trail(conduct, incidentId)).filter((e) => e.action === 'incident.read');
    expect(reads).toEqual(
      ['claim', 'status', 'comment', 'view', 'sheet'].map((via) => ({
        action: 'incident.read',
        actor: dsl.personId,
        via,
      })),
    );
  });

  it('audits refused attempts by someone without a safeguarding role, and tells them nothing', async () => {
    const conduct = bot();
    const as = { as: head.user.aadObjectId };
    const attempts = [
      await conduct.api<{ error: { code: string } }>('GET', `/api/incidents/${incidentId}`, as),
      await conduct.api<{ error: { code: string } }>('POST', `/api/incidents/${incidentId}/comments`, {
        ...as,
        body: { text: 'Anything I should know?' },
      }),
    ];
    expect(attempts.map((r) => [r.status, r.body.error.code])).toEqual([
      [404, 'not_found'],
      [404, 'not_found'],
    ]);
    const refused = (await trail(conduct, incidentId)).filter((e) => e.action === 'incident.access_refused');
    expect(refused).toEqual([
      { action: 'incident.access_refused', actor: head.personId, via: 'view' },
      { action: 'incident.access_refused', actor: head.personId, via: 'comment' },
    ]);
    const all = await conduct.models.AuditEvent.find({ 'subject.id': incidentId }).lean();
    expect(JSON.stringify(all)).not.toMatch(/bus stop|Ava|Anything I should know/);
  });
});
