import { incidentTypeLabel, incidentTypeLabels, statusLabels } from '../../src/incidents/labels';

/** The server's words for each type and status (one source for both: src/incidents/labels.ts). */
export const incidentTypeNames: Readonly<Record<string, string>> = incidentTypeLabels;
export const statusNames = statusLabels;

export const typeName = (type: string, label?: string | null): string => label ?? incidentTypeLabel(type);

/** The ICO must be told of a reportable breach within 72 hours of the school becoming aware. */
export function breachClock(
  deadlineAt: string,
  now: Date = new Date(),
): { hoursLeft: number; overdue: boolean; deadline: Date } {
  const deadline = new Date(deadlineAt);
  const hoursLeft = (deadline.getTime() - now.getTime()) / 3_600_000;
  return { hoursLeft, overdue: hoursLeft < 0, deadline };
}
