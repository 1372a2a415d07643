import {
  Badge,
  Button,
  Field,
  Input,
  Radio,
  RadioGroup,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, LockClosedRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { ApiError } from '../api/client';
import { ActionDialog } from '../components/action-dialog';
import { DataTable } from '../components/data-table';
import { Muted, PageHeader, Section, useFormStyles } from '../components/layout';
import { PersonPicker, useSettled } from '../components/person-picker';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useSubjectAccessDownload } from '../components/subject-access';
import { asApiError, useResource } from '../api/queries';
import { useApp } from '../context';
import { formatDay, formatNumber, plural } from '../format';
import { useNotify } from '../notify';

/** GET /api/retention, as the page reads it. */
interface RetentionView {
  rules: {
    kind: string;
    label: string;
    from: string;
    action: 'delete' | 'anonymise';
    months: number;
    defaultMonths: number;
    minMonths: number;
    basis: string;
  }[];
  kept: { label: string; kept: string }[];
  due: { kind: string; count: number; held: number; items: { id: string; label: string; dueAt: string }[] }[];
  dueBefore: string;
  holds: {
    id: string;
    subject: { kind: 'person' | 'incident'; id: string; label: string };
    reason: string;
    placedAt: string;
  }[];
  lastRun: { at: string; disposed: Record<string, number>; held: Record<string, number> } | null;
  mayEditPeriods: boolean;
  mayHold: boolean;
}

interface PersonChoice {
  id: string;
  displayName: string;
  email: string | null;
  active: boolean;
}

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** "72 months" as people say it: "6 years"; "13 months" stays months. */
export const periodText = (months: number): string =>
  months % 12 === 0 ? plural(months / 12, 'year') : plural(months, 'month');

/**
 * Data protection for the DPO and the trust admin: what the retention schedule will dispose of in
 * the coming month, the legal holds that stop it, the schedule itself, and subject-access exports.
 */
export function DataProtectionPage() {
  const retention = useResource<RetentionView>('/api/retention');
  const [holding, setHolding] = useState(false);
  const view = retention.data;
  return (
    <>
      <PageHeader
        title="Data protection"
        subtitle="How long records are kept, what goes next, legal holds and subject-access requests"
        actions={
          <>
            {view?.mayHold ? (
              <Button appearance="primary" icon={<LockClosedRegular />} onClick={() => setHolding(true)}>
                Place a legal hold
              </Button>
            ) : null}
          </>
        }
      />
      {retention.error ? <ErrorState error={retention.error} retry={retention.reload} /> : null}
      {!view && retention.loading ? <LoadingState label="Loading the retention schedule…" /> : null}
      {view ? (
        <>
          <DueSection view={view} />
          <HoldsSection view={view} onChanged={retention.reload} />
          <ScheduleSection view={view} onChanged={retention.reload} />
          <ExportSection />
        </>
      ) : null}
      {holding ? (
        <HoldDialog
          onClose={() => setHolding(false)}
          onPlaced={() => {
            setHolding(false);
            retention.reload();
          }}
        />
      ) : null}
    </>
  );
}

function DueSection({ view }: { view: RetentionView }) {
  const styles = useStyles();
  const labelOf = (kind: string) => view.rules.find((r) => r.kind === kind);
  const rows = view.due.filter((d) => d.count > 0 || d.held > 0);
  return (
    <Section title={`Due before ${formatDay(view.dueBefore)}`} labelledBy="due-title">
      <Muted>
        {view.lastRun
          ? `The daily run last went on ${formatDay(view.lastRun.at)}: ${plural(
              Object.values(view.lastRun.disposed).reduce((a, b) => a + b, 0),
              'record',
            )} disposed of, ${formatNumber(Object.values(view.lastRun.held).reduce((a, b) => a + b, 0))} held back.`
          : 'The daily run has not gone yet.'}
      </Muted>
      {rows.length === 0 ? (
        <EmptyState title="Nothing falls due in the coming month">
          Records reach the end of their period on the schedule below; the daily run disposes of them then.
        </EmptyState>
      ) : (
        <DataTable
          label="Due in the coming month"
          rows={rows}
          rowKey={(d) => d.kind}
          columns={{
            Records: (d) => labelOf(d.kind)?.label ?? d.kind,
            Then: (d) => (labelOf(d.kind)?.action === 'anonymise' ? 'Anonymised' : 'Deleted'),
            Going: (d) => formatNumber(d.count),
            'Held back': (d) =>
              d.held > 0 ? <Badge color="warning">{formatNumber(d.held)} on hold</Badge> : '—',
            Which: (d) =>
              d.items.length > 0 ? (
                <ul className={styles.list}>
                  {d.items.slice(0, 5).map((item) => (
                    <li key={item.id}>
                      {item.label}, {formatDay(item.dueAt)}
                    </li>
                  ))}
                  {d.items.length > 5 ? <li>and {formatNumber(d.count - 5)} more</li> : null}
                </ul>
              ) : d.count === 0 ? (
                '—'
              ) : (
                <Muted>
                  {d.kind === 'safeguarding-concern'
                    ? 'Ask the safeguarding lead for references'
                    : 'Counted only'}
                </Muted>
              ),
          }}
        />
      )}
    </Section>
  );
}

