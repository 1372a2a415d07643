import { formatDateTime } from '../../src/shared/time';
import { noticeCard } from '../../bot/incidents/notice-cards';
import type { Person } from '../../src/directory/model';
import { loadActor } from '../../src/directory/sign-in';
import { recordBreachDecision } from '../../src/incidents/handling';
import { escalateJob, notifyJob } from '../../src/incidents/jobs';
import { incidentDetail, listIncidents, queueQueryInput } from '../../src/incidents/queue';
import { createSealer } from '../../src/incidents/seal';
import { incidentColumns, incidentRows } from '../../src/compliance/incidents-export';
import { incidentExportQueryInput } from '../../src/compliance/input';
import { expectValidCard } from '../support/cards';
import { testTenantId } from '../../scripts/standins/teams';
import { useIncidentsFixture, type IncidentsFixture } from './fixture';
import { testIncidentKey } from './helpers';

const minute = 60_000;
const hour = 60 * minute;
const start = new Date('2026-11-23T09:00:00Z');
const inDanger = ['Kit Example, Year 2', 'Kit said he is scared to go home tonight', 'yes'];
const notInDanger = ['Ada Example, Year 5', 'Ada has had the same bruise for a week', 'no'];
const breachAnswers = (aware: string) => [
  'A class list went to the wrong parent',
  'Names and dates of birth',
  '30',
  '30',
  aware,
  'Distress',
  'Asked the parent to delete it',
];

/** What the queue's use cases need, on the fixture's database and clock. */
const queueDeps = (f: IncidentsFixture) => ({
  models: f.models,
  sealer: createSealer(testIncidentKey),
  now: f.clock.now,
  timeZone: 'Europe/London',
});

