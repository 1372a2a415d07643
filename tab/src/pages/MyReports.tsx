import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { ChatRegular } from '@fluentui/react-icons';
import type { MyReport } from '../api/types';
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
          <Table aria-label="Your reports">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Reference</TableHeaderCell>
                <TableHeaderCell>What</TableHeaderCell>
                <TableHeaderCell>Reported</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Messages to you</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {reports.data.items.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>{r.reference}</TableCell>
                  <TableCell>{typeName(r.type, r.typeLabel)}</TableCell>
                  <TableCell>{formatDayTime(r.reportedAt)}</TableCell>
                  <TableCell>
                    <StatusBadge status={r.status} />
                  </TableCell>
                  <TableCell>
                    {r.messages.map((m, index) => (
                      <Text block key={index}>
                        <Text weight="semibold">
                          {m.from ?? 'Conduct'}, {formatDayTime(m.at)}:
                        </Text>{' '}
                        {m.text}
                      </Text>
                    ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Section>
      ) : null}
    </>
  );
}