function HoldsSection({ view, onChanged }: { view: RetentionView; onChanged: () => void }) {
  const { api } = useApp();
  const notify = useNotify();
  const lift = async (hold: RetentionView['holds'][number]) => {
    try {
      await api.del(`/api/retention/holds/${hold.id}`);
      notify(
        'success',
        `The hold on ${hold.subject.label} is lifted`,
        'Its records follow the schedule again.',
      );
      onChanged();
    } catch (failure) {
      notify('error', 'The hold was not lifted', asApiError(failure).message);
    }
  };
  return (
    <Section title="Legal holds" labelledBy="holds-title">
      {view.holds.length === 0 ? (
        <Muted>
          No legal holds. A hold keeps everything about a person, or one incident, whatever the schedule says.
        </Muted>
      ) : (
        <DataTable
          label="Legal holds"
          rows={view.holds}
          rowKey={(hold) => hold.id}
          columns={{
            Held: (hold) => (
              <>
                {hold.subject.label}{' '}
                <Badge appearance="outline">{hold.subject.kind === 'person' ? 'person' : 'incident'}</Badge>
              </>
            ),
            Why: (hold) => hold.reason,
            Since: (hold) => formatDay(hold.placedAt),
            Action: (hold) =>
              view.mayHold ? (
                <Button
                  size="small"
                  onClick={() => void lift(hold)}
                  aria-label={`Lift the hold on ${hold.subject.label}`}
                >
                  Lift
                </Button>
              ) : (
                <Muted>The DPO lifts holds</Muted>
              ),
          }}
        />
      )}
    </Section>
  );
}

function ScheduleSection({ view, onChanged }: { view: RetentionView; onChanged: () => void }) {
  const styles = useStyles();
  const [editing, setEditing] = useState<RetentionView['rules'][number]>();
  return (
    <Section title="Retention schedule" labelledBy="schedule-title">
      <DataTable
        label="Retention schedule"
        rows={view.rules}
        rowKey={(rule) => rule.kind}
        columns={{
          Records: (rule) => rule.label,
          'Kept for': (rule) => (
            <>
              {periodText(rule.months)}
              {rule.months !== rule.defaultMonths ? (
                <Muted> (default {periodText(rule.defaultMonths)})</Muted>
              ) : null}
            </>
          ),
          'From when': (rule) => rule.from,
          Then: (rule) => (rule.action === 'anonymise' ? 'Anonymised' : 'Deleted'),
          'Why this long': (rule) => rule.basis,
          Action: view.mayEditPeriods
            ? (rule) => (
                <Button
                  size="small"
                  onClick={() => setEditing(rule)}
                  aria-label={`Change how long: ${rule.label}`}
                >
                  Change
                </Button>
              )
            : undefined,
        }}
      />
      <ul className={styles.list}>
        {view.kept.map((k) => (
          <li key={k.label}>
            <Text weight="semibold">{k.label}</Text>: {k.kept}
          </li>
        ))}
      </ul>
      {editing ? (
        <PeriodDialog
          rule={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            onChanged();
          }}
        />
      ) : null}
    </Section>
  );
}