describe('urgent reports (a fake clock)', () => {
  const fixture = useIncidentsFixture(start);
  let f: IncidentsFixture;
  let reporter: Person;
  let dsl: Person;
  let deputy: Person;
  let head: Person;

  beforeAll(async () => {
    f = fixture();
    reporter = await f.person('Rae Reporter');
    dsl = await f.person('Dee Lead', 'dsl');
    deputy = await f.person('Dan Deputy', 'deputy_dsl');
    head = await f.person('Hal Head', 'headteacher');
    await f.models.RoleAssignment.create({
      tenantId: testTenantId,
      personId: dsl._id,
      role: 'dpo',
      scopeKey: f.schoolId,
    });
  });

  const sentFor = (incidentId: string) =>
    f.notifier.sent.filter((s) => s.message.notice.incidentId === incidentId);
  const to = (who: Person) => who.conversation!.id;

  it('tells the DSL and the deputies of a child in immediate danger while the report is sent, not by the job', async () => {
    f.clock.set(start);
    let { intake } = await f.incidents.intake.start(reporter, 'child_safety');
    for (const answer of inDanger)
      intake = (await f.incidents.intake.answer(reporter, intake, answer)).intake;
    const submitted = await f.incidents.intake.submit(reporter, intake);
    expect(submitted.urgent).toBe(true);

    // Already told when submit returns: the job that would tell them waits a minute, as the fallback.
    const told = sentFor(submitted.incidentId);
    expect(told.map((s) => [s.conversationId, s.message.kind, s.message.notice.urgency])).toEqual([
      [to(dsl), 'new', 'immediate_danger'],
      [to(deputy), 'new', 'immediate_danger'],
    ]);
    expect(JSON.stringify(told)).not.toMatch(/Kit|scared/);
    const fallback = f.jobs.pending.find(
      (j) => j.name === notifyJob && j.data.incidentId === submitted.incidentId,
    );
    expect(fallback?.when).toEqual(new Date(start.getTime() + minute));
    await f.jobs.runUntil(new Date(start.getTime() + 2 * minute));
    expect(sentFor(submitted.incidentId)).toHaveLength(2);

    const card = noticeCard(told[0]!.message, 'Europe/London');
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('URGENT: a child may be in immediate danger');
    expect(JSON.stringify(card)).toContain('call 999');
  });

  it('goes to the deputies and the headteacher after 15 minutes with no owner — the headteacher with no detail and no button', async () => {
    f.clock.set(new Date(start.getTime() + 10 * hour));
    const t0 = f.clock.now();
    const urgent = await f.report(reporter, 'child_safety', inDanger);
    const ordinary = await f.report(reporter, 'child_safety', notInDanger);
    const escalation = f.jobs.pending.find((j) => j.name === escalateJob && j.data.incidentId === urgent);
    expect(escalation?.when).toEqual(new Date(t0.getTime() + 15 * minute));
    expect(sentFor(ordinary).map((s) => s.message.kind)).toEqual(['new']);

    await f.jobs.runUntil(new Date(t0.getTime() + 14 * minute));
    expect(sentFor(urgent).filter((s) => s.message.kind !== 'new')).toEqual([]);
    await f.jobs.runUntil(new Date(t0.getTime() + 16 * minute));
    const later = sentFor(urgent).filter((s) => s.message.kind !== 'new');
    expect(later.map((s) => [s.conversationId, s.message.kind])).toEqual([
      [to(deputy), 'escalated'],
      [to(head), 'oversight'],
    ]);
    const oversight = noticeCard(later[1]!.message, 'Europe/London');
    expectValidCard(oversight);
    expect(JSON.stringify(oversight)).toContain(
      'no safeguarding lead has taken ownership of it in 15 minutes',
    );
    expect(JSON.stringify(oversight)).not.toMatch(/Kit|scared|Action\.Execute/);
    // Who reported a concern about a child is safeguarding detail: the deputy's card names them, the
    // headteacher's card (and the message it is made from) does not.
    expect(JSON.stringify(noticeCard(later[0]!.message, 'Europe/London'))).toContain('Rae Reporter');
    expect(JSON.stringify(later[1]!.message)).not.toContain('Rae Reporter');
    expect(JSON.stringify(oversight)).not.toMatch(/Rae Reporter|Reported by/);
    // The ordinary concern keeps the ordinary escalation time (two hours).
    expect(sentFor(ordinary).map((s) => s.message.kind)).toEqual(['new']);
  });

  it('does not escalate an urgent concern a safeguarding lead took on in time', async () => {
    f.clock.set(new Date(start.getTime() + 20 * hour));
    const t0 = f.clock.now();
    const id = await f.report(reporter, 'child_safety', inDanger);
    await f.incidents.claim(await loadActor(f.models, testTenantId, dsl.entraObjectId), id);
    await f.jobs.runUntil(new Date(t0.getTime() + 30 * minute));
    expect(sentFor(id).map((s) => s.message.kind)).toEqual(['new', 'new', 'status']);
  });

  it('lists what is urgent now first: a child in danger, a breach in its last 24 hours; a breach stops being urgent once decided', async () => {
    const { models } = f;
    await models.Incident.deleteMany({});
    f.clock.set(new Date(start.getTime() + 100 * hour));
    const now = f.clock.now();
    const late = await f.report(
      reporter,
      'data_breach',
      breachAnswers(formatDateTime(new Date(now.getTime() - 50 * hour), 'Europe/London')),
    );
    f.clock.set(new Date(now.getTime() + minute));
    const concern = await f.report(reporter, 'child_safety', inDanger);
    f.clock.set(new Date(now.getTime() + 2 * minute));
    const fresh = await f.report(reporter, 'data_breach', breachAnswers('now'));
    f.clock.set(new Date(now.getTime() + 3 * minute));
    const calm = await f.report(reporter, 'child_safety', notInDanger);

    const actor = await loadActor(models, testTenantId, dsl.entraObjectId);
    const deps = queueDeps(f);
    const queue = async () =>
      (await listIncidents(deps, actor, queueQueryInput.parse({}))).items.map((i) => [i.id, i.urgency]);
    expect(await queue()).toEqual([
      [concern, 'immediate_danger'],
      [late, 'breach_deadline'],
      [calm, null],
      [fresh, null],
    ]);

    // 48 hours after awareness the fresh breach has 24 left: urgent too, and newest of the urgent ones.
    f.clock.set(new Date(now.getTime() + 2 * minute + 48 * hour));
    expect((await queue()).slice(0, 3)).toEqual([
      [fresh, 'breach_deadline'],
      [concern, 'immediate_danger'],
      [late, 'breach_deadline'],
    ]);
    const handling = { ...deps, notifier: f.notifier, jobs: f.jobs };
    await recordBreachDecision(handling, actor, late, { report: true, reason: 'Sensitive data' });
    expect(await queue()).toEqual([
      [fresh, 'breach_deadline'],
      [concern, 'immediate_danger'],
      [calm, null],
      [late, null],
    ]);
  });
});

