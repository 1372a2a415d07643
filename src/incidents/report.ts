import { AppError } from '../errors';
import type { JobScheduler } from '../jobs/scheduler';
import { isDuplicateKey } from '../store/duplicate-key';
import type { Models } from '../store/models';
import { nextInSequence } from '../store/sequence';
import { auditIncident } from './audit';
import { answersOf, type Reporter } from './intake-state';
import type { Intake } from './intake-model';
import type { Incident } from './model';
import { notifyJob, scheduleBreachReminders, scheduleEscalation } from './jobs';
import { notifyNewIncident, type NotifyDeps } from './announcements';
import { isSealedText, type Sealer } from './seal';
import { answersThatApply, confirmStep } from './steps';
import { deleteIntake, incidentByReference, insertIncident, reviseIntake } from './store';
import { conditionHolds, findIncidentType, type IncidentType } from './catalogue';
import { urgencyOnReport } from './urgency';
import { addHours } from '../shared/time';

export interface ReportDeps extends NotifyDeps {
  readonly models: Pick<
    Models,
    'Incident' | 'Intake' | 'Counter' | 'AuditEvent' | 'AuditHead' | 'RoleAssignment' | 'Person' | 'School'
  >;
  readonly sealer: Sealer;
  readonly jobs: Pick<JobScheduler, 'at' | 'now'>;
  readonly escalationMinutes: number;
  /** A child in immediate danger: how soon, with nobody taking ownership, the urgent escalation goes. */
  readonly urgentEscalationMinutes: number;
}

/** How long the job announcing an urgent report waits, as the fallback to announcing it while submitting. */
const urgentFallbackMs = 60_000;

/** What the reporter is told once the report is in. */
export interface SubmittedReport {
  readonly incidentId: string;
  readonly reference: string;
  readonly type: IncidentType;
  /** A child in immediate danger: the safeguarding leads were alerted, as urgent, before this returned. */
  readonly urgent: boolean;
  /** Offer to raise another report from this one (a lost device with personal data → a data breach). */
  readonly followUp: { readonly type: IncidentType; readonly prompt: string } | undefined;
}

const breachHours = 72;

/**
 * Turns a confirmed intake into an incident, exactly once: the reference is taken and kept on the
 * intake first, so a retry after a crash finds the same reference (unique) rather than a second report.
 */
export async function submitIntake(
  deps: ReportDeps,
  reporter: Reporter,
  intake: Intake,
): Promise<SubmittedReport> {
  const type = findIncidentType(intake.type);
  if (!type)
    throw new AppError(
      'conflict',
      'This kind of report is no longer offered; please start again with "report".',
    );
  if (intake.step !== confirmStep && intake.step !== 'sending') {
    throw new AppError('conflict', 'There are still questions to answer before this report can be sent.');
  }
  const now = deps.now();
  const reference = intake.reference ?? (await takeReference(deps, intake, now));
  let incident: Incident;
  let created = true;
  try {
    incident = await insertIncident(deps.models, newIncident(deps, type, reporter, intake, reference, now));
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const existing = await incidentByReference(deps.models, reference);
    if (!existing) throw error;
    incident = existing;
    created = false;
  }
  await deleteIntake(deps.models, intake._id);
  if (created) await afterReport(deps, incident);
  const answers = answersThatApply(type, answersOf(intake));
  const follow = type.offerFollowUp;
  const followType =
    follow && conditionHolds(follow.when, answers) ? findIncidentType(follow.type) : undefined;
  return {
    incidentId: incident._id.toString(),
    reference: incident.reference,
    type,
    urgent: incident.urgentReason === 'immediate_danger',
    followUp: followType && follow ? { type: followType, prompt: follow.prompt } : undefined,
  };
}

/** INC-2026-0042: the year's next number. Stored on the intake before the incident is written. */
async function takeReference(deps: ReportDeps, intake: Intake, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const number = await nextInSequence(deps.models, `incident:${year}`);
  const reference = `INC-${year}-${String(number).padStart(4, '0')}`;
  if (!(await reviseIntake(deps.models, intake, { reference, step: 'sending' }))) {
    throw new AppError(
      'conflict',
      'That report was sent or cancelled a moment ago (in another window?), so I did not send it again. Type "my reports" to see your reports.',
    );
  }
  return reference;
}

function newIncident(
  deps: ReportDeps,
  type: IncidentType,
  reporter: Reporter,
  intake: Intake,
  reference: string,
  now: Date,
): Omit<Incident, '_id' | 'createdAt' | 'updatedAt'> {
  const answers = answersThatApply(type, answersOf(intake));
  const sealedKeys = new Set(type.fields.filter((f) => f.sealed).map((f) => f.key));
  const open = Object.fromEntries(Object.entries(answers).filter(([key]) => !sealedKeys.has(key)));
  const sealed = Object.fromEntries(
    Object.entries(answers)
      .filter(([key]) => sealedKeys.has(key))
      .map(([key, value]) => [key, isSealedText(value) ? deps.sealer.open(value) : String(value)]),
  );
  const awareAt = type.breachClock ? awareMoment(answers[type.breachClock.awareField], now) : undefined;
  const deadlineAt = awareAt ? addHours(awareAt, breachHours) : undefined;
  return {
    tenantId: reporter.tenantId,
    reference,
    type: type.id,
    status: 'new',
    schoolId: intake.schoolId ?? undefined,
    reporterId: reporter._id,
    handlingRole: type.handlingRole,
    restricted: type.restricted,
    fields: open,
    ...(sealedKeys.size ? { sealedNarrative: deps.sealer.seal(JSON.stringify(sealed)) } : {}),
    reportedAt: now,
    ...(awareAt && deadlineAt ? { awareAt, breach: { deadlineAt, remindersSent: [] } } : {}),
    ...urgencyOnReport(type, answers, now, deadlineAt),
    ...(intake.relatedReference ? { relatedReference: intake.relatedReference } : {}),
    timeline: [{ at: now, by: reporter._id, what: 'reported' }],
  } as unknown as Omit<Incident, '_id' | 'createdAt' | 'updatedAt'>;
}

const awareMoment = (value: unknown, fallback: Date): Date =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : fallback;

/** The audit event, the timers (escalation, the breach clock) and the job that tells the responsible people. */
async function afterReport(deps: ReportDeps, incident: Incident): Promise<void> {
  const inDanger = incident.urgentReason === 'immediate_danger';
  await auditIncident(deps.models, {
    incident,
    actorId: incident.reporterId,
    action: 'incident.reported',
    details: { type: incident.type, restricted: incident.restricted, urgent: inDanger },
    at: incident.reportedAt,
  });
  await scheduleEscalation(
    deps.jobs,
    incident,
    inDanger ? deps.urgentEscalationMinutes : deps.escalationMinutes,
  );
  if (incident.breach) await scheduleBreachReminders(deps.jobs, incident, deps.now());
  const job = { incidentId: incident._id.toString() };
  if (!inDanger) {
    // Telling people runs as a job: the reporter is answered at once, and a restart loses nothing.
    await deps.jobs.now(notifyJob, job);
    return;
  }
  // A child in danger: the safeguarding leads are told before the reporter is thanked. The job is
  // the fallback should this be cut short; either way the report is announced once (notifiedAt).
  await deps.jobs.at(new Date(deps.now().getTime() + urgentFallbackMs), notifyJob, job, job);
  await notifyNewIncident(deps, incident._id);
}
