import { Text } from '@fluentui/react-components';
import { ChatRegular } from '@fluentui/react-icons';
import type { MyReport } from '../api/types';
import { DataTable } from '../components/data-table';
import { PageHeader, Section } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useResource } from '../api/queries';
import { formatDayTime } from '../format';
import { typeName } from '../incidents';
import { StatusBadge } from './Incidents';

/** The incidents the person has reported, and where each stands. */
export function MyReportsPage() {
  const reports = useResource<{ items: MyReport[] }>('/api/my/incidents');
  return (
    <>
      <PageHeader title="My reports" subtitle="Incidents you have reported, and what has happened since" />
      {reports.error ? <ErrorState error={reports.error} retry={reports.reload} /> : null}
      {!reports.data && reports.loading ? <LoadingState label="Loading your reports…" /> : null}
      {reports.data && reports.data.items.length === 0 ? (
        <EmptyState icon={<ChatRegular fontSize={40} aria-hidden />} title="You have not reported anything">
          To report a virus, a lost device, a suspicious email or a concern, chat with the Conduct bot in
          Teams: say what happened and it asks for the rest.
        </EmptyState>
      ) : null}
      {reports.data && reports.data.items.length > 0 ? (
        <Section>
          <DataTable
            label="Your reports"
            rows={reports.data.items}
            rowKey={(r) => r.id}
            columns={{
              Reference: (r) => r.reference,
              What: (r) => typeName(r.type, r.typeLabel),
              Reported: (r) => formatDayTime(r.reportedAt),
              Status: (r) => <StatusBadge status={r.status} />,
              'Messages to you': (r) =>
                r.messages.map((m, index) => (
                  <Text block key={index}>
                    <Text weight="semibold">
                      {m.from ?? 'Conduct'}, {formatDayTime(m.at)}:
                    </Text>{' '}
                    {m.text}
                  </Text>
                )),
            }}
          />
        </Section>
      ) : null}
    </>
  );
}