describe('urgent reports first on every page of the queue, and in the CSV export', () => {
  const fixture = useIncidentsFixture(start);
  let f: IncidentsFixture;
  let dsl: Person;

  beforeAll(async () => {
    f = fixture();
    dsl = await f.person('Dee Lead', 'dsl');
  });

  it('lists all 53 urgent reports before the 57 others, across three pages, each report once', async () => {
    const now = f.clock.now();
    const concern = (number: number, reportedAt: Date) => ({
      tenantId: testTenantId,
      schoolId: f.schoolId,
      reporterId: dsl._id,
      status: 'new',
      reference: `INC-2026-${String(number).padStart(4, '0')}`,
      type: 'child_safety',
      handlingRole: 'dsl',
      restricted: true,
      reportedAt,
    });
    // The urgent ones are the older: sorting by date alone would put every one of them last.
    const urgent = Array.from({ length: 53 }, (_, i) => {
      const at = new Date(now.getTime() - (200 + i) * hour);
      return { ...concern(i + 1, at), urgentFrom: at, urgentReason: 'immediate_danger' };
    });
    const ordinary = Array.from({ length: 57 }, (_, i) =>
      concern(i + 101, new Date(now.getTime() - (i + 1) * minute)),
    );
    await f.models.Incident.insertMany([...ordinary, ...urgent]);
    const actor = await loadActor(f.models, testTenantId, dsl.entraObjectId);
    const deps = queueDeps(f);
    const pages = [];
    for (const page of [1, 2, 3])
      pages.push(await listIncidents(deps, actor, queueQueryInput.parse({ page: String(page) })));
    expect(pages.map((p) => [p.items.length, p.total])).toEqual([
      [50, 110],
      [50, 110],
      [10, 110],
    ]);
    const listed = pages.flatMap((p) => p.items);
    expect(new Set(listed.map((i) => i.id)).size).toBe(110);
    expect(listed.slice(0, 53).every((i) => i.urgency === 'immediate_danger')).toBe(true);
    expect(listed.slice(53).every((i) => i.urgency === null)).toBe(true);
    // Each part newest first: page 2 opens with the last three urgent reports, then the newest others.
    expect(pages[1]!.items.slice(0, 4).map((i) => i.reference)).toEqual([
      'INC-2026-0051',
      'INC-2026-0052',
      'INC-2026-0053',
      'INC-2026-0101',
    ]);

    const rows = await incidentRows(f.models, actor, incidentExportQueryInput.parse({}), {
      now: f.clock.now(),
      timeZone: 'Europe/London',
    });
    const urgentColumn = incidentColumns.find((c) => c.key === 'urgent');
    expect(urgentColumn?.header).toBe('Urgent now');
    const byReference = new Map(rows.map((r) => [r.reference, r.urgent]));
    expect(byReference.get('INC-2026-0001')).toBe('Child in immediate danger');
    expect(byReference.get('INC-2026-0101')).toBe('');
  });
});

describe('KCSIE: reports where a child was exposed or harmed also go to the DSL', () => {
  const fixture = useIncidentsFixture(start);
  let f: IncidentsFixture;
  let reporter: Person;
  let dsl: Person;
  let safety: Person;

  beforeAll(async () => {
    f = fixture();
    reporter = await f.person('Rae Reporter');
    dsl = await f.person('Dee Lead', 'dsl');
    safety = await f.person('Ola Online', 'online_safety_officer');
    await f.person('Hep Desk', 'ict_helpdesk');
  });

  const toldOf = (incidentId: string) =>
    f.notifier.sent
      .filter((s) => s.message.notice.incidentId === incidentId)
      .map((s) => [s.conversationId, s.message.kind]);
  const access = (pupils: string) => [
    'a video site',
    'now',
    'Room 4 projector PC',
    'A violent clip',
    pupils,
    'Closed the lid',
  ];

  it('tells the DSL of inadvertent access with pupils present (or maybe present), and not without', async () => {
    const withPupils = await f.report(reporter, 'inadvertent_access', access('yes'));
    const maybe = await f.report(reporter, 'inadvertent_access', access('not sure'));
    const without = await f.report(reporter, 'inadvertent_access', access('no'));
    expect(toldOf(withPupils)).toEqual([
      [safety.conversation!.id, 'new'],
      [dsl.conversation!.id, 'copy'],
    ]);
    expect(toldOf(maybe)).toEqual(toldOf(withPupils));
    expect(toldOf(without)).toEqual([[safety.conversation!.id, 'new']]);

    const copy = f.notifier.sent.find(
      (s) => s.message.notice.incidentId === withPupils && s.message.kind === 'copy',
    )!;
    expect(copy.message).toMatchObject({
      notice: {
        lines: expect.arrayContaining([{ key: 'pupilsPresent', label: 'Pupils present', value: 'Yes' }]),
      },
    });
    const card = noticeCard(copy.message, 'Europe/London');
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('pupils may have seen it');
    const stored = await f.models.Incident.findById(withPupils).lean();
    expect(stored?.timeline.filter((e) => e.what === 'notified').map((e) => e.note)).toEqual([
      'Online safety officer: 1 told',
      'Designated safeguarding lead: 1 told',
    ]);
  });

  it("lets the DSL open such a report — and a 'something else' report saying a child was hurt — but nothing sealed", async () => {
    const bullying = await f.report(reporter, 'cyberbullying', [
      'Year 8 pupils against one classmate',
      'yes',
      'A WhatsApp group',
      'Mocking photos of her',
      'skip',
    ]);
    const other = await f.report(reporter, 'other', [
      'A pupil was shown a frightening video on a bus',
      'yes',
    ]);
    expect(toldOf(bullying)).toContainEqual([dsl.conversation!.id, 'copy']);
    expect(toldOf(other)).toContainEqual([dsl.conversation!.id, 'copy']);
    const actor = await loadActor(f.models, testTenantId, dsl.entraObjectId);
    const deps = queueDeps(f);
    const detail = await incidentDetail(deps, actor, other);
    expect(detail.fields.map((line) => line.label)).toEqual(['What happened', 'A child harmed or exposed']);
    expect(detail.sealed).toBeNull();
  });
});
