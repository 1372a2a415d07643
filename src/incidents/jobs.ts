import { Types } from 'mongoose';
import type { Role } from '../directory';
import { z } from 'zod';
import { checkedPayload } from '../jobs/payload';
import type { JobScheduler } from '../jobs/scheduler';
import { objectId } from '../shared/input';
import type { Models } from '../store/models';
import { auditIncident } from './audit';
import { incidentStatuses, type Incident } from './model';
import { notifyNewIncident, tellReporter } from './announcements';
import { oversightNotice, type IncidentMessage, type IncidentNotice } from './messages';
import { describeDelivery, tellRoles, type RoutingDeps } from './routing';
import { safeguardingRoles } from './access';
import type { Sealer } from './seal';
import { appendTimeline, markBreachReminder, markEscalated } from './store';
import { findIncidentType, type IncidentType } from './catalogue';
import { loadNames, noticeOf } from './views';
import { addHours } from '../shared/time';

export const notifyJob = 'incident.notify';
export const statusJob = 'incident.tell-reporter';
export const escalateJob = 'incident.escalate';
export const breachReminderJob = 'incident.breach-reminder';
/** Hours after the school became aware at which the DPO is reminded, until the decision is recorded. */
export const breachReminderHours = [24, 48, 60] as const;

export interface IncidentJobDeps extends RoutingDeps {
  /** Opens a sealed message to the reporter of a restricted report, to send it to them. */
  readonly sealer: Sealer;
  readonly models: Pick<
    Models,
    'Incident' | 'RoleAssignment' | 'Person' | 'School' | 'AuditEvent' | 'AuditHead'
  >;
  readonly now: () => Date;
  readonly timeZone: string;
  readonly escalationMinutes: number;
  readonly urgentEscalationMinutes: number;
}

/** When nobody has taken ownership after `minutes`, the escalation roles are told (once). */
export async function scheduleEscalation(
  jobs: Pick<JobScheduler, 'at'>,
  incident: Pick<Incident, '_id' | 'reportedAt'>,
  minutes: number,
): Promise<void> {
  const incidentId = incident._id.toString();
  await jobs.at(
    new Date(incident.reportedAt.getTime() + minutes * 60_000),
    escalateJob,
    { incidentId },
    { incidentId },
  );
}

/** The DPO's reminders at 24, 48 and 60 hours after awareness; those already past are not sent late. */
export async function scheduleBreachReminders(
  jobs: Pick<JobScheduler, 'at'>,
  incident: Pick<Incident, '_id' | 'awareAt'>,
  now: Date,
): Promise<void> {
  if (!incident.awareAt) return;
  const incidentId = incident._id.toString();
  for (const hour of breachReminderHours) {
    const when = addHours(incident.awareAt, hour);
    if (when.getTime() <= now.getTime()) continue;
    await jobs.at(when, breachReminderJob, { incidentId, hour }, { incidentId, hour });
  }
}

/** Registers the incident jobs; each checks the report's state when it runs, so a late or repeated run does no harm. */
export function defineIncidentJobs(jobs: Pick<JobScheduler, 'define'>, deps: IncidentJobDeps): void {
  const define = <S extends z.ZodType>(
    job: string,
    payload: S,
    run: (data: z.infer<S>) => Promise<unknown>,
  ) =>
    jobs.define(
      job,
      checkedPayload(job, payload, async (data) => {
        await run(data);
      }),
    );
  define(notifyJob, aboutIncident, ({ incidentId }) => notifyNewIncident(deps, incidentId));
  define(statusJob, statusPayload, ({ incidentId, status, messageAt }) =>
    tellReporter(deps, incidentId, status, messageAt),
  );
  define(escalateJob, aboutIncident, ({ incidentId }) => escalateIfUnclaimed(deps, incidentId));
  define(breachReminderJob, breachReminderPayload, ({ incidentId, hour }) =>
    remindOfBreach(deps, incidentId, hour),
  );
}

