import {
  Button,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useChange, useResource } from '../api/queries';
import type { PermissionAskFormView, PermissionRequestSentView } from '../api/types';
import { Muted, PageHeader, Section } from '../components/layout';
import { ErrorState, LoadingState } from '../components/states';
import { useApp } from '../context';
import { fieldError } from './form';

type Kind = PermissionAskFormView['kinds'][number];
type School = PermissionAskFormView['schools'][number];

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '40rem' },
});

/**
 * Asking permission from the tab: the same kinds, questions and approvers as the chat, every
 * question on one form. The server reads the answers as the chat does and says beside each
 * question what it could not take; a refusal (a policy to sign first, say) is shown with its reason.
 */
export function AskPermissionPage() {
  const form = useResource<PermissionAskFormView>('/api/permissions/ask');
  return (
    <>
      <PageHeader
        title="Ask permission"
        subtitle="For what the school's policies say needs permission first: the right person decides, and you are told in Teams"
      />
      {form.error ? <ErrorState error={form.error} retry={form.reload} /> : null}
      {!form.data && !form.error ? <LoadingState label="Loading what you can ask for…" /> : null}
      {form.data ? <AskForm kinds={form.data.kinds} schools={form.data.schools} /> : null}
    </>
  );
}

function AskForm({ kinds, schools }: { kinds: readonly Kind[]; schools: readonly School[] }) {
  const styles = useStyles();
  const { api } = useApp();
  const [kindId, setKindId] = useState<string>();
  const [schoolId, setSchoolId] = useState<string>();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<PermissionRequestSentView>();
  const send = useChange(
    (body: { kind: string; schoolId?: string; answers: Record<string, string> }) =>
      api.post<PermissionRequestSentView>('/api/permissions/ask', body),
    () => ['/api/permissions'],
  );
  const kind = kinds.find((k) => k.id === kindId);
  const error = send.error ?? undefined;
  const choosing = schools.length > 1;
  const school = schools.find((s) => s.id === schoolId);
  const submit = () => {
    if (!kind) return;
    const given = Object.fromEntries(
      kind.questions.flatMap((q) => (answers[q.key]?.trim() ? [[q.key, answers[q.key]!.trim()]] : [])),
    );
    send.mutate(
      { kind: kind.id, ...(schoolId ? { schoolId } : {}), answers: given },
      {
        onSuccess: (result) => {
          setSent(result);
          setAnswers({});
          setKindId(undefined);
        },
      },
    );
  };
  return (
    <Section>
      {sent ? <Sent sent={sent} /> : null}
      <form
        className={styles.form}
        noValidate
        aria-label="Ask permission"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {error && error.details.length === 0 ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Not sent</MessageBarTitle>
              {error.message}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {error && error.details.length > 0 ? (
          <MessageBar intent="error">
            <MessageBarBody>
              <MessageBarTitle>Not sent</MessageBarTitle>
              {error.message} What to change is shown beside each question.
            </MessageBarBody>
          </MessageBar>
        ) : null}
        <Field label="What do you need permission for?" required {...fieldError(error, 'kind')}>
          <Dropdown
            placeholder="Choose one"
            value={kind?.label ?? ''}
            selectedOptions={kindId ? [kindId] : []}
            onOptionSelect={(_e, d) => {
              setKindId(d.optionValue);
              setSent(undefined);
              send.reset();
            }}
          >
            {kinds.map((k) => (
              <Option key={k.id} value={k.id} text={k.label}>
                {k.label}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {kind ? <Muted>{kind.description}</Muted> : null}
        {kind && choosing ? (
          <Field
            label="For which school?"
            hint="That school's approvers decide it."
            required
            {...fieldError(error, 'schoolId')}
          >
            <Dropdown
              placeholder="Choose your school"
              value={school?.name ?? ''}
              selectedOptions={schoolId ? [schoolId] : []}
              onOptionSelect={(_e, d) => setSchoolId(d.optionValue)}
            >
              {schools.map((s) => (
                <Option key={s.id} value={s.id} text={s.name}>
                  {s.name}
                </Option>
              ))}
            </Dropdown>
          </Field>
        ) : null}
        {kind?.questions.map((question) => {
          const value = answers[question.key] ?? '';
          const change = (text: string) => setAnswers((a) => ({ ...a, [question.key]: text }));
          return (
            <Field
              key={`${kind.id}:${question.key}`}
              label={question.prompt}
              required={question.required}
              {...(question.answer === 'day' && !question.required
                ? { hint: 'Leave it empty if there is none.' }
                : {})}
              {...fieldError(error, `answers.${question.key}`)}
            >
              {question.answer === 'day' ? (
                <Input type="date" value={value} onChange={(_e, d) => change(d.value)} />
              ) : (
                <Textarea
                  value={value}
                  resize="vertical"
                  maxLength={2_000}
                  onChange={(_e, d) => change(d.value)}
                />
              )}
            </Field>
          );
        })}
        {kind ? (
          <div>
            <Button appearance="primary" type="submit" disabled={send.isPending}>
              Send request
            </Button>
          </div>
        ) : null}
        {kind ? (
          <Muted>
            Until it is approved, please do not go ahead. You can also ask in the chat: say what you need.
          </Muted>
        ) : null}
      </form>
    </Section>
  );
}

function Sent({ sent }: { sent: PermissionRequestSentView }) {
  const { request } = sent;
  return sent.told > 0 ? (
    <MessageBar intent="success" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Your request is in: {request.reference}</MessageBarTitle>
        Sent to: {request.approvers}
        {request.schoolName ? `, ${request.schoolName}` : ''}. You will be told in Teams when it is decided.
      </MessageBarBody>
    </MessageBar>
  ) : (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Recorded, but nobody could be told: {request.reference}</MessageBarTitle>
        Nobody holding the role ({request.approvers}) can be reached in Teams yet. Please tell your IT
        manager, and ask in person if it is urgent.
      </MessageBarBody>
    </MessageBar>
  );
}
