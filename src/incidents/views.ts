import type { Types } from 'mongoose';
import { namesAndTitles, readable, schoolNames } from '../directory';
import type { Models } from '../store/models';
import type { AnswerValue } from './answers';
import type { Incident, IncidentStatus, UrgentReason } from './model';
import type { IncidentNotice } from './messages';
import type { Sealer } from './seal';
import { incidentTypeLabel, statusLabels } from './labels';
import { displayAnswer } from './steps';
import { findIncidentType } from './catalogue';
import { urgencyOf } from './urgency';

/** A report in the queue (GET /api/incidents) and in "my reports". */
export interface IncidentSummaryView {
  id: string;
  reference: string;
  type: string;
  typeLabel: string;
  status: IncidentStatus;
  restricted: boolean;
  schoolId: string | null;
  schoolName: string | null;
  reporterName: string;
  ownerName: string | null;
  reportedAt: Date;
  escalatedAt: Date | null;
  /** Why it is urgent now — a child in immediate danger, or a breach's last 24 hours — or null. Listed first. */
  urgency: UrgentReason | null;
  /** Data breaches: the ICO deadline, and whether the decision has been recorded. */
  breach: { deadlineAt: Date; decided: boolean } | null;
}

export interface IncidentDetailView extends IncidentSummaryView {
  reporter: { id: string; name: string; jobTitle: string | null };
  owner: { id: string; name: string } | null;
  awareAt: Date | null;
  closedAt: Date | null;
  relatedReference: string | null;
  /** The answers, in the type's order, as text. */
  fields: { key: string; label: string; value: string }[];
  /** Restricted reports only, to the safeguarding roles: the decrypted answers. */
  sealed: { key: string; label: string; value: string }[] | null;
  breachDetail: {
    deadlineAt: Date;
    remindersSent: number[];
    decision: { report: boolean; reason: string; decidedAt: Date; decidedBy: string } | null;
  } | null;
  outcome: string | null;
  /** `what` is a code; `label` says it in words ("Status: In progress", "Message to the reporter"). */
  timeline: { at: Date; by: string | null; what: string; label: string; note: string | null }[];
  /** What the reader may do, so the tab shows only the buttons that will work (changeStatus: the allowed moves). */
  allowed: { claim: boolean; changeStatus: IncidentStatus[]; comment: boolean; breachDecision: boolean };
}

/** The names a set of reports refers to: people and schools. */
export interface Names {
  person(id: Types.ObjectId | null | undefined): string | null;
  jobTitle(id: Types.ObjectId | null | undefined): string | null;
  school(id: Types.ObjectId | null | undefined): string | null;
}

/** Looks up, in two queries, every person and school the reports mention. */
export async function loadNames(
  models: Pick<Models, 'Person' | 'School'>,
  tenantId: string,
  incidents: readonly Incident[],
): Promise<Names> {
  const personIds = new Set<string>();
  const schoolIds = new Set<string>();
  for (const incident of incidents) {
    personIds.add(incident.reporterId.toString());
    if (incident.ownerId) personIds.add(incident.ownerId.toString());
    if (incident.breach?.decision?.decidedBy) personIds.add(incident.breach.decision.decidedBy.toString());
    // Lists may leave the timeline out of what they read.
    for (const entry of incident.timeline ?? []) if (entry.by) personIds.add(entry.by.toString());
    if (incident.schoolId) schoolIds.add(incident.schoolId.toString());
  }
  const [people, schoolById] = await Promise.all([
    namesAndTitles(models, tenantId, personIds),
    schoolNames(models, tenantId, schoolIds),
  ]);
  const personById = new Map(people.map((p) => [p._id.toString(), p]));
  return {
    person: (id) => (id ? (personById.get(id.toString())?.displayName ?? '(unknown person)') : null),
    jobTitle: (id) => (id ? (personById.get(id.toString())?.jobTitle ?? null) : null),
    school: (id) => (id ? (schoolById.get(id.toString()) ?? null) : null),
  };
}