const aboutIncident = z.object({ incidentId: objectId });
const statusPayload = aboutIncident.extend({
  status: z.enum(incidentStatuses),
  /** When the handler's message to the reporter was written: the job finds the message by it. */
  messageAt: z.iso
    .datetime()
    .transform((at) => new Date(at))
    .optional(),
});
const breachReminderPayload = aboutIncident.extend({ hour: z.number().int() });

/** Tells the escalation roles of a report still new and unowned; marks it so it happens once. */
export async function escalateIfUnclaimed(
  deps: IncidentJobDeps,
  incidentId: Types.ObjectId | undefined,
): Promise<boolean> {
  if (!incidentId) return false;
  const now = deps.now();
  const marked = await markEscalated(deps.models, incidentId, now);
  const type = marked ? findIncidentType(marked.type) : undefined;
  if (!marked || !type) return false;
  const inDanger = marked.urgentReason === 'immediate_danger' && type.urgent !== undefined;
  const roles = inDanger ? (type.urgent?.escalateTo ?? []) : type.escalateTo;
  const reason = inDanger
    ? `no safeguarding lead has taken ownership of it in ${describeMinutes(deps.urgentEscalationMinutes)}, and a child may be in immediate danger`
    : `nobody has taken ownership of it in ${describeMinutes(deps.escalationMinutes)}`;
  // Those who may not open the report (the headteacher, of a concern about a child) are asked to
  // make sure someone acts, and told nothing more.
  const seeing = roles.filter((role) => mayOpen(type, marked, role));
  const others = roles.filter((role) => !seeing.includes(role));
  let told = 0;
  if (seeing.length)
    told += await tellAndRecord(deps, marked, seeing, 'escalated', (notice) => ({
      kind: 'escalated',
      notice,
      reason,
    }));
  if (others.length)
    told += await tellAndRecord(deps, marked, others, 'escalated', (notice) => ({
      kind: 'oversight',
      notice: oversightNotice(notice),
      reason,
    }));
  await auditIncident(deps.models, {
    incident: marked,
    action: 'incident.escalated',
    details: { told },
    at: now,
  });
  return true;
}

/** Reminds the DPO of the ICO deadline, unless the decision is already recorded or this reminder went. */
export async function remindOfBreach(
  deps: IncidentJobDeps,
  incidentId: Types.ObjectId | undefined,
  hour: number,
): Promise<boolean> {
  if (!incidentId || !breachReminderHours.includes(hour as (typeof breachReminderHours)[number]))
    return false;
  const marked = await markBreachReminder(deps.models, incidentId, hour);
  const type = marked ? findIncidentType(marked.type) : undefined;
  if (!marked || !type) return false;
  await tellAndRecord(deps, marked, [type.handlingRole], `breach_reminder:${hour}h`, (notice) => ({
    kind: 'breach-reminder',
    notice,
    hoursSinceAware: hour,
  }));
  return true;
}

/** Sends a message about the incident to the roles and notes on its timeline who was told. */
async function tellAndRecord(
  deps: IncidentJobDeps,
  incident: Incident,
  roles: readonly Role[],
  what: string,
  message: (notice: IncidentNotice) => IncidentMessage,
): Promise<number> {
  const names = await loadNames(deps.models, incident.tenantId, [incident]);
  const delivery = await tellRoles(
    deps,
    { tenantId: incident.tenantId, roles, schoolId: incident.schoolId, restricted: incident.restricted },
    message(noticeOf(incident, names, deps.timeZone, deps.now())),
    { channelAllowed: false },
  );
  await appendTimeline(deps.models, incident._id, [
    { at: deps.now(), what, note: describeDelivery(roles, delivery) },
  ]);
  return delivery.sent;
}

/** Whether holders of the role may open the report (a restricted one: the safeguarding roles only). */
const mayOpen = (type: IncidentType, incident: Pick<Incident, 'restricted'>, role: Role): boolean =>
  type.viewers.includes(role) && (!incident.restricted || safeguardingRoles.includes(role));

function describeMinutes(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}
