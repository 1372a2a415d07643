/**
 * Incident types and statuses as people say them, defined once: the catalogue, the bot's cards, the
 * server's views and sheets, and the tab (which imports this file) all read them from here. No
 * imports but the status table, which has none, so the tab can use it as it is.
 */
export { reporterStatusWords, statusLabels } from './status';

export const incidentTypeLabels = {
  virus: 'Virus or malware',
  inadvertent_access: 'Inappropriate material seen',
  password_compromised: 'Password may be known',
  data_breach: 'Data breach',
  child_safety: "Concern about a child's safety",
  cyberbullying: 'Cyberbullying',
  lost_device: 'Lost or stolen device',
  suspicious_email: 'Suspicious email or attachment',
  other: 'Something else',
} as const;

export type IncidentTypeId = keyof typeof incidentTypeLabels;

/** A type's label; an id the catalogue no longer has (an older report) is at least made readable. */
export const incidentTypeLabel = (type: string): string =>
  (incidentTypeLabels as Record<string, string>)[type] ??
  type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
