import {
  Badge,
  Button,
  Checkbox,
  Dropdown,
  Field,
  Option,
  SearchBox,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AlertRegular, ArrowDownloadRegular, CheckmarkCircleRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import type {
  OutstandingPage as OutstandingList,
  OutstandingPerson,
  Page,
  PolicySummary,
} from '../api/types';
import { ActionDialog } from '../components/action-dialog';
import { Choice, FilterBar, SchoolChoice } from '../components/filters';
import { Muted, PageHeader, Section } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { asApiError, useChange, useResource } from '../api/queries';
import { useApp, useHolds } from '../context';
import { formatDay, formatNumber, formatRelative, plural } from '../format';
import { useNotify } from '../notify';
import { audienceNames, reminderRoles } from '../roles';
import { useRoute } from '../router';

const useStyles = makeStyles({
  filter: { minWidth: '12rem' },
  wide: { minWidth: '18rem' },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    justifyContent: 'space-between',
  },
  pager: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    justifyContent: 'flex-end',
  },
  select: { width: '44px' },
});

const cardStatus: Record<string, string> = {
  pending: 'Waiting to send',
  sending: 'Sending',
  sent: 'Card sent',
  failed: 'Could not send',
  blocked: 'Bot blocked',
  withdrawn: 'Withdrawn',
};

