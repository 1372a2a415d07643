import { Badge, Button } from '@fluentui/react-components';
import { ArrowDownloadRegular, ShieldCheckmarkRegular } from '@fluentui/react-icons';
import type { IncidentStatus, IncidentSummary, Page } from '../api/types';
import { DataTable } from '../components/data-table';
import { Choice, FilterBar, Pager, SchoolChoice, listQuery, useListFilters } from '../components/filters';
import { Muted, PageHeader, Section } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useDownload, useResource } from '../api/queries';
import { useHolds } from '../context';
import { formatDayTime, formatRelative } from '../format';
import { breachClock, incidentTypeNames, statusNames, typeName } from '../incidents';
import { Link } from '../router';

const ages: Record<string, string> = {
  '': 'Any age',
  '1d': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  older: 'Older than 30 days',
};

export function IncidentsPage() {
  const { filters, page, set } = useListFilters('admin/incidents', ['type', 'status', 'school', 'age']);
  const apiQuery = listQuery(filters, page);
  // Child-safety concerns exist in this view for the safeguarding leads only (the server agrees).
  const safeguarding = useHolds(['dsl', 'deputy_dsl']);
  const typeOptions = Object.fromEntries(
    Object.entries(incidentTypeNames).filter(([type]) => safeguarding || type !== 'child_safety'),
  );
  const incidents = useResource<Page<IncidentSummary>>(`/api/incidents?${apiQuery}`);
  const download = useDownload();
  const exportCsv = () =>
    download(`/api/incidents/export.csv?${apiQuery}`, 'incidents.csv', {
      failed: 'The export could not be downloaded',
    });
  return (
    <>
      <PageHeader
        title="Incidents"
        subtitle="Reports from staff, routed to the people responsible"
        actions={
          <Button icon={<ArrowDownloadRegular />} onClick={exportCsv}>
            Download CSV
          </Button>
        }
      />
      <Section>
        <FilterBar label="Filter incidents">
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
        </FilterBar>
        {incidents.error ? <ErrorState error={incidents.error} retry={incidents.reload} /> : null}
        {!incidents.data && incidents.loading ? <LoadingState label="Loading incidents…" /> : null}
        {incidents.data && incidents.data.items.length === 0 ? (
          <EmptyState icon={<ShieldCheckmarkRegular fontSize={40} aria-hidden />} title="No incidents here">
            Nothing matches these filters. Staff report incidents by chatting with the Conduct bot in Teams.
          </EmptyState>
        ) : null}
        {incidents.data && incidents.data.items.length > 0 ? (
          <>
            <DataTable
              label="Incidents"
              rows={incidents.data.items}
              rowKey={(incident) => incident.id}
              columns={{
                Reference: (incident) => (
                  <Link to={`admin/incidents/${incident.id}`}>{incident.reference}</Link>
                ),
                Type: (incident) => (
                  <>
                    <UrgentBadge incident={incident} /> {typeName(incident.type, incident.typeLabel)}{' '}
                    <BreachBadge incident={incident} />
                  </>
                ),
                Status: (incident) => <StatusBadge status={incident.status} />,
                School: (incident) => incident.schoolName ?? '—',
                Reported: (incident) => (
                  <span title={formatDayTime(incident.reportedAt)}>
                    {formatRelative(incident.reportedAt)}
                  </span>
                ),
                'Handled by': (incident) => incident.ownerName ?? <Muted>Nobody yet</Muted>,
              }}
            />
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
