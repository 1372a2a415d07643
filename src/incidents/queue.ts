import { Types, type FilterQuery } from 'mongoose';
import { atOrAfter } from '../store/filters';
import { z } from 'zod';
import { auditIncident } from './audit';
import type { Actor } from '../directory';
import { idText } from '../shared/input';
import { since, type SchoolClock } from '../shared/time';
import { AppError } from '../errors';
import type { Models } from '../store/models';
import { canDecideBreach, canHandle, visibleFilter } from './access';
import { loadVisible, type IncidentAttempt } from './handling';
import { incidentStatuses, type Incident } from './model';
import type { Sealer, SealedText } from './seal';
import { movesNow } from './status';
import { incidentTypes } from './catalogue';
import { countIncidents, incidentPage, reportsBy } from './store';
import { notUrgentNow, urgentNow } from './urgency';
import {
  fieldLines,
  loadNames,
  messagesToReporter,
  sealedLines,
  summaryView,
  timelineLabel,
  type IncidentDetailView,
  type IncidentSummaryView,
  type Names,
} from './views';

export const pageSize = 50;

export const queueQueryInput = z.strictObject({
  type: z.enum(incidentTypes.map((t) => t.id) as [string, ...string[]]).optional(),
  status: z.enum(incidentStatuses).optional(),
  school: idText.optional(),
  /** Reported within this long: "24h", "7d", "30d". */
  age: z
    .string()
    .regex(/^\d{1,4}[hd]$/, 'must be a number of hours or days, e.g. 24h or 7d')
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type QueueQuery = z.infer<typeof queueQueryInput>;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface QueueDeps {
  readonly models: Pick<Models, 'Incident' | 'Person' | 'School' | 'AuditEvent' | 'AuditHead'>;
  readonly sealer: Sealer;
  readonly now: () => Date;
  readonly timeZone: string;
}

/**
 * Which reports an actor may see that match the queue's filters (the queue and its CSV export): a
 * refusal, with the reason, for someone with no role that sees incidents or a school not theirs.
 */
export function queueFilter(
  actor: Actor,
  query: Omit<QueueQuery, 'page'>,
  clock: SchoolClock,
): FilterQuery<Incident> {
  const visible = visibleFilter(actor);
  if (!visible) throw new AppError('forbidden', 'You do not hold a role that sees incidents.');
  if (
    query.school &&
    !actor.roles.some((held) => held.scopeKey === 'trust' || held.scopeKey === query.school)
  ) {
    throw new AppError('forbidden', 'You can only see incidents of the schools where you hold a role.');
  }
  return {
    $and: [
      visible,
      {
        ...(query.type ? { type: query.type } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.school ? { schoolId: new Types.ObjectId(query.school) } : {}),
        ...(query.age ? { reportedAt: atOrAfter(since(clock, query.age)) } : {}),
      },
    ],
  };
}

/** One page of the incidents the actor may see: those urgent now first, then newest first. */
export async function listIncidents(
  deps: QueueDeps,
  actor: Actor,
  query: QueueQuery,
): Promise<Page<IncidentSummaryView>> {
  const filter = queueFilter(actor, query, { now: deps.now(), timeZone: deps.timeZone });
  const now = deps.now();
  const incidents = await urgentFirst(deps, filter, now, (query.page - 1) * pageSize);
  const total = await countIncidents(deps.models, filter);
  const names = await loadNames(deps.models, actor.tenantId, incidents);
  return {
    items: incidents.map((i) => summaryView(i, names, now)),
    page: query.page,
    pageSize,
    total,
  };
}

/**
 * One page of the reports matching `filter`: those urgent now first, then the rest, each newest
 * first. Two queries, because neither database can sort on a condition computed per document.
 */
async function urgentFirst(
  deps: Pick<QueueDeps, 'models'>,
  filter: FilterQuery<Incident>,
  now: Date,
  offset: number,
): Promise<Incident[]> {
  const page = (part: FilterQuery<Incident>, skip: number, limit: number) =>
    incidentPage(deps.models, { $and: [filter, part] }, skip, limit);
  const urgentCount = await countIncidents(deps.models, { $and: [filter, urgentNow(now)] });
  const urgent = offset < urgentCount ? await page(urgentNow(now), offset, pageSize) : [];
  const room = pageSize - urgent.length;
  const rest = room > 0 ? await page(notUrgentNow(now), Math.max(0, offset - urgentCount), room) : [];
  return [...urgent, ...rest];
}

/**
 * One report in full, for someone who may see it: the answer to viewing it, printing its sheet, and
 * every action (claim, status, comment, breach decision) whose reply carries it. A restricted one
 * is opened only here, and each time it is audited as a read, with what it was read for.
 */
export async function incidentDetail(
  deps: QueueDeps,
  actor: Actor,
  incidentId: string,
  via: IncidentAttempt = 'view',
): Promise<IncidentDetailView> {
  const incident = await loadVisible(deps, actor, incidentId, via);
  if (incident.restricted) await auditRead(deps, actor, incident, via);
  const names = await loadNames(deps.models, actor.tenantId, [incident]);
  return detailView(deps, actor, incident, names);
}

export function detailView(
  deps: Pick<QueueDeps, 'sealer' | 'timeZone' | 'now'>,
  actor: Actor,
  incident: Incident,
  names: Names,
): IncidentDetailView {
  const handles = canHandle(actor, incident);
  const open = (sealed: unknown): string | null => (sealed ? deps.sealer.open(sealed as SealedText) : null);
  return {
    ...summaryView(incident, names, deps.now()),
    reporter: {
      id: incident.reporterId.toString(),
      name: names.person(incident.reporterId) ?? '(unknown person)',
      jobTitle: names.jobTitle(incident.reporterId),
    },
    owner: incident.ownerId
      ? { id: incident.ownerId.toString(), name: names.person(incident.ownerId) ?? '' }
      : null,
    awareAt: incident.awareAt ?? null,
    closedAt: incident.closedAt ?? null,
    relatedReference: incident.relatedReference ?? null,
    fields: fieldLines(incident, deps.timeZone),
    sealed: incident.restricted ? sealedLines(incident, deps.sealer) : null,
    breachDetail: incident.breach
      ? {
          deadlineAt: incident.breach.deadlineAt,
          remindersSent: [...(incident.breach.remindersSent ?? [])],
          decision: incident.breach.decision
            ? {
                report: incident.breach.decision.report,
                reason: incident.breach.decision.reason,
                decidedAt: incident.breach.decision.decidedAt,
                decidedBy: names.person(incident.breach.decision.decidedBy) ?? '',
              }
            : null,
        }
      : null,
    outcome: incident.outcome ?? open(incident.sealedOutcome),
    timeline: incident.timeline.map((entry) => ({
      at: entry.at,
      by: names.person(entry.by),
      what: entry.what,
      label: timelineLabel(entry.what),
      note: entry.note ?? open(entry.sealedNote),
    })),
    allowed: {
      claim: handles && !incident.ownerId,
      changeStatus: handles
        ? movesNow(incident.status, Boolean(incident.breach && !incident.breach.decision))
        : [],
      comment: true,
      breachDecision: Boolean(
        incident.breach && !incident.breach.decision && canDecideBreach(actor, incident),
      ),
    },
  };
}

/** A reader of safeguarding detail leaves a trace: who, which report, when, and through what. Ids only. */
function auditRead(
  deps: Pick<QueueDeps, 'models' | 'now'>,
  actor: Actor,
  incident: Incident,
  via: IncidentAttempt,
): Promise<unknown> {
  return auditIncident(deps.models, {
    incident,
    actorId: actor.personId,
    action: 'incident.read',
    details: { restricted: incident.restricted, via },
    at: deps.now(),
  });
}

/** A report in "my reports": where it stands, and the messages its handlers sent the reporter. */
export interface MyReportView extends IncidentSummaryView {
  messages: { at: Date; from: string | null; text: string }[];
}

/**
 * A person's own reports, newest first, with where each has got to and the messages sent to them.
 * Never the safeguarding detail, the notes for the record or the outcome.
 */
export async function myIncidents(
  deps: { models: Pick<Models, 'Incident' | 'Person' | 'School'>; sealer: Sealer },
  person: { tenantId: string; personId: Types.ObjectId },
  now: Date,
  limit = 50,
): Promise<MyReportView[]> {
  const incidents = await reportsBy(deps.models, person.tenantId, person.personId, limit);
  const names = await loadNames(deps.models, person.tenantId, incidents);
  return incidents.map((incident) => ({
    ...summaryView(incident, names, now),
    messages: messagesToReporter(incident, deps.sealer).map(({ at, by, text }) => ({
      at,
      from: names.person(by),
      text,
    })),
  }));
}