export function OutstandingPage() {
  const styles = useStyles();
  const { query, navigate } = useRoute();
  const policies = useResource<Page<PolicySummary>>('/api/policies');
  const published = useMemo(
    () => (policies.data?.items ?? []).filter((p) => p.currentVersion),
    [policies.data],
  );
  const version = query.get('version') ?? published[0]?.currentVersion?.id ?? '';
  const filters = {
    school: query.get('school') ?? '',
    audience: query.get('audience') ?? '',
    department: query.get('department') ?? '',
    q: query.get('q') ?? '',
    page: Number(query.get('page') ?? '1') || 1,
  };
  const setFilter = (
    changes: Partial<Record<'version' | 'school' | 'audience' | 'department' | 'q', string>>,
  ) => {
    const next = new URLSearchParams({ version, ...filters, page: '1', ...changes });
    for (const [key, value] of [...next]) if (!value || (key === 'page' && value === '1')) next.delete(key);
    navigate(`admin/outstanding?${next.toString()}`, { replace: true });
  };
  const apiQuery = new URLSearchParams({ policyVersionId: version });
  for (const key of ['school', 'audience', 'department', 'q'] as const)
    if (filters[key]) apiQuery.set(key, filters[key]);
  if (filters.page > 1) apiQuery.set('page', String(filters.page));
  for (const key of ['after', 'before'] as const) {
    const cursor = query.get(key);
    if (cursor) apiQuery.set(key, cursor);
  }
  const list = useResource<OutstandingList>(
    version ? `/api/compliance/outstanding?${apiQuery.toString()}` : null,
  );
  const [search, setSearch] = useState(filters.q);
  useEffect(() => {
    if (search === filters.q) return undefined;
    const timer = setTimeout(() => setFilter({ q: search }), 350);
    return () => clearTimeout(timer);
  });
  if (policies.error) return <ErrorState error={policies.error} retry={policies.reload} />;
  if (policies.loading && !policies.data) return <LoadingState label="Loading policies…" />;
  if (published.length === 0) {
    return (
      <>
        <PageHeader title="Who has not signed" />
        <EmptyState title="No policy has been published yet">
          When a policy is published, the people who still have to sign it are listed here.
        </EmptyState>
      </>
    );
  }
  const chosen = published.find((p) => p.currentVersion?.id === version);
  return (
    <>
      <PageHeader
        title="Who has not signed"
        subtitle="People who have not yet accepted the current version of a policy"
      />
      <Section>
        <FilterBar label="Filter the list">
          <Field label="Policy" className={styles.wide}>
            <Dropdown
              value={
                chosen
                  ? `${chosen.title} (${chosen.currentVersion?.label ?? ''})`
                  : list.data
                    ? `${list.data.policy.title} (${list.data.policy.label})`
                    : 'Choose a policy'
              }
              selectedOptions={[version]}
              onOptionSelect={(_e, o) => setFilter({ version: o.optionValue ?? '' })}
            >
              {published.map((p) => (
                <Option key={p.id} value={p.currentVersion!.id}>
                  {`${p.title} (${p.currentVersion!.label})`}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <SchoolChoice value={filters.school} onChange={(school) => setFilter({ school })} />
          <Choice
            label="As"
            value={filters.audience}
            options={{ '': 'Everyone', ...audienceNames }}
            onChange={(audience) => setFilter({ audience })}
          />
          <Field label="Department" className={styles.filter}>
            <Dropdown
              value={
                filters.department === '(none)' ? 'Not recorded' : filters.department || 'All departments'
              }
              selectedOptions={[filters.department]}
              onOptionSelect={(_e, o) => setFilter({ department: o.optionValue ?? '' })}
            >
              <Option value="">All departments</Option>
              {(list.data?.departments ?? []).map((d) => (
                <Option key={d} value={d}>
                  {d}
                </Option>
              ))}
              <Option value="(none)">Not recorded</Option>
            </Dropdown>
          </Field>
          <Field label="Name or email" className={styles.filter}>
            <SearchBox value={search} onChange={(_e, d) => setSearch(d.value)} />
          </Field>
        </FilterBar>
        {list.error ? <ErrorState error={list.error} retry={list.reload} /> : null}
        {!list.data && list.loading ? <LoadingState label="Finding who has not signed…" /> : null}
        {list.data ? (
          <OutstandingTable
            list={list.data}
            csvPath={`/api/compliance/outstanding?${csvQuery(apiQuery)}`}
            onPage={(page, cursor) => navigate(`admin/outstanding?${withPage(page, cursor)}`)}
          />
        ) : null}
      </Section>
    </>
  );
}

/** The whole filtered list, every page, as CSV. */
const csvQuery = (query: URLSearchParams): string => {
  const all = new URLSearchParams(query);
  for (const key of ['page', 'after', 'before']) all.delete(key);
  all.set('format', 'csv');
  return all.toString();
};

type Cursor = { after: string } | { before: string };

const withPage = (page: number, cursor: Cursor): string => {
  const next = new URLSearchParams(location.search);
  next.set('page', String(page));
  next.delete('after');
  next.delete('before');
  for (const [key, value] of Object.entries(cursor)) next.set(key, value);
  return next.toString();
};

function OutstandingTable({
  list,
  csvPath,
  onPage,
}: {
  list: OutstandingList;
  csvPath: string;
  onPage: (page: number, cursor: Cursor) => void;
}) {
  const styles = useStyles();
  const { api } = useApp();
  const notify = useNotify();
  const canRemind = useHolds(reminderRoles);
  const [selection, setSelection] = useState({ list, ids: new Set<string>() });
  // A new page or filter starts with nobody selected.
  const selected = selection.list === list ? selection.ids : new Set<string>();
  const setSelected = (ids: Set<string>) => setSelection({ list, ids });
  const [confirmAll, setConfirmAll] = useState(false);
  const versionId = list.policy.policyVersionId;
  // A reminder changes the people's deliveries: the list (every filter and page) and the campaign.
  const reminding = useChange(
    (personIds: string[] | undefined) =>
      api.post<{ queued: number }>('/api/reminders', {
        policyVersionId: versionId,
        ...(personIds ? { personIds } : {}),
      }),
    () => ['/api/compliance/outstanding', '/api/campaigns'],
  );
  const busy = reminding.isPending;
  const remind = (personIds: string[] | undefined) =>
    reminding.mutate(personIds, {
      onSuccess: ({ queued }) => {
        notify(
          'success',
          queued === 0 ? 'Nobody needed a reminder' : `${plural(queued, 'reminder')} queued`,
          queued === 0
            ? 'They have signed, or have no chat with Conduct yet.'
            : 'Reminders go out in Teams during school hours.',
        );
        setSelected(new Set());
      },
      onError: (error) => notify('error', 'The reminders could not be sent', error.message),
      onSettled: () => setConfirmAll(false),
    });
  const download = () =>
    api
      .download(csvPath, 'outstanding.csv')
      .catch((error: unknown) =>
        notify('error', 'The list could not be downloaded', asApiError(error).message),
      );
  if (list.total === 0) {
    return (
      <EmptyState
        icon={<CheckmarkCircleRegular fontSize={40} aria-hidden />}
        title="Everyone here has signed"
      >
        Nobody matching these filters is waiting to sign {list.policy.title} {list.policy.label}.
      </EmptyState>
    );
  }
  const first = (list.page - 1) * list.pageSize + 1;
  const last = first + list.items.length - 1;
  const allOnPage = list.items.length > 0 && list.items.every((p) => selected.has(p.personId));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  return (
    <>
      <div className={styles.bar}>
        <Muted aria-live="polite">
          {formatNumber(list.total)} {list.total === 1 ? 'person has' : 'people have'} not signed{' '}
          {list.policy.title} {list.policy.label}
        </Muted>
        <div className={styles.pager}>
          {canRemind ? (
            <>
              <Button
                icon={<AlertRegular />}
                disabled={busy || selected.size === 0}
                onClick={() => remind([...selected])}
              >
                Remind selected ({selected.size})
              </Button>
              <Button
                appearance="primary"
                icon={<AlertRegular />}
                disabled={busy}
                onClick={() => setConfirmAll(true)}
              >
                Remind all {formatNumber(list.total)}
              </Button>
            </>
          ) : null}
          <Button icon={<ArrowDownloadRegular />} onClick={() => void download()}>
            Download CSV
          </Button>
        </div>
      </div>
      <Table aria-label={`People who have not signed ${list.policy.title}`}>
        <TableHeader>
          <TableRow>
            {canRemind ? (
              <TableHeaderCell className={styles.select}>
                <Checkbox
                  aria-label="Select everyone on this page"
                  checked={allOnPage ? true : selected.size > 0 ? 'mixed' : false}
                  onChange={() =>
                    setSelected(allOnPage ? new Set() : new Set(list.items.map((p) => p.personId)))
                  }
                />
              </TableHeaderCell>
            ) : null}
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>School</TableHeaderCell>
            <TableHeaderCell>Department</TableHeaderCell>
            <TableHeaderCell>Due</TableHeaderCell>
            <TableHeaderCell>Card</TableHeaderCell>
            {canRemind ? <TableHeaderCell>Action</TableHeaderCell> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((person) => (
            <PersonRow
              key={person.personId}
              person={person}
              canRemind={canRemind}
              selected={selected.has(person.personId)}
              onToggle={() => toggle(person.personId)}
              onRemind={() => remind([person.personId])}
              busy={busy}
            />
          ))}
        </TableBody>
      </Table>
      <div className={styles.pager}>
        <Muted>
          {formatNumber(first)}–{formatNumber(last)} of {formatNumber(list.total)}
        </Muted>
        <Button
          disabled={!list.previous}
          onClick={() => list.previous && onPage(Math.max(1, list.page - 1), { before: list.previous })}
        >
          Previous
        </Button>
        <Button
          disabled={!list.next}
          onClick={() => list.next && onPage(list.page + 1, { after: list.next })}
        >
          Next
        </Button>
      </div>
      <ActionDialog
        open={confirmAll}
        onClose={() => setConfirmAll(false)}
        title="Remind everyone who has not signed?"
        actions={
          <Button appearance="primary" disabled={busy} onClick={() => remind(undefined)}>
            Send reminders
          </Button>
        }
      >
        Conduct sends the {list.policy.title} card again, in Teams, to all {formatNumber(list.total)} people
        who have not signed version {list.policy.label} and whom you may remind. Reminders go out during
        school hours.
      </ActionDialog>
    </>
  );
}

function PersonRow(props: {
  person: OutstandingPerson;
  canRemind: boolean;
  selected: boolean;
  busy: boolean;
  onToggle: () => void;
  onRemind: () => void;
}) {
  const { person } = props;
  return (
    <TableRow>
      {props.canRemind ? (
        <TableCell>
          <Checkbox
            aria-label={`Select ${person.displayName}`}
            checked={props.selected}
            onChange={props.onToggle}
          />
        </TableCell>
      ) : null}
      <TableCell>
        <TableCellLayout description={person.jobTitle ?? person.email ?? undefined}>
          {person.displayName}
        </TableCellLayout>
      </TableCell>
      <TableCell>
        {person.schools.map((s) => s.name).join(', ')}
        <Muted size={200} block>
          {person.audiences.map((a) => audienceNames[a]).join(', ')}
        </Muted>
      </TableCell>
      <TableCell>{person.department ?? <Muted>Not recorded</Muted>}</TableCell>
      <TableCell>
        {person.overdue ? (
          <Badge color="danger" appearance="tint">
            Overdue · {formatDay(person.dueAt)}
          </Badge>
        ) : (
          <span title={formatDay(person.dueAt)}>{formatRelative(person.dueAt)}</span>
        )}
      </TableCell>
      <TableCell>
        {person.delivery ? cardStatus[person.delivery.status] : <Muted>Not sent yet</Muted>}
        {person.delivery && person.delivery.remindersSent > 0 ? (
          <Muted size={200} block>
            {plural(person.delivery.remindersSent, 'reminder')}
          </Muted>
        ) : null}
      </TableCell>
      {props.canRemind ? (
        <TableCell>
          <Button
            size="small"
            disabled={props.busy}
            onClick={props.onRemind}
            aria-label={`Remind ${person.displayName}`}
          >
            Remind
          </Button>
        </TableCell>
      ) : null}
    </TableRow>
  );
}
