import {
  Badge,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, ShieldCheckmarkRegular } from '@fluentui/react-icons';
import type { IncidentStatus, IncidentSummary, Page } from '../api/types';
import { Choice, Pager, SchoolChoice } from '../components/filters';
import { PageHeader, Section } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { asApiError, useResource } from '../api/queries';
import { useApp, useHolds } from '../context';
import { formatDayTime, formatRelative } from '../format';
import { breachClock, incidentTypeNames, statusNames, typeName } from '../incidents';
import { useNotify } from '../notify';
import { Link, useRoute } from '../router';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  muted: { color: tokens.colorNeutralForeground2 },
});

const ages: Record<string, string> = {
  '': 'Any age',
  '1d': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  older: 'Older than 30 days',
};

export function IncidentsPage() {
  const styles = useStyles();
  const { api } = useApp();
  const notify = useNotify();
  const { query, navigate } = useRoute();
  const filters = {
    type: query.get('type') ?? '',
    status: query.get('status') ?? '',
    school: query.get('school') ?? '',
    age: query.get('age') ?? '',
  };
  const page = Number(query.get('page') ?? '1') || 1;
  const apiQuery = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) apiQuery.set(key, value);
  if (page > 1) apiQuery.set('page', String(page));
  // Child-safety concerns exist in this view for the safeguarding leads only (the server agrees).
  const safeguarding = useHolds(['dsl', 'deputy_dsl']);
  const typeOptions = Object.fromEntries(
    Object.entries(incidentTypeNames).filter(([type]) => safeguarding || type !== 'child_safety'),
  );
  const incidents = useResource<Page<IncidentSummary>>(`/api/incidents?${apiQuery.toString()}`);
  const set = (changes: Partial<typeof filters> & { page?: string }) => {
    const next = new URLSearchParams({ ...filters, page: '1', ...changes });
    for (const [key, value] of [...next]) if (!value || (key === 'page' && value === '1')) next.delete(key);
    navigate(`admin/incidents?${next.toString()}`, { replace: true });
  };
  const exportCsv = () =>
    api
      .download(`/api/incidents/export.csv?${apiQuery.toString()}`, 'incidents.csv')
      .catch((error: unknown) =>
        notify('error', 'The export could not be downloaded', asApiError(error).message),
      );
  return (
    <>
      <PageHeader
        title="Incidents"
        subtitle="Reports from staff, routed to the people responsible"
        actions={
          <Button icon={<ArrowDownloadRegular />} onClick={() => void exportCsv()}>
            Download CSV
          </Button>
        }
      />
      <Section>
        <div className={styles.filters} role="search" aria-label="Filter incidents">
          <Choice
            label="Type"
            value={filters.type}
            options={{ '': 'Every type', ...typeOptions }}
            onChange={(type) => set({ type })}
          />
          <Choice
            label="Status"
            value={filters.status}
            options={{ '': 'Any status', ...statusNames }}
            onChange={(status) => set({ status })}
          />
          <SchoolChoice value={filters.school} onChange={(school) => set({ school })} />
          <Choice label="Reported" value={filters.age} options={ages} onChange={(age) => set({ age })} />
        </div>
        {incidents.error ? <ErrorState error={incidents.error} retry={incidents.reload} /> : null}
        {!incidents.data && incidents.loading ? <LoadingState label="Loading incidents…" /> : null}
        {incidents.data && incidents.data.items.length === 0 ? (
          <EmptyState icon={<ShieldCheckmarkRegular fontSize={40} aria-hidden />} title="No incidents here">
            Nothing matches these filters. Staff report incidents by chatting with the Conduct bot in Teams.
          </EmptyState>
        ) : null}
        {incidents.data && incidents.data.items.length > 0 ? (
          <>
            <Table aria-label="Incidents">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Reference</TableHeaderCell>
                  <TableHeaderCell>Type</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  <TableHeaderCell>School</TableHeaderCell>
                  <TableHeaderCell>Reported</TableHeaderCell>
                  <TableHeaderCell>Handled by</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {incidents.data.items.map((incident) => (
                  <TableRow key={incident.id}>
                    <TableCell>
                      <Link to={`admin/incidents/${incident.id}`}>{incident.reference}</Link>
                    </TableCell>
                    <TableCell>
                      <UrgentBadge incident={incident} /> {typeName(incident.type, incident.typeLabel)}{' '}
                      <BreachBadge incident={incident} />
                    </TableCell>
                    <TableCell>
                      <StatusBadge status={incident.status} />
                    </TableCell>
                    <TableCell>{incident.schoolName ?? '—'}</TableCell>
                    <TableCell>
                      <span title={formatDayTime(incident.reportedAt)}>
                        {formatRelative(incident.reportedAt)}
                      </span>
                    </TableCell>
                    <TableCell>
                      {incident.ownerName ?? <span className={styles.muted}>Nobody yet</span>}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Pager of={incidents.data} onPage={(to) => set({ page: String(to) })} />
          </>
        ) : null}
      </Section>
    </>
  );
}

/** Which page of a list this is, with the previous and next pages. */
export function StatusBadge({ status }: { status: IncidentStatus }) {
  const colour =
    status === 'new' ? 'danger' : status === 'resolved' || status === 'closed' ? 'success' : 'informative';
  return (
    <Badge appearance="tint" color={colour}>
      {statusNames[status]}
    </Badge>
  );
}

/** An urgent report (the server lists these first) says so, and why, before anything else in its row. */
export function UrgentBadge({ incident }: { incident: Pick<IncidentSummary, 'urgency'> }) {
  if (!incident.urgency) return null;
  return (
    <Badge appearance="filled" color="danger">
      {incident.urgency === 'immediate_danger' ? 'URGENT: child in danger' : 'URGENT: ICO deadline'}
    </Badge>
  );
}

/** A data breach with no decision yet shows how long is left of the ICO's 72 hours. */
export function BreachBadge({ incident }: { incident: Pick<IncidentSummary, 'breach'> }) {
  if (!incident.breach || incident.breach.decided) return null;
  const clock = breachClock(incident.breach.deadlineAt);
  return (
    <Badge
      appearance="filled"
      color={clock.overdue ? 'danger' : clock.hoursLeft < 24 ? 'warning' : 'informative'}
    >
      {clock.overdue ? '72 hours passed' : `${Math.floor(clock.hoursLeft)} h left to tell the ICO`}
    </Badge>
  );
}
