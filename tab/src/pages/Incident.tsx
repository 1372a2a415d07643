import {
  Button,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Radio,
  RadioGroup,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DocumentPdfRegular, PersonAddRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { IncidentDetail, IncidentStatus } from '../api/types';
import { Grid, PageHeader, Section, Stack } from '../components/layout';
import { ErrorState, LoadingState } from '../components/states';
import { asApiError, useApp, useResource } from '../context';
import { formatDayTime } from '../format';
import { breachClock, statusNames, typeName } from '../incidents';
import { useNotify } from '../notify';
import { StatusBadge } from './Incidents';

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  timeline: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  entry: { borderLeft: `3px solid ${tokens.colorBrandStroke1}`, paddingLeft: tokens.spacingHorizontalM },
  muted: { color: tokens.colorNeutralForeground2 },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'flex-end' },
  clock: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold },
});

const fieldLabel = (key: string): string =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());
const fieldValue = (value: unknown): string =>
  typeof value === 'boolean'
    ? value
      ? 'Yes'
      : 'No'
    : typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)
      ? formatDayTime(value)
      : typeof value === 'string' || typeof value === 'number'
        ? String(value)
        : value === null || value === undefined
          ? '—'
          : JSON.stringify(value);

export function IncidentPage({ incidentId }: { incidentId: string }) {
  const styles = useStyles();
  const { api } = useApp();
  const notify = useNotify();
  const incident = useResource<IncidentDetail>(`/api/incidents/${incidentId}`);
  const [busy, setBusy] = useState(false);
  if (incident.error) return <ErrorState error={incident.error} retry={incident.reload} />;
  if (!incident.data) return <LoadingState label="Loading the incident…" />;
  const i = incident.data;
  const act = async (path: string, body: unknown, done: string) => {
    setBusy(true);
    try {
      await api.post(`/api/incidents/${incidentId}/${path}`, body);
      notify('success', done);
      incident.reload();
    } catch (error) {
      notify('error', 'That did not work', asApiError(error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader
        title={`${i.reference} · ${typeName(i.type, i.typeLabel)}`}
        subtitle={
          <>
            <StatusBadge status={i.status} /> Reported {formatDayTime(i.reportedAt)}
            {i.schoolName ? ` at ${i.schoolName}` : ''}
          </>
        }
        actions={
          <>
            {!i.owner ? (
              <Button
                appearance="primary"
                icon={<PersonAddRegular />}
                disabled={busy}
                onClick={() => void act('claim', undefined, 'You are handling this incident')}
              >
                Claim
              </Button>
            ) : null}
            <Button
              icon={<DocumentPdfRegular />}
              onClick={() =>
                void api
                  .download(`/api/incidents/${incidentId}/sheet.pdf`, `${i.reference}.pdf`)
                  .catch((error: unknown) =>
                    notify('error', 'The incident sheet could not be downloaded', asApiError(error).message),
                  )
              }
            >
              Incident sheet
            </Button>
          </>
        }
      />
      <Stack>
        {i.type === 'data_breach' && i.awareAt ? (
          <BreachPanel
            incident={i}
            busy={busy}
            onDecide={(body) => void act('breach-decision', body, 'Decision recorded')}
          />
        ) : null}
        <Grid>
          <Section title="Details">
            <dl className={styles.facts}>
              <dt className={styles.term}>Reported by</dt>
              <dd style={{ margin: 0 }}>{i.reporter?.displayName ?? '—'}</dd>
              <dt className={styles.term}>Handled by</dt>
              <dd style={{ margin: 0 }}>{i.owner?.displayName ?? 'Nobody yet'}</dd>
              {Object.entries(i.fields).map(([key, value]) => (
                <Fact key={key} term={fieldLabel(key)} value={fieldValue(value)} />
              ))}
            </dl>
            {i.narrative ? <Text block>{i.narrative}</Text> : null}
          </Section>
          <Section title="Update">
            <StatusForm
              current={i.status}
              busy={busy}
              onSubmit={(status, note) =>
                void act('status', { status, ...(note ? { note } : {}) }, `Status: ${statusNames[status]}`)
              }
            />
            <CommentForm busy={busy} onSubmit={(note) => void act('comments', { note }, 'Comment added')} />
          </Section>
        </Grid>
        <Section title="Timeline">
          <ol className={styles.timeline}>
            {i.timeline.map((entry, index) => (
              <li key={index} className={styles.entry}>
                <Text weight="semibold">{fieldLabel(entry.what.replace(':', ' '))}</Text>{' '}
                <Text className={styles.muted}>
                  {formatDayTime(entry.at)}
                  {entry.byName ? ` · ${entry.byName}` : ''}
                </Text>
                {entry.note ? <Text block>{entry.note}</Text> : null}
              </li>
            ))}
          </ol>
        </Section>
      </Stack>
    </>
  );
}

function Fact({ term, value }: { term: string; value: string }) {
  const styles = useStyles();
  return (
    <>
      <dt className={styles.term}>{term}</dt>
      <dd style={{ margin: 0 }}>{value}</dd>
    </>
  );
}

function BreachPanel({
  incident,
  busy,
  onDecide,
}: {
  incident: IncidentDetail;
  busy: boolean;
  onDecide: (body: { report: boolean; reason: string }) => void;
}) {
  const styles = useStyles();
  const clock = breachClock(incident.awareAt!);
  const [report, setReport] = useState<'yes' | 'no'>('yes');
  const [reason, setReason] = useState('');
  const decided = incident.breachDecision;
  return (
    <MessageBar intent={decided ? 'info' : clock.overdue ? 'error' : 'warning'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {decided
            ? `Decision: ${decided.report ? 'reported to the ICO' : 'not reportable'}`
            : clock.overdue
              ? 'The 72 hours have passed'
              : 'The ICO must be told within 72 hours'}
        </MessageBarTitle>
        {decided ? (
          <Text block>
            {decided.reason} ({formatDayTime(decided.at)})
          </Text>
        ) : (
          <>
            <span className={styles.clock} role="timer" aria-label="Time left to tell the ICO">
              {clock.overdue
                ? 'Overdue'
                : `${Math.floor(clock.hoursLeft)} h ${Math.floor((clock.hoursLeft % 1) * 60)} min left`}
            </span>
            <Text block>
              The school became aware {formatDayTime(incident.awareAt!)}; the deadline is{' '}
              {formatDayTime(clock.deadline)}. Record whether it must be reported, and why.
            </Text>
            <div className={styles.row}>
              <RadioGroup
                layout="horizontal"
                value={report}
                onChange={(_e, d) => setReport(d.value as 'yes' | 'no')}
                aria-label="Report to the ICO?"
              >
                <Radio value="yes" label="Report to the ICO" />
                <Radio value="no" label="Not reportable" />
              </RadioGroup>
              <Field label="Why" style={{ flexGrow: 1 }}>
                <Textarea value={reason} onChange={(_e, d) => setReason(d.value)} rows={2} />
              </Field>
              <Button
                appearance="primary"
                disabled={busy || reason.trim() === ''}
                onClick={() => onDecide({ report: report === 'yes', reason })}
              >
                Record decision
              </Button>
            </div>
          </>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

function StatusForm({
  current,
  busy,
  onSubmit,
}: {
  current: IncidentStatus;
  busy: boolean;
  onSubmit: (status: IncidentStatus, note: string) => void;
}) {
  const styles = useStyles();
  const [status, setStatus] = useState<IncidentStatus>(current);
  const [note, setNote] = useState('');
  return (
    <div className={styles.row}>
      <Field label="Status">
        <Dropdown
          value={statusNames[status]}
          selectedOptions={[status]}
          onOptionSelect={(_e, o) => setStatus(o.optionValue as IncidentStatus)}
        >
          {(Object.keys(statusNames) as IncidentStatus[]).map((s) => (
            <Option key={s} value={s}>
              {statusNames[s]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Note for the reporter (optional)" style={{ flexGrow: 1 }}>
        <Textarea value={note} onChange={(_e, d) => setNote(d.value)} rows={1} />
      </Field>
      <Button disabled={busy || status === current} onClick={() => onSubmit(status, note.trim())}>
        Change status
      </Button>
    </div>
  );
}

function CommentForm({ busy, onSubmit }: { busy: boolean; onSubmit: (note: string) => void }) {
  const styles = useStyles();
  const [note, setNote] = useState('');
  return (
    <div className={styles.row}>
      <Field label="Comment" style={{ flexGrow: 1 }}>
        <Textarea value={note} onChange={(_e, d) => setNote(d.value)} rows={2} />
      </Field>
      <Button
        disabled={busy || note.trim() === ''}
        onClick={() => {
          onSubmit(note.trim());
          setNote('');
        }}
      >
        Add comment
      </Button>
    </div>
  );
}
