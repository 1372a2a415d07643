import { Badge, Button, Field, Input } from '@fluentui/react-components';
import { ArrowDownloadRegular, KeyRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { permissionStatusLabels } from '../../../src/permissions/labels';
import { useDownload, useResource } from '../api/queries';
import type {
  Page,
  PermissionKindsView,
  PermissionRequestView,
  PermissionStatus,
  Person,
} from '../api/types';
import { DataTable } from '../components/data-table';
import { Choice, FilterBar, Pager, SchoolChoice, listQuery, useListFilters } from '../components/filters';
import { Muted, PageHeader, Section } from '../components/layout';
import { PersonPicker, jobTitleOf, useSettled } from '../components/person-picker';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { formatDay, formatDayTime } from '../format';
import { Link } from '../router';
import { useEditsKinds } from './PermissionKinds';

/** The register's filters, as the page's address carries them (`who` is the chosen person's name, for the box). */
const filterKeys = ['kind', 'status', 'school', 'person', 'who', 'from', 'to'] as const;
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
  const { filters, page, set, clear } = useListFilters('admin/permissions', filterKeys);
  const chosen = Object.fromEntries(apiKeys.map((key) => [key, filters[key]]));
  const csvQuery = listQuery(chosen);
  const requests = useResource<Page<PermissionRequestView>>(`/api/permissions?${listQuery(chosen, page)}`);
  const kinds = useResource<PermissionKindsView>('/api/permissions/kinds');
  const editsKinds = useEditsKinds();
  const download = useDownload();
  const exportCsv = () =>
    download(`/api/permissions/export.csv?${csvQuery}`, 'permission-requests.csv', {
      failed: 'The export could not be downloaded',
      done: 'The register was downloaded',
    });
  const filtered = apiKeys.some((key) => filters[key]);
  return (
    <>
      <PageHeader
        title="Permission requests"
        subtitle="What staff asked permission for, and what was decided"
        actions={
          <>
            {editsKinds ? <Link to="admin/permissions/kinds">Kinds of request</Link> : null}
            <Button icon={<ArrowDownloadRegular />} onClick={exportCsv}>
              Download CSV
            </Button>
          </>
        }
      />
      <Section>
        <FilterBar label="Filter permission requests">
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
            <Button appearance="subtle" onClick={clear}>
              Clear filters
            </Button>
          ) : null}
        </FilterBar>
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
            <Muted aria-live="polite">
              {requests.data.total === 1 ? '1 request' : `${requests.data.total} requests`}
            </Muted>
            <DataTable
              label="Permission requests"
              rows={requests.data.items}
              rowKey={(request) => request.id}
              columns={{
                Reference: (request) => (
                  <Link to={`admin/permissions/${request.id}`}>{request.reference}</Link>
                ),
                Kind: (request) => request.kindLabel,
                'Asked by': (request) => request.requesterName,
                School: (request) => request.schoolName ?? '—',
                'Asked on': (request) => formatDayTime(request.requestedAt),
                Status: (request) => <StatusBadge status={request.status} />,
                Ends: (request) => (request.endsAt ? lastDay(request.endsAt) : '—'),
              }}
            />
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
  const asked = useSettled(search === name ? '' : search);
  const found = useResource<Page<Person>>(
    asked ? `/api/directory/people?active=all&q=${encodeURIComponent(asked)}` : null,
  );
  return (
    <PersonPicker
      people={found.data?.items ?? []}
      search={search}
      onSearch={(text) => {
        setSearch(text);
        if (!text && name) onPick(undefined);
      }}
      onPick={onPick}
      detail={jobTitleOf}
      placeholder="Anyone"
      clearable
      field={{ validationMessage: found.error?.message }}
    />
  );
}
