import { randomUUID } from 'node:crypto';
import type { MyReportView } from '../../src/incidents/queue';
import type { IncidentDetailView, IncidentSummaryView } from '../../src/incidents/views';
import { seedPerson, useConductBot } from '../support/conduct';
import { teamsUser, testTenantId } from '../../scripts/standins/teams';
import {
  answerAll,
  eventually,
  referenceIn,
  say,
  seedReporter,
  seedRoleHolder,
  sentSince,
  testIncidentKey,
} from './helpers';
import { pdfText } from './pdf-text';

type Queue = { items: IncidentSummaryView[]; total: number };
type ErrorBody = { error: { code: string; message: string; details?: { path: string }[] } };

describe('the incidents API', () => {
  const bot = useConductBot({ env: { INCIDENT_ENCRYPTION_KEY: testIncidentKey } });
  const oid: Record<string, string> = {};
  let reporter: ReturnType<typeof teamsUser>;
  let virus: { id: string; reference: string };
  let breach: { id: string; reference: string };

  const as = <T>(who: string, method: string, path: string, body?: unknown) =>
    bot().api<T & Partial<ErrorBody>>(method, path, {
      as: oid[who],
      ...(body === undefined ? {} : { body }),
    });

  beforeAll(async () => {
    const conduct = bot();
    for (const [key, name, role] of [
      ['helpdesk', 'Harriet Helpdesk', 'ict_helpdesk'],
      ['head', 'Hal Head', 'headteacher'],
      ['dpo', 'Dot Protection', 'dpo'],
    ] as const) {
      oid[key] = (await seedRoleHolder(conduct, name, role)).user.aadObjectId;
    }
    const it = await seedRoleHolder(conduct, 'Ivy Manager', 'it_manager', 'trust');
    oid.it = it.user.aadObjectId;
    const southVale = await conduct.models.School.create({
      tenantId: testTenantId,
      name: 'South Vale School',
      code: 'SVS',
    });
    const sid = teamsUser('Sid Southvale');
    const sidPerson = await seedPerson(conduct.models, sid, { schoolId: southVale._id.toString() });
    await conduct.models.RoleAssignment.create({
      tenantId: testTenantId,
      personId: sidPerson._id,
      role: 'ict_helpdesk',
      scopeKey: southVale._id.toString(),
    });
    oid.otherSchool = sid.aadObjectId;
    oid.staff = (await seedReporter(conduct, 'Stan Staff')).aadObjectId;
    reporter = await seedReporter(conduct, 'Rob Reporter');
    oid.reporter = reporter.aadObjectId;

    await say(conduct, reporter, 'my computer is full of pop ups, I think it is malware');
    const sent = await answerAll(conduct, reporter, [
      'Library PC 3',
      'Adverts everywhere',
      'none',
      'Logged off',
      'now',
      'send',
    ]);
    const reference = referenceIn(sent)!;
    virus = { reference, id: (await conduct.models.Incident.findOne({ reference }).lean())!._id.toString() };
  });

  it('gives the queue only to roles that see incidents, for their own schools', async () => {
    const mine = await as<Queue>('helpdesk', 'GET', '/api/incidents?status=new&type=virus&age=24h');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i) => i.reference)).toEqual([virus.reference]);
    expect(mine.body.items[0]).toMatchObject({
      typeLabel: 'Virus or malware',
      reporterName: 'Rob Reporter',
      schoolName: 'North Hill School',
    });
    expect((await as<Queue>('head', 'GET', '/api/incidents')).body.items.map((i) => i.reference)).toContain(
      virus.reference,
    );
    expect((await as<Queue>('otherSchool', 'GET', '/api/incidents')).body.items).toEqual([]);
    const staff = await as('staff', 'GET', '/api/incidents');
    expect([staff.status, staff.body.error?.code]).toEqual([403, 'forbidden']);
    const elsewhere = await as('otherSchool', 'GET', `/api/incidents/${virus.id}`);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error?.message).toMatch(/role that may see this incident/);
    const bad = await as('helpdesk', 'GET', '/api/incidents?status=lost&age=forever');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details?.map((d) => d.path).sort()).toEqual(['age', 'status']);
    expect((await as('helpdesk', 'GET', '/api/incidents/not-an-id')).status).toBe(400);
    expect((await as('helpdesk', 'GET', `/api/incidents/${'0'.repeat(24)}`)).status).toBe(404);
  });

  it('lets the helpdesk take it on, move it along and comment; the reporter hears of each step', async () => {
    const conduct = bot();
    const before = conduct.connector.received.length;
    const refused = await as('head', 'POST', `/api/incidents/${virus.id}/claim`);
    expect([refused.status, refused.body.error?.message]).toEqual([
      403,
      expect.stringMatching(/Only the people responsible/),
    ]);
    const claimed = await as<IncidentDetailView>('helpdesk', 'POST', `/api/incidents/${virus.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({
      status: 'triaged',
      owner: { name: 'Harriet Helpdesk' },
      allowed: { claim: false, changeStatus: ['in_progress', 'resolved', 'closed'] },
    });
    expect(claimed.body.timeline.slice(-2).map((e) => e.label)).toEqual(['Taken on', 'Status: Triaged']);
    const again = await as('helpdesk', 'POST', `/api/incidents/${virus.id}/claim`);
    expect([again.status, again.body.error?.message]).toEqual([
      409,
      `You have already taken ownership of ${virus.reference}.`,
    ]);
    const second = await as('it', 'POST', `/api/incidents/${virus.id}/claim`);
    expect([second.status, second.body.error?.message]).toEqual([
      409,
      `Harriet Helpdesk has already taken ownership of ${virus.reference}.`,
    ]);

    // The headteacher sees the report but does not handle viruses: offered no move, and refused one, saying why.
    const headView = await as<IncidentDetailView>('head', 'GET', `/api/incidents/${virus.id}`);
    expect(headView.body.allowed).toEqual({
      claim: false,
      changeStatus: [],
      comment: true,
      breachDecision: false,
    });
    const notTheirs = await as('head', 'POST', `/api/incidents/${virus.id}/status`, {
      status: 'in_progress',
      messageToReporter: 'The head is on it',
    });
    expect([notTheirs.status, notTheirs.body.error?.message]).toEqual([
      403,
      'Only the people responsible for this kind of incident at its school can do this.',
    ]);
    const back = await as('helpdesk', 'POST', `/api/incidents/${virus.id}/status`, { status: 'new' });
    expect([back.status, back.body.error?.message]).toEqual([
      409,
      'An incident that is triaged cannot become new (it can become in progress, resolved, closed).',
    ]);
    // What the tab once sent after Claim: a move to where it already is. Refused, and nothing recorded.
    const noMove = await as('helpdesk', 'POST', `/api/incidents/${virus.id}/status`, {
      status: 'triaged',
      note: 'Looking at it',
    });
    expect([noMove.status, noMove.body.error?.message]).toEqual([
      409,
      'This incident is already triaged; nothing was changed.',
    ]);
    const noOutcome = await as('helpdesk', 'POST', `/api/incidents/${virus.id}/status`, {
      status: 'resolved',
    });
    expect([noOutcome.status, noOutcome.body.error?.message]).toEqual([
      400,
      expect.stringMatching(/outcome/),
    ]);
    expect(
      (await as('helpdesk', 'POST', `/api/incidents/${virus.id}/status`, { status: 'done', extra: 1 }))
        .status,
    ).toBe(400);
    const moving = await as<IncidentDetailView>('helpdesk', 'POST', `/api/incidents/${virus.id}/status`, {
      status: 'in_progress',
      note: 'Booked the reimage',
      messageToReporter: 'Please use Library PC 4 until we have reimaged PC 3.',
    });
    expect(moving.status).toBe(200);
    expect(moving.body.timeline.slice(-2)).toEqual([
      expect.objectContaining({
        what: 'status:in_progress',
        label: 'Status: In progress',
        by: 'Harriet Helpdesk',
        note: 'Booked the reimage',
      }),
      expect.objectContaining({
        what: 'to_reporter',
        label: 'Message to the reporter',
        by: 'Harriet Helpdesk',
        note: 'Please use Library PC 4 until we have reimaged PC 3.',
      }),
    ]);
    const comment = await as<IncidentDetailView>('helpdesk', 'POST', `/api/incidents/${virus.id}/comments`, {
      text: 'Reimaging the PC this afternoon',
    });
    expect(comment.status).toBe(201);
    expect(comment.body.timeline.at(-1)).toMatchObject({
      label: 'Comment',
      by: 'Harriet Helpdesk',
      note: 'Reimaging the PC this afternoon',
    });
    const blank = await as('helpdesk', 'POST', `/api/incidents/${virus.id}/comments`, { text: '  ' });
    expect([blank.status, blank.body.error?.details?.map((d) => d.path)]).toEqual([400, ['text']]);
    const resolved = await as<IncidentDetailView>('helpdesk', 'POST', `/api/incidents/${virus.id}/status`, {
      status: 'resolved',
      note: 'Adware removed; PC reimaged',
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome: 'Adware removed; PC reimaged' });
    expect(resolved.body.timeline.map((e) => e.what)).toEqual([
      'reported',
      'notified',
      'claimed',
      'status:triaged',
      'status:in_progress',
      'to_reporter',
      'comment',
      'status:resolved',
    ]);
    const statuses = ['taken on', 'in progress', 'resolved'];
    const told = await eventually(
      () => sentSince(conduct, reporter.conversationId, before).join('\n'),
      (text) => statuses.every((status) => text.includes(`is now **${status}**`)),
    );
    expect(told).toContain('Message from Harriet Helpdesk');
    expect(told).toContain('Please use Library PC 4 until we have reimaged PC 3.');
    // The notes for the record and comments stay with the handlers.
    expect(told).not.toMatch(/Reimaging|Booked the reimage|Adware|The head is on it/);

    const audit = await conduct.models.AuditEvent.find({ 'subject.id': virus.id }).lean();
    expect(JSON.stringify(audit)).not.toContain('Library PC 4');
    expect(audit.map((e) => e.action)).toEqual([
      'incident.reported',
      'incident.claimed',
      'incident.status_changed',
      'incident.commented',
      'incident.status_changed',
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/Reimaging|Adware/);
  });

  it('prints the incident sheet for those who may see it', async () => {
    const conduct = bot();
    const fetchSheet = async (who: string) => {
      const token = await conduct.entra.tokenFor({ oid: oid[who]! });
      return fetch(`${conduct.app.url}/api/incidents/${virus.id}/sheet.pdf`, {
        headers: { authorization: `Bearer ${token}` },
      });
    };
    const response = await fetchSheet('head');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${virus.reference}.pdf"`);
    const text = pdfText(Buffer.from(await response.arrayBuffer()));
    for (const expected of [
      `Incident sheet ${virus.reference}`,
      'Library PC 3',
      'Rob Reporter',
      'Taken on',
      'Status: Resolved',
      'Adware removed; PC reimaged',
      'Printed by Hal Head',
    ]) {
      expect(text).toContain(expected);
    }
    expect((await fetchSheet('otherSchool')).status).toBe(403);
  });

  it("lets a person see their own reports, and nobody else's", async () => {
    const mine = await as<{ items: MyReportView[] }>('reporter', 'GET', '/api/my/incidents');
    expect(mine.body.items.map((i) => [i.reference, i.status])).toEqual([[virus.reference, 'resolved']]);
    expect(mine.body.items[0]!.messages).toEqual([
      {
        at: expect.any(String),
        from: 'Harriet Helpdesk',
        text: 'Please use Library PC 4 until we have reimaged PC 3.',
      },
    ]);
    expect(JSON.stringify(mine.body)).not.toMatch(/Reimaging|Booked the reimage|Adware/);
    const inChat = await say(bot(), reporter, 'my reports');
    expect(inChat).toContain('Message from Harriet Helpdesk');
    expect(inChat).toContain('Please use Library PC 4 until we have reimaged PC 3.');
    expect((await as<{ items: unknown[] }>('staff', 'GET', '/api/my/incidents')).body.items).toEqual([]);
  });

  it("records the DPO's decision on a breach, which must come before it is closed", async () => {
    const conduct = bot();
    await say(conduct, reporter, 'I sent an email with pupil data to the wrong parent');
    const sent = await answerAll(conduct, reporter, [
      'Class list with phone numbers sent to the wrong parent',
      'Names and parents phone numbers',
      '28',
      '28',
      '2 hours ago',
      'Unwanted contact is possible',
      'Asked the parent to delete it',
      'send',
    ]);
    const reference = referenceIn(sent)!;
    const stored = (await conduct.models.Incident.findOne({ reference }).lean())!;
    breach = { reference, id: stored._id.toString() };
    const jobs = await conduct.app.connection
      .db!.collection('jobs')
      .find({ name: 'incident.breach-reminder', 'data.incidentId': breach.id })
      .toArray();
    expect(
      jobs
        .map((j) => (new Date(j.nextRunAt as Date).getTime() - stored.awareAt!.getTime()) / 3_600_000)
        .sort((a, b) => a - b),
    ).toEqual([24, 48, 60]);

    expect(
      (
        await as('helpdesk', 'POST', `/api/incidents/${breach.id}/breach-decision`, {
          report: true,
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    const early = await as('dpo', 'POST', `/api/incidents/${breach.id}/status`, {
      status: 'closed',
      note: 'Contained',
    });
    expect([early.status, early.body.error?.message]).toEqual([
      409,
      expect.stringMatching(/decision to report this breach/),
    ]);
    // Until the decision is recorded the page offers no move it would refuse: not resolved, not closed.
    const waiting = await as<IncidentDetailView>('dpo', 'GET', `/api/incidents/${breach.id}`);
    expect(waiting.body.allowed).toMatchObject({
      breachDecision: true,
      changeStatus: ['triaged', 'in_progress'],
    });
    const missingReason = await as('dpo', 'POST', `/api/incidents/${breach.id}/breach-decision`, {
      report: false,
    });
    expect(missingReason.status).toBe(400);
    const decided = await as<IncidentDetailView>(
      'dpo',
      'POST',
      `/api/incidents/${breach.id}/breach-decision`,
      {
        report: false,
        reason: 'Contained within the hour; low risk to the families',
      },
    );
    expect(decided.status).toBe(200);
    expect(decided.body.breachDetail?.decision).toMatchObject({ report: false, decidedBy: 'Dot Protection' });
    expect(decided.body.allowed).toMatchObject({
      breachDecision: false,
      changeStatus: ['triaged', 'in_progress', 'closed'],
    });
    expect(
      (
        await as('dpo', 'POST', `/api/incidents/${breach.id}/breach-decision`, {
          report: true,
          reason: 'again',
        })
      ).status,
    ).toBe(409);
    const remaining = await conduct.app.connection
      .db!.collection('jobs')
      .countDocuments({ name: 'incident.breach-reminder', 'data.incidentId': breach.id });
    expect(remaining).toBe(0);
    const closed = await as<IncidentDetailView>('dpo', 'POST', `/api/incidents/${breach.id}/status`, {
      status: 'closed',
      note: 'Not reportable',
    });
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect(closed.body.allowed.changeStatus).toEqual([]);
    // Closed is final: a late move from a page still open is refused, saying why, and nothing is kept.
    const reopened = await as('dpo', 'POST', `/api/incidents/${breach.id}/status`, {
      status: 'in_progress',
      note: 'Reopening',
    });
    expect([reopened.status, reopened.body.error?.message]).toEqual([
      409,
      'An incident that is closed cannot become in progress.',
    ]);
    const after = await conduct.models.Incident.findById(breach.id).lean();
    expect(after?.status).toBe('closed');
    expect(after?.timeline).toHaveLength(closed.body.timeline.length);
  });

  it('answers a person not in the directory with a clear refusal', async () => {
    const token = await bot().entra.tokenFor({ oid: randomUUID() });
    const response = await fetch(`${bot().app.url}/api/my/incidents`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
  });
});
