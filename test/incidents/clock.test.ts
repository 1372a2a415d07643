import { formatDateTime } from '../../src/shared/time';
import type { Person } from '../../src/directory/model';
import { loadActor } from '../../src/directory/sign-in';
import { recordBreachDecision } from '../../src/incidents/handling';
import { breachReminderJob, escalateJob } from '../../src/incidents/jobs';
import type { Incidents } from '../../src/incidents/module';
import { createSealer } from '../../src/incidents/seal';
import type { Models } from '../../src/store/models';
import { testTenantId } from '../../scripts/standins/teams';
import { useIncidentsFixture, type IncidentsFixture } from './fixture';
import { testIncidentKey } from './helpers';

const hour = 3_600_000;
const start = new Date('2026-11-23T09:00:00Z');

describe('the clocks of an incident (a fake clock)', () => {
  const fixture = useIncidentsFixture(start, { INCIDENT_ESCALATION_MINUTES: '90' });
  let incidents: Incidents;
  let models: Models;
  let clock: IncidentsFixture['clock'];
  let jobs: IncidentsFixture['jobs'];
  let notifier: IncidentsFixture['notifier'];
  let reporter: Person;
  let dpo: Person;

  beforeAll(async () => {
    ({ incidents, models, clock, jobs, notifier } = fixture());
    reporter = await fixture().person('Rae Reporter');
    dpo = await fixture().person('Dot Protection', 'dpo');
    await fixture().person('Nat Network', 'network_manager');
    await fixture().person('Ivy Manager', 'it_manager');
  });

  const report = (type: string, answers: readonly string[]) => fixture().report(reporter, type, answers);

  const breachAnswers = (aware: string) => [
    'A class list with medical notes went to the wrong parent',
    'Names, dates of birth and medical notes',
    '30',
    '30',
    aware,
    'Distress; medical details known to another family',
    'Asked the parent to delete it; they confirmed',
  ];
  const sentTo = (who: Person, kind: string) =>
    notifier.sent.filter((s) => s.conversationId === who.conversation?.id && s.message.kind === kind);

  it('reminds the DPO at 24, 48 and 60 hours after awareness, until the decision is recorded', async () => {
    const incidentId = await report('data_breach', breachAnswers('now'));
    const stored = await models.Incident.findById(incidentId).lean();
    expect(stored?.awareAt).toEqual(start);
    expect(stored?.breach?.deadlineAt).toEqual(new Date(start.getTime() + 72 * hour));
    expect(sentTo(dpo, 'new')).toHaveLength(1);
    const reminders = jobs.pending.filter(
      (j) => j.name === breachReminderJob && j.data.incidentId === incidentId,
    );
    expect(reminders.map((j) => (j.when.getTime() - start.getTime()) / hour)).toEqual([24, 48, 60]);

    await jobs.runUntil(new Date(start.getTime() + 23 * hour + 59 * 60_000));
    expect(sentTo(dpo, 'breach-reminder')).toHaveLength(0);
    await jobs.runUntil(new Date(start.getTime() + 24 * hour));
    expect(sentTo(dpo, 'breach-reminder').map((s) => s.message)).toEqual([
      expect.objectContaining({ hoursSinceAware: 24 }),
    ]);
    await jobs.runUntil(new Date(start.getTime() + 50 * hour));
    expect(
      sentTo(dpo, 'breach-reminder').map((s) => (s.message as { hoursSinceAware: number }).hoursSinceAware),
    ).toEqual([24, 48]);

    const actor = await loadActor(models, testTenantId, dpo.entraObjectId);
    const handling = {
      models,
      notifier,
      sealer: createSealer(testIncidentKey),
      jobs,
      now: clock.now,
      timeZone: 'Europe/London',
    };
    await recordBreachDecision(handling, actor, incidentId, {
      report: false,
      reason: 'Low risk: contained within the hour',
    });
    await jobs.runUntil(new Date(start.getTime() + 100 * hour));
    expect(sentTo(dpo, 'breach-reminder')).toHaveLength(2);
    const decided = await models.Incident.findById(incidentId).lean();
    expect(decided?.breach?.remindersSent).toEqual([24, 48]);
    expect(decided?.breach?.decision).toMatchObject({
      report: false,
      reason: 'Low risk: contained within the hour',
    });
  });

  it('does not send a reminder twice when its job runs again', async () => {
    clock.set(start);
    const incidentId = await report('data_breach', breachAnswers('now'));
    const job = jobs.pending.find(
      (j) => j.name === breachReminderJob && j.data.incidentId === incidentId && j.data.hour === 24,
    )!;
    await jobs.runUntil(new Date(start.getTime() + 24 * hour));
    const before = notifier.sent.length;
    await jobs.at(job.when, job.name, job.data, { ...job.data, again: true });
    await jobs.runUntil(new Date(start.getTime() + 24 * hour));
    expect(notifier.sent.length).toBe(before);
  });

  it('counts from when the school became aware: reminders already due are not sent late', async () => {
    clock.set(new Date(start.getTime() + 200 * hour));
    const now = clock.now();
    const aware = new Date(now.getTime() - 30 * hour);
    const awareText = formatDateTime(aware, 'Europe/London');
    const incidentId = await report('data_breach', breachAnswers(awareText));
    const stored = await models.Incident.findById(incidentId).lean();
    expect(stored?.breach?.deadlineAt).toEqual(new Date(aware.getTime() + 72 * hour));
    const due = jobs.pending.filter((j) => j.name === breachReminderJob && j.data.incidentId === incidentId);
    expect(due.map((j) => j.data.hour)).toEqual([48, 60]);
  });

  it('escalates a report nobody has taken after INCIDENT_ESCALATION_MINUTES, once, and not one taken in time', async () => {
    clock.set(new Date(start.getTime() + 400 * hour));
    const t0 = clock.now();
    const unclaimed = await report('password_compromised', [
      'Microsoft 365',
      'yes',
      'this morning',
      'Typed it in front of the class',
    ]);
    const claimed = await report('password_compromised', [
      'SIMS',
      'yes',
      'not known',
      'Sign-in alert from abroad',
    ]);
    const escalation = jobs.pending.find((j) => j.name === escalateJob && j.data.incidentId === unclaimed)!;
    expect(escalation.when).toEqual(new Date(t0.getTime() + 90 * 60_000));
    const networkManager = await models.Person.findOne({ displayName: 'Nat Network' }).lean<Person>();
    const actor = await loadActor(models, testTenantId, networkManager!.entraObjectId);
    await incidents.claim(actor, claimed);
    const escalatedBefore = notifier.sent.filter((s) => s.message.kind === 'escalated').length;
    await jobs.runUntil(new Date(t0.getTime() + 3 * hour));
    const escalated = notifier.sent.filter((s) => s.message.kind === 'escalated').slice(escalatedBefore);
    expect(escalated.map((s) => s.message.notice.incidentId)).toEqual([unclaimed]);
    const after = await models.Incident.findById(unclaimed).lean();
    expect(after?.escalatedAt).toEqual(new Date(t0.getTime() + 90 * 60_000));
    expect(after?.timeline.map((e) => e.what)).toContain('escalated');
  });
});