function PeriodDialog({
  rule,
  onClose,
  onSaved,
}: {
  rule: RetentionView['rules'][number];
  onClose: () => void;
  onSaved: () => void;
}) {
  const form = useFormStyles();
  const { api } = useApp();
  const notify = useNotify();
  const [months, setMonths] = useState(String(rule.months));
  const [error, setError] = useState<ApiError>();
  const save = async () => {
    try {
      await api.patch(`/api/retention/periods/${rule.kind}`, { months: Number(months) });
      notify(
        'success',
        `${rule.label}: now kept ${periodText(Number(months))}`,
        'The change is on the audit trail.',
      );
      onSaved();
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  return (
    <ActionDialog
      onClose={onClose}
      title={<>How long to keep: {rule.label}</>}
      className={form.fields}
      actions={
        <Button appearance="primary" disabled={!/^\d+$/.test(months)} onClick={() => void save()}>
          Save
        </Button>
      }
    >
      <Muted>
        Counted from when {rule.from}. The default is {periodText(rule.defaultMonths)}; it cannot be less than{' '}
        {periodText(rule.minMonths)}.
      </Muted>
      <Field
        label="Months"
        required
        validationState={error ? 'error' : 'none'}
        validationMessage={error?.message}
      >
        <Input type="number" min={rule.minMonths} value={months} onChange={(_e, d) => setMonths(d.value)} />
      </Field>
    </ActionDialog>
  );
}

/** Finds people by name through the retention API (the DPO does not read the directory otherwise). */
function PersonChooser({ onPick }: { onPick: (person: PersonChoice | undefined) => void }) {
  const [search, setSearch] = useState('');
  const asked = useSettled(search);
  const found = useResource<PersonChoice[]>(`/api/retention/people?q=${encodeURIComponent(asked)}`);
  return (
    <PersonPicker
      people={found.data ?? []}
      search={search}
      onSearch={setSearch}
      onPick={onPick}
      detail={(p) => (p.active ? '' : ' (left)')}
      field={{ required: true, validationMessage: found.error?.message }}
    />
  );
}

function HoldDialog({ onClose, onPlaced }: { onClose: () => void; onPlaced: () => void }) {
  const form = useFormStyles();
  const { api } = useApp();
  const notify = useNotify();
  const [kind, setKind] = useState<'person' | 'incident'>('person');
  const [person, setPerson] = useState<PersonChoice>();
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError>();
  const place = async () => {
    try {
      await api.post(
        '/api/retention/holds',
        kind === 'person' ? { person: person?.id, reason } : { incident: reference.trim(), reason },
      );
      notify(
        'success',
        `${kind === 'person' ? person?.displayName : reference.trim().toUpperCase()} is on legal hold`,
        'Nothing about it will be disposed of until the hold is lifted. The hold is on the audit trail.',
      );
      onPlaced();
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  const ready =
    reason.trim().length >= 3 && (kind === 'person' ? person !== undefined : reference.trim() !== '');
  return (
    <ActionDialog
      onClose={onClose}
      title="Place a legal hold"
      className={form.fields}
      actions={
        <Button appearance="primary" disabled={!ready} onClick={() => void place()}>
          Place hold
        </Button>
      }
    >
      <RadioGroup
        value={kind}
        onChange={(_e, d) => setKind(d.value === 'incident' ? 'incident' : 'person')}
        layout="horizontal"
        aria-label="Hold"
      >
        <Radio value="person" label="Everything about a person" />
        <Radio value="incident" label="One incident" />
      </RadioGroup>
      {kind === 'person' ? (
        <PersonChooser onPick={setPerson} />
      ) : (
        <Field label="Incident reference" required>
          <Input value={reference} placeholder="INC-2026-0042" onChange={(_e, d) => setReference(d.value)} />
        </Field>
      )}
      <Field label="Why the records must be kept" required hint="Seen by the DPO and the trust admin only">
        <Textarea value={reason} onChange={(_e, d) => setReason(d.value)} maxLength={500} />
      </Field>
      {error ? <ErrorState error={error} title="The hold was not placed" /> : null}
    </ActionDialog>
  );
}

/** A subject-access request answered here: a ZIP of a readable PDF and JSON of everything about one person. */
function ExportSection() {
  const form = useFormStyles();
  const [person, setPerson] = useState<PersonChoice>();
  const { busy, download: save } = useSubjectAccessDownload();
  const download = async () => {
    if (person) await save(person);
  };
  return (
    <Section title="Subject-access request" labelledBy="export-title">
      <div className={form.fields}>
        <Muted>
          Everything Conduct holds about one person, as a ZIP of a readable PDF and the same data as JSON, to
          answer within the month the law allows. Each export is on the audit trail.
        </Muted>
        <PersonChooser onPick={setPerson} />
        <div>
          <Button
            appearance="primary"
            icon={<ArrowDownloadRegular />}
            disabled={!person || busy}
            onClick={() => void download()}
          >
            {busy ? 'Preparing the export…' : 'Download the export'}
          </Button>
        </div>
      </div>
    </Section>
  );
}