export function summaryView(incident: Incident, names: Names, now: Date): IncidentSummaryView {
  return {
    id: incident._id.toString(),
    reference: incident.reference,
    type: incident.type,
    typeLabel: incidentTypeLabel(incident.type),
    status: incident.status,
    restricted: incident.restricted,
    schoolId: incident.schoolId?.toString() ?? null,
    schoolName: names.school(incident.schoolId),
    reporterName: names.person(incident.reporterId) ?? '(unknown person)',
    ownerName: names.person(incident.ownerId),
    reportedAt: incident.reportedAt,
    escalatedAt: incident.escalatedAt ?? null,
    urgency: urgencyOf(incident, now) ?? null,
    breach: incident.breach
      ? { deadlineAt: incident.breach.deadlineAt, decided: Boolean(incident.breach.decision) }
      : null,
  };
}

/** The answers that are not sealed, as label and text, in the type's order. */
export function fieldLines(
  incident: Pick<Incident, 'type' | 'fields'>,
  timeZone: string,
): { key: string; label: string; value: string }[] {
  const type = findIncidentType(incident.type);
  const answers = (incident.fields ?? {}) as Record<string, AnswerValue | undefined>;
  if (!type)
    return Object.entries(answers).map(([key, value]) => ({ key, label: key, value: String(value) }));
  return type.fields
    .filter((field) => !field.sealed && answers[field.key] !== undefined)
    .map((field) => ({
      key: field.key,
      label: field.label,
      value: displayAnswer(field, answers[field.key], timeZone),
    }));
}

/** The sealed answers, decrypted: only ever called for a reader with a safeguarding role. */
export function sealedLines(
  incident: Pick<Incident, 'type' | 'sealedNarrative'>,
  sealer: Sealer,
): { key: string; label: string; value: string }[] {
  if (!incident.sealedNarrative) return [];
  const opened = JSON.parse(sealer.open(incident.sealedNarrative)) as Record<string, string>;
  const type = findIncidentType(incident.type);
  return Object.entries(opened).map(([key, value]) => ({
    key,
    label: type?.fields.find((f) => f.key === key)?.label ?? key,
    value,
  }));
}

/** A report as a card may show it: the answers only when it is not restricted. */
export function noticeOf(incident: Incident, names: Names, timeZone: string, now: Date): IncidentNotice {
  return {
    incidentId: incident._id.toString(),
    reference: incident.reference,
    typeLabel: incidentTypeLabel(incident.type),
    restricted: incident.restricted,
    status: incident.status,
    schoolName: names.school(incident.schoolId) ?? undefined,
    reporterName: names.person(incident.reporterId) ?? '(unknown person)',
    reportedAt: incident.reportedAt,
    lines: incident.restricted ? [] : fieldLines(incident, timeZone),
    ownerName: names.person(incident.ownerId) ?? undefined,
    breachDeadlineAt: incident.breach?.deadlineAt ?? undefined,
    urgency: urgencyOf(incident, now),
  };
}

const timelineLabels: Record<string, string> = {
  reported: 'Reported',
  notified: 'People told',
  claimed: 'Taken on',
  comment: 'Comment',
  to_reporter: 'Message to the reporter',
  reporter_not_reached: 'The reporter could not be reached in Teams',
  escalated: 'Escalated',
  'breach_decision:report': 'Decision: report the breach to the ICO',
  'breach_decision:not_report': 'Decision: the breach is not reportable to the ICO',
};

/** A timeline entry's code in words, for the tab and the incident sheet. */
export function timelineLabel(what: string): string {
  const known = timelineLabels[what];
  if (known) return known;
  const [kind, detail = ''] = what.split(':');
  if (kind === 'status') return `Status: ${statusLabels[detail as IncidentStatus] ?? readable(detail)}`;
  const hours = /^(\d+)h$/.exec(detail);
  if (kind === 'breach_reminder' && hours) return `ICO reminder sent (${hours[1]} hours)`;
  return readable(what);
}

/** What a message to the reporter is called on the timeline; "my reports" shows these entries. */
export const toReporter = 'to_reporter';

/** The messages to the reporter on a report's timeline, oldest first, opened when sealed. */
export function messagesToReporter(
  incident: Pick<Incident, 'timeline'>,
  sealer: Sealer,
): { at: Date; by: Types.ObjectId | null; text: string }[] {
  return (incident.timeline ?? [])
    .filter((entry) => entry.what === toReporter)
    .map((entry) => ({
      at: entry.at,
      by: entry.by ?? null,
      text: entry.note ?? (entry.sealedNote ? sealer.open(entry.sealedNote) : ''),
    }));
}
