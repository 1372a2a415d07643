import type { FilterQuery } from 'mongoose';
import { after, anyOf, atOrBefore, isSet, noneOf, unset } from '../store/filters';
import type { Incident, IncidentStatus, UrgentReason } from './model';
import { addHours } from '../shared/time';
import { conditionHolds, type IncidentType } from './catalogue';

/** A data breach is urgent in the last this many hours of its 72. */
export const breachUrgentHours = 24;

/** Statuses in which an urgent report stays urgent: once resolved or closed it no longer is. */
const openStatuses: readonly IncidentStatus[] = ['new', 'triaged', 'in_progress'];

type Urgency = { urgentFrom: Date; urgentReason: UrgentReason };

/** Why a report is urgent, in words (the CSV export; the cards and the tab say it their own way). */
export const urgencyLabels: Record<UrgentReason, string> = {
  immediate_danger: 'Child in immediate danger',
  breach_deadline: 'Under 24 hours left to tell the ICO',
};

/** From when a new report is urgent: at once when its answers say so, or 24 hours before a breach's deadline. */
export function urgencyOnReport(
  type: IncidentType,
  answers: Readonly<Record<string, unknown>>,
  reportedAt: Date,
  breachDeadlineAt: Date | undefined,
): Urgency | undefined {
  if (type.urgent && conditionHolds(type.urgent.when, answers)) {
    return { urgentFrom: reportedAt, urgentReason: 'immediate_danger' };
  }
  if (breachDeadlineAt) {
    return {
      urgentFrom: addHours(breachDeadlineAt, -breachUrgentHours),
      urgentReason: 'breach_deadline',
    };
  }
  return undefined;
}

/** Why the report is urgent now, or undefined. A breach stops being urgent once the decision is recorded. */
export function urgencyOf(
  incident: Pick<Incident, 'urgentFrom' | 'urgentReason' | 'status' | 'breach'>,
  now: Date,
): UrgentReason | undefined {
  if (!incident.urgentFrom || !incident.urgentReason) return undefined;
  if (incident.urgentFrom.getTime() > now.getTime() || !openStatuses.includes(incident.status))
    return undefined;
  if (incident.urgentReason === 'breach_deadline' && incident.breach?.decision) return undefined;
  return incident.urgentReason;
}

/** The reports urgent now (the same rule as `urgencyOf`, as a filter both databases can run). */
export function urgentNow(now: Date): FilterQuery<Incident> {
  return {
    urgentFrom: atOrBefore(now),
    status: anyOf(openStatuses),
    'breach.decision': unset(),
  };
}

/** Every report `urgentNow` leaves out. */
export function notUrgentNow(now: Date): FilterQuery<Incident> {
  return {
    $or: [
      { urgentFrom: unset() },
      { urgentFrom: after(now) },
      { status: noneOf(openStatuses) },
      { 'breach.decision': isSet() },
    ],
  };
}
