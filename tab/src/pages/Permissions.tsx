import {
  Badge,
  Button,
  Combobox,
  Field,
  Input,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, KeyRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { permissionStatusLabels } from '../../../src/permissions/labels';
import { asApiError, useResource } from '../api/queries';
import type {
  Page,
  PermissionKindsView,
  PermissionRequestView,
  PermissionStatus,
  Person,
} from '../api/types';
import { PageHeader, Section } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useApp } from '../context';
import { formatDay, formatDayTime } from '../format';
import { useNotify } from '../notify';
import { Link, useRoute } from '../router';
import { Choice, Pager, SchoolChoice } from '../components/filters';
import { useEditsKinds } from './PermissionKinds';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** The register's filters, as the page's address carries them (`who` is the chosen person's name, for the box). */
const filterKeys = ['kind', 'status', 'school', 'person', 'who', 'from', 'to'] as const;
type Filters = Record<(typeof filterKeys)[number], string>;
/** The filters the API reads (all but the name shown in the person box). */
const apiKeys = ['kind', 'status', 'school', 'person', 'from', 'to'] as const;

export function StatusBadge({ status }: { status: PermissionStatus }) {
  const colour =
    status === 'approved'
      ? 'success'
      : status === 'declined'
        ? 'danger'
        : status === 'pending'
          ? 'warning'
          : 'informative';
  return (
    <Badge appearance="tint" color={colour}>
      {permissionStatusLabels[status]}
    </Badge>
  );
}

/**
 * The register of permission requests: every request with its decision, filtered by kind, status,
 * school, person and the days asked, opened one at a time, and downloaded as CSV.
 */
export function PermissionsPage() {
  const styles = useStyles();
  const { api } = useApp();
  const notify = useNotify();
  const { query, navigate } = useRoute();
  const filters = Object.fromEntries(filterKeys.map((key) => [key, query.get(key) ?? ''])) as Filters;
  const page = Number(query.get('page') ?? '1') || 1;
  const apiQuery = new URLSearchParams();
  for (const key of apiKeys) if (filters[key]) apiQuery.set(key, filters[key]);
  const csvQuery = apiQuery.toString();
  if (page > 1) apiQuery.set('page', String(page));
  const requests = useResource<Page<PermissionRequestView>>(`/api/permissions?${apiQuery.toString()}`);
  const kinds = useResource<PermissionKindsView>('/api/permissions/kinds');
  const editsKinds = useEditsKinds();
  const set = (changes: Partial<Filters> & { page?: string }) => {
    const next = new URLSearchParams({ ...filters, page: '1', ...changes });
    for (const [key, value] of [...next]) if (!value || (key === 'page' && value === '1')) next.delete(key);
    navigate(`admin/permissions?${next.toString()}`, { replace: true });
  };
  const exportCsv = () =>
    api
      .download(`/api/permissions/export.csv?${csvQuery}`, 'permission-requests.csv')
      .then(() => notify('success', 'The register was downloaded'))
      .catch((error: unknown) =>
        notify('error', 'The export could not be downloaded', asApiError(error).message),
      );
  const filtered = apiKeys.some((key) => filters[key]);
  return (
    <>
      <PageHeader
        title="Permission requests"
        subtitle="What staff asked permission for, and what was decided"
        actions={
          <>
            {editsKinds ? <Link to="admin/permissions/kinds">Kinds of request</Link> : null}
            <Button icon={<ArrowDownloadRegular />} onClick={() => void exportCsv()}>
              Download CSV
            </Button>
          </>
        }
      />
      <Section>
        <div className={styles.filters} role="search" aria-label="Filter permission requests">
          <Choice
            label="Kind"
            value={filters.kind}
            options={{
              '': 'Every kind',
              ...Object.fromEntries((kinds.data?.kinds ?? []).map((k) => [k.id, k.label])),
            }}
            onChange={(kind) => set({ kind })}
          />
          <Choice
            label="Status"
            value={filters.status}
            options={{ '': 'Any status', ...permissionStatusLabels }}
            onChange={(status) => set({ status })}
          />
          <SchoolChoice value={filters.school} onChange={(school) => set({ school })} />
          <PersonFilter
            // A new person chosen (or the filters cleared) starts the box afresh with that name.
            key={filters.person}
            name={filters.who}
            onPick={(person) => set({ person: person?.id ?? '', who: person?.displayName ?? '' })}
          />
          <Field label="Asked from">
            <Input type="date" value={filters.from} onChange={(_e, d) => set({ from: d.value })} />
          </Field>
          <Field label="Asked until">
            <Input type="date" value={filters.to} onChange={(_e, d) => set({ to: d.value })} />
          </Field>
          {filtered ? (
            <Button appearance="subtle" onClick={() => navigate('admin/permissions', { replace: true })}>
              Clear filters
            </Button>
          ) : null}
        </div>
        {requests.error ? <ErrorState error={requests.error} retry={requests.reload} /> : null}
        {!requests.data && requests.loading ? <LoadingState label="Loading requests…" /> : null}
        {requests.data && requests.data.items.length === 0 ? (
          <EmptyState icon={<KeyRegular fontSize={40} aria-hidden />} title="No requests here">
            {filtered
              ? 'Nothing matches these filters.'
              : 'Staff ask permission by chatting with the Conduct bot in Teams, or from "Ask permission" in this tab.'}
          </EmptyState>
        ) : null}
        {requests.data && requests.data.items.length > 0 ? (
          <>
            <Text className={styles.muted} aria-live="polite">
              {requests.data.total === 1 ? '1 request' : `${requests.data.total} requests`}
            </Text>
            <Table aria-label="Permission requests">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Reference</TableHeaderCell>
                  <TableHeaderCell>Kind</TableHeaderCell>
                  <TableHeaderCell>Asked by</TableHeaderCell>
                  <TableHeaderCell>School</TableHeaderCell>
                  <TableHeaderCell>Asked on</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  <TableHeaderCell>Ends</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {requests.data.items.map((request) => (
                  <TableRow key={request.id}>
                    <TableCell>
                      <Link to={`admin/permissions/${request.id}`}>{request.reference}</Link>
                    </TableCell>
                    <TableCell>{request.kindLabel}</TableCell>
                    <TableCell>{request.requesterName}</TableCell>
                    <TableCell>{request.schoolName ?? '—'}</TableCell>
                    <TableCell>{formatDayTime(request.requestedAt)}</TableCell>
                    <TableCell>
                      <StatusBadge status={request.status} />
                    </TableCell>
                    <TableCell>{request.endsAt ? lastDay(request.endsAt) : '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Pager of={requests.data} onPage={(to) => set({ page: String(to) })} />
          </>
        ) : null}
      </Section>
    </>
  );
}

/** The last day of a permission that ends at the start of the next one. */
export const lastDay = (endsAt: string): string => formatDay(new Date(new Date(endsAt).getTime() - 1));

/** Picks the person whose requests to list, from the directory (the reader's own schools). */
function PersonFilter({ name, onPick }: { name: string; onPick: (person: Person | undefined) => void }) {
  const [search, setSearch] = useState(name);
  const [asked, setAsked] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setAsked(search === name ? '' : search), 250);
    return () => clearTimeout(timer);
  }, [search, name]);
  const found = useResource<Page<Person>>(
    asked ? `/api/directory/people?active=all&q=${encodeURIComponent(asked)}` : null,
  );
  const people = found.data?.items ?? [];
  return (
    <Field label="Person" validationMessage={found.error?.message}>
      <Combobox
        freeform
        clearable
        placeholder="Anyone"
        value={search}
        onChange={(event) => {
          setSearch(event.target.value);
          if (!event.target.value && name) onPick(undefined);
        }}
        onOptionSelect={(_e, d) => {
          const person = people.find((p) => p.id === d.optionValue);
          setSearch(person?.displayName ?? '');
          onPick(person);
        }}
      >
        {people.map((p) => (
          <Option key={p.id} value={p.id} text={p.displayName}>
            {p.displayName}
            {p.jobTitle ? ` – ${p.jobTitle}` : ''}
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}
