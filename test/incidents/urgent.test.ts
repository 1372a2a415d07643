import { formatDateTime } from '../../src/shared/dates';
import { noticeCard } from '../../bot/incidents/notice-cards';
import type { Person } from '../../src/directory/model';
import { loadActor } from '../../src/directory/sign-in';
import { recordBreachDecision } from '../../src/incidents/handling';
import { escalateJob, notifyJob } from '../../src/incidents/jobs';
import { incidentDetail, listIncidents, queueQueryInput } from '../../src/incidents/queue';
import { createSealer } from '../../src/incidents/seal';
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
    const deps = {
      models,
      sealer: createSealer(testIncidentKey),
      now: f.clock.now,
      timeZone: 'Europe/London',
    };
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
    expect(copy.message.notice.lines).toEqual(
      expect.arrayContaining([{ key: 'pupilsPresent', label: 'Pupils present', value: 'Yes' }]),
    );
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
    const deps = {
      models: f.models,
      sealer: createSealer(testIncidentKey),
      now: f.clock.now,
      timeZone: 'Europe/London',
    };
    const detail = await incidentDetail(deps, actor, other);
    expect(detail.fields.map((line) => line.label)).toEqual(['What happened', 'A child harmed or exposed']);
    expect(detail.sealed).toBeNull();
  });
});
