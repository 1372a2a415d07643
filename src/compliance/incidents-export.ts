import type { Actor } from '../directory';
import { loadNames, queueFilter, summaryView, urgencyLabels } from '../incidents';
import type { Models } from '../store/models';
import { formatDateTime } from '../shared/time';
import type { incidentExportQueryInput } from './input';
import { incidentsToExport } from './store';

type ExportQuery = ReturnType<(typeof incidentExportQueryInput)['parse']>;

/** One line of the incident export. Never any answer, narrative or safeguarding detail: the sheet has those. */
export interface IncidentRow {
  reference: string;
  type: string;
  status: string;
  urgent: string;
  school: string;
  reportedAt: string;
  reportedBy: string;
  handledBy: string;
  escalatedAt: string;
  breachDeadline: string;
  breachDecided: string;
  restricted: string;
}

export const incidentColumns: { key: keyof IncidentRow; header: string }[] = [
  { key: 'reference', header: 'Reference' },
  { key: 'type', header: 'Type' },
  { key: 'status', header: 'Status' },
  { key: 'urgent', header: 'Urgent now' },
  { key: 'school', header: 'School' },
  { key: 'reportedAt', header: 'Reported' },
  { key: 'reportedBy', header: 'Reported by' },
  { key: 'handledBy', header: 'Handled by' },
  { key: 'escalatedAt', header: 'Escalated' },
  { key: 'breachDeadline', header: 'ICO deadline' },
  { key: 'breachDecided', header: 'Breach decision recorded' },
  { key: 'restricted', header: 'Restricted' },
];

/** Every incident the actor may see that matches the filters, newest first, as export lines. */
export async function incidentRows(
  models: Pick<Models, 'Incident' | 'Person' | 'School'>,
  actor: Actor,
  query: ExportQuery,
  clock: { now: Date; timeZone: string },
): Promise<IncidentRow[]> {
  const filter = queueFilter(actor, query, clock);
  const incidents = await incidentsToExport(models, filter);
  const names = await loadNames(models, actor.tenantId, incidents);
  const when = (at: Date | null): string => (at ? formatDateTime(at, clock.timeZone) : '');
  return incidents.map((incident) => {
    const view = summaryView(incident, names, clock.now);
    return {
      reference: view.reference,
      type: view.typeLabel,
      status: view.status.replace('_', ' '),
      urgent: view.urgency ? urgencyLabels[view.urgency] : '',
      school: view.schoolName ?? '',
      reportedAt: when(view.reportedAt),
      reportedBy: view.reporterName,
      handledBy: view.ownerName ?? '',
      escalatedAt: when(view.escalatedAt),
      breachDeadline: when(view.breach?.deadlineAt ?? null),
      breachDecided: view.breach ? (view.breach.decided ? 'Yes' : 'No') : '',
      restricted: view.restricted ? 'Yes' : 'No',
    };
  });
}
