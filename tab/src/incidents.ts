import { statusLabels } from '../../src/incidents/status';

export const incidentTypeNames: Record<string, string> = {
  virus: 'Virus or malware',
  inadvertent_access: 'Inadvertent access',
  password_compromised: 'Password compromised',
  data_breach: 'Data breach',
  child_safety: 'Child-safety concern',
  cyberbullying: 'Cyberbullying',
  lost_device: 'Lost or stolen device',
  suspicious_email: 'Suspicious email',
  other: 'Other',
};

/** The server's words for each status (one source for both). */
export const statusNames = statusLabels;

export const typeName = (type: string, label?: string | null): string =>
  label ?? incidentTypeNames[type] ?? type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** The ICO must be told of a reportable breach within 72 hours of the school becoming aware. */
export function breachClock(
  deadlineAt: string,
  now: Date = new Date(),
): { hoursLeft: number; overdue: boolean; deadline: Date } {
  const deadline = new Date(deadlineAt);
  const hoursLeft = (deadline.getTime() - now.getTime()) / 3_600_000;
  return { hoursLeft, overdue: hoursLeft < 0, deadline };
}
