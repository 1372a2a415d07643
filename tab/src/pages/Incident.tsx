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
import { DocumentPdfRegular, LockClosedRegular, PersonAddRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiError } from '../api/client';
import { asApiError, queryKeyOf, useResource } from '../api/queries';
import type { IncidentDetail, IncidentStatus } from '../api/types';
import { Fact, Facts, Timeline } from '../components/facts';
import { Grid, Muted, PageHeader, Section, Stack } from '../components/layout';
import { ErrorState, LoadingState } from '../components/states';
import { useApp } from '../context';
import { formatDayTime } from '../format';
import { breachClock, statusNames, typeName } from '../incidents';
import { useNotify } from '../notify';
import { StatusBadge } from './Incidents';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'flex-end' },
  grow: { flexGrow: 1 },
  clock: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, display: 'block' },
});

/** One incident: its answers, the timeline, and what the reader may do with it. */
export function IncidentPage({ incidentId }: { incidentId: string }) {
  const { api } = useApp();
  const notify = useNotify();
  const client = useQueryClient();
  const path = `/api/incidents/${incidentId}`;
  const incident = useResource<IncidentDetail>(path);
  const action = useMutation<IncidentDetail, ApiError, { action: string; body: unknown; done: string }>({
    mutationFn: ({ action: verb, body }) =>
      api.post<IncidentDetail>(`${path}/${verb}`, body).catch((error: unknown) => {
        throw asApiError(error);
      }),
    onSuccess: (detail, { done }) => {
      // The answer is the report as it now stands: shown as it is, not read again (a read of a
      // restricted report is audited); the queue and the reporter's list are read again when next shown.
      client.setQueryData(queryKeyOf(path), detail);
      void client.invalidateQueries({
        queryKey: queryKeyOf('/api/incidents'),
        predicate: (query) => query.queryKey[1] !== incidentId,
      });
      void client.invalidateQueries({ queryKey: queryKeyOf('/api/my/incidents') });
      notify('success', done);
    },
    onError: (error) => {
      notify('error', 'That did not work', error.message);
      // Refused, perhaps because someone else moved the report meanwhile: show where it stands now.
      incident.reload();
    },
  });
  if (!incident.data) {
    if (incident.error) return <ErrorState error={incident.error} retry={incident.reload} />;
    return <LoadingState label="Loading the incident…" />;
  }
  const i = incident.data;
  const busy = action.isPending;
  /** Resolves true once the change is made; a refused change leaves every form as the person left it. */
  const act = (verb: string, body: unknown, done: string): Promise<boolean> =>
    action.mutateAsync({ action: verb, body, done }).then(
      () => true,
      () => false,
    );
  const sheet = () =>
    api
      .download(`/api/incidents/${incidentId}/sheet.pdf`, `${i.reference}.pdf`)
      .catch((error: unknown) =>
        notify('error', 'The incident sheet could not be downloaded', asApiError(error).message),
      );
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
            {i.allowed.claim ? (
              <Button
                appearance="primary"
                icon={<PersonAddRegular />}
                disabled={busy}
                onClick={() => void act('claim', undefined, 'You are handling this incident')}
              >
                Claim
              </Button>
            ) : null}
            <Button icon={<DocumentPdfRegular />} onClick={() => void sheet()}>
              Incident sheet
            </Button>
          </>
        }
      />
      <Stack>
        {incident.error ? <ErrorState error={incident.error} retry={incident.reload} /> : null}
        {i.breachDetail ? (
          <BreachPanel
            incident={i}
            busy={busy}
            onDecide={(body) => act('breach-decision', body, 'Decision recorded')}
          />
        ) : null}
        <Grid>
          <Section title="Details">
            <Facts>
              <Fact term="Reported by">{`${i.reporter.name}${i.reporter.jobTitle ? `, ${i.reporter.jobTitle}` : ''}`}</Fact>
              <Fact term="Handled by">{i.owner?.name ?? 'Nobody yet'}</Fact>
              {i.awareAt ? <Fact term="School became aware">{formatDayTime(i.awareAt)}</Fact> : null}
              {i.relatedReference ? <Fact term="Related report">{i.relatedReference}</Fact> : null}
              {i.fields.map((field) => (
                <Fact key={field.key} term={field.label}>
                  {field.value}
                </Fact>
              ))}
              {i.outcome ? <Fact term="Outcome">{i.outcome}</Fact> : null}
            </Facts>
          </Section>
          {i.sealed ? (
            <Section
              title={
                <>
                  <LockClosedRegular aria-hidden /> Restricted: safeguarding
                </>
              }
            >
              <Muted>Only the designated safeguarding leads see this. Your reading it is recorded.</Muted>
              <Facts>
                {i.sealed.map((field) => (
                  <Fact key={field.key} term={field.label}>
                    {field.value}
                  </Fact>
                ))}
              </Facts>
            </Section>
          ) : null}
          <Section title="Update">
            {i.allowed.changeStatus.length > 0 && i.breachDetail && !i.breachDetail.decision ? (
              <Muted block>
                It can be resolved or closed once the decision on telling the ICO is recorded.
              </Muted>
            ) : null}
            {i.allowed.changeStatus.length > 0 ? (
              <StatusForm
                choices={i.allowed.changeStatus}
                busy={busy}
                onSubmit={(change) =>
                  act(
                    'status',
                    change,
                    change.messageToReporter
                      ? `Status: ${statusNames[change.status]}. The reporter has been sent your message.`
                      : `Status: ${statusNames[change.status]}`,
                  )
                }
              />
            ) : (
              <Muted>
                {i.status === 'closed'
                  ? 'This incident is closed.'
                  : 'Only the people responsible for this kind of incident at its school can change its status.'}
              </Muted>
            )}
            {i.allowed.comment ? (
              <CommentForm busy={busy} onSubmit={(text) => act('comments', { text }, 'Comment added')} />
            ) : null}
          </Section>
        </Grid>
        <Section title="Timeline">
          <Timeline entries={i.timeline} />
        </Section>
      </Stack>
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
  onDecide: (body: { report: boolean; reason: string }) => Promise<boolean>;
}) {
  const styles = useStyles();
  const detail = incident.breachDetail!;
  const clock = breachClock(detail.deadlineAt);
  const [report, setReport] = useState<'yes' | 'no'>('yes');
  const [reason, setReason] = useState('');
  const decided = detail.decision;
  return (
    <MessageBar intent={decided ? 'info' : clock.overdue ? 'error' : 'warning'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {decided
            ? `Decision: ${decided.report ? 'report to the ICO' : 'not reportable'}`
            : clock.overdue
              ? 'The 72 hours to tell the ICO have passed'
              : 'The ICO must be told within 72 hours'}
        </MessageBarTitle>
        {decided ? (
          <Text block>
            {decided.reason} ({decided.decidedBy}, {formatDayTime(decided.decidedAt)})
          </Text>
        ) : (
          <>
            <span className={styles.clock} role="timer" aria-label="Time left to tell the ICO">
              {clock.overdue
                ? 'Overdue'
                : `${Math.floor(clock.hoursLeft)} h ${Math.floor((clock.hoursLeft % 1) * 60)} min left`}
            </span>
            <Text block>
              The deadline is {formatDayTime(clock.deadline)}. Record whether the breach must be reported, and
              why.
            </Text>
            {incident.allowed.breachDecision ? (
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
                <Field label="Why" className={styles.grow}>
                  <Textarea value={reason} onChange={(_e, d) => setReason(d.value)} rows={2} />
                </Field>
                <Button
                  appearance="primary"
                  disabled={busy || reason.trim() === ''}
                  onClick={() => void onDecide({ report: report === 'yes', reason: reason.trim() })}
                >
                  Record decision
                </Button>
              </div>
            ) : null}
          </>
        )}
        <Text block>Reminders sent to the DPO: {detail.remindersSent.length}</Text>
      </MessageBarBody>
    </MessageBar>
  );
}

interface StatusChange {
  status: IncidentStatus;
  note?: string;
  messageToReporter?: string;
}

function StatusForm({
  choices,
  busy,
  onSubmit,
}: {
  choices: IncidentStatus[];
  busy: boolean;
  onSubmit: (change: StatusChange) => Promise<boolean>;
}) {
  const styles = useStyles();
  const [chosen, setStatus] = useState<IncidentStatus | undefined>(undefined);
  // A choice the report has moved past (someone else changed it) is dropped, never sent; the text stays.
  const status = chosen && choices.includes(chosen) ? chosen : undefined;
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const submit = async (change: StatusChange) => {
    if (!(await onSubmit(change))) return;
    setStatus(undefined);
    setNote('');
    setMessage('');
  };
  const finishing = status === 'resolved' || status === 'closed';
  return (
    <div className={styles.row}>
      <Field label="Move to">
        <Dropdown
          placeholder="Choose a status"
          value={status ? statusNames[status] : ''}
          selectedOptions={status ? [status] : []}
          onOptionSelect={(_e, o) => setStatus(o.optionValue as IncidentStatus)}
        >
          {choices.map((s) => (
            <Option key={s} value={s}>
              {statusNames[s]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field
        label={finishing ? 'Outcome, for the record' : 'Note for the record (optional)'}
        hint="Kept on the timeline; the reporter does not see it."
        className={styles.grow}
      >
        <Textarea value={note} onChange={(_e, d) => setNote(d.value)} rows={1} />
      </Field>
      <Field
        label="Message to the reporter (optional)"
        hint="Sent to them in Teams and shown in their reports."
        className={styles.grow}
      >
        <Textarea value={message} onChange={(_e, d) => setMessage(d.value)} rows={1} />
      </Field>
      <Button
        disabled={busy || !status}
        onClick={() =>
          status &&
          void submit({
            status,
            ...(note.trim() ? { note: note.trim() } : {}),
            ...(message.trim() ? { messageToReporter: message.trim() } : {}),
          })
        }
      >
        Change status
      </Button>
    </div>
  );
}

function CommentForm({ busy, onSubmit }: { busy: boolean; onSubmit: (text: string) => Promise<boolean> }) {
  const styles = useStyles();
  const [text, setText] = useState('');
  // Emptied only once the comment is on the timeline: a refused comment keeps its text.
  const submit = async () => {
    if (await onSubmit(text.trim())) setText('');
  };
  return (
    <div className={styles.row}>
      <Field label="Comment" className={styles.grow}>
        <Textarea value={text} onChange={(_e, d) => setText(d.value)} rows={2} />
      </Field>
      <Button disabled={busy || text.trim() === ''} onClick={() => void submit()}>
        Add comment
      </Button>
    </div>
  );
}
