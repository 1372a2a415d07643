import { Types, type FilterQuery } from 'mongoose';
import { atOrAfter } from '../store/filters';
import type { Actor } from '../directory';
import { AppError } from '../errors';
import { type Incident, loadNames, queueQueryInput, summaryView, visibleFilter } from '../incidents';
import type { Models } from '../store/models';
import { formatDateTime } from '../shared/dates';

/** The incident export takes the queue's filters, without paging. */
export const incidentExportQueryInput = queueQueryInput.omit({ page: true });
type ExportQuery = ReturnType<(typeof incidentExportQueryInput)['parse']>;

/** One line of the incident export. Never any answer, narrative or safeguarding detail: the sheet has those. */
export interface IncidentRow {
  reference: string;
  type: string;
  status: string;
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
  { key: 'school', header: 'School' },
  { key: 'reportedAt', header: 'Reported' },
  { key: 'reportedBy', header: 'Reported by' },
  { key: 'handledBy', header: 'Handled by' },
  { key: 'escalatedAt', header: 'Escalated' },
  { key: 'breachDeadline', header: 'ICO deadline' },
  { key: 'breachDecided', header: 'Breach decision recorded' },
  { key: 'restricted', header: 'Restricted' },
];

/** Most lines one export holds; narrower filters give the rest. */
export const maxIncidentRows = 20_000;

/** Every incident the actor may see that matches the filters, newest first, as export lines. */
export async function incidentRows(
  models: Pick<Models, 'Incident' | 'Person' | 'School'>,
  actor: Actor,
  query: ExportQuery,
  clock: { now: Date; timeZone: string },
): Promise<IncidentRow[]> {
  const visible = visibleFilter(actor);
  if (!visible) throw new AppError('forbidden', 'You do not hold a role that sees incidents.');
  if (
    query.school &&
    !actor.roles.some((held) => held.scopeKey === 'trust' || held.scopeKey === query.school)
  ) {
    throw new AppError('forbidden', 'You can only see incidents of the schools where you hold a role.');
  }
  const filters: FilterQuery<Incident> = {
    ...(query.type ? { type: query.type } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.school ? { schoolId: new Types.ObjectId(query.school) } : {}),
    ...(query.age ? { reportedAt: atOrAfter(since(clock.now, query.age)) } : {}),
  };
  const incidents = await models.Incident.find({ $and: [visible, filters] })
    .sort({ reportedAt: -1, _id: -1 })
    .limit(maxIncidentRows)
    .select({ sealedNarrative: 0, sealedOutcome: 0, fields: 0, timeline: 0 })
    .lean<Incident[]>();
  const names = await loadNames(models, actor.tenantId, incidents);
  const when = (at: Date | null): string => (at ? formatDateTime(at, clock.timeZone) : '');
  return incidents.map((incident) => {
    const view = summaryView(incident, names, clock.now);
    return {
      reference: view.reference,
      type: view.typeLabel,
      status: view.status.replace('_', ' '),
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

function since(now: Date, age: string): Date {
  const unit = age.endsWith('h') ? 3_600_000 : 86_400_000;
  return new Date(now.getTime() - Number(age.slice(0, -1)) * unit);
}
