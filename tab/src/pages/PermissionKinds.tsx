import {
  Button,
  Checkbox,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  SpinButton,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, ArrowDownRegular, ArrowUpRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useChange, useResource } from '../api/queries';
import type { Page, PermissionKindsView, PolicySummary, Role } from '../api/types';
import { Muted, PageHeader, Section, useFormStyles } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useApp } from '../context';
import { useNotify } from '../notify';
import { kindEditorRoles, roleNames } from '../roles';
import { Link } from '../router';
import { fieldError } from './form';
import type { ApiError } from '../api/client';

type Kind = PermissionKindsView['kinds'][number];
type Question = Kind['questions'][number];

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(14rem, 18rem) 1fr',
    gap: tokens.spacingHorizontalL,
  },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  roles: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  question: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS },
  problem: { color: tokens.colorPaletteRedForeground1 },
});

const fieldNames: Record<string, string> = {
  id: 'Id',
  kindId: 'Id',
  label: 'Name',
  description: 'What it covers',
  approverRoles: 'Who decides',
  requiresSignedPolicyId: 'Policy to sign first',
  remindDaysBefore: 'Days to remind before an approval ends',
  questions: 'Questions',
};
const questionFieldNames: Record<string, string> = {
  key: 'key',
  label: 'short label',
  prompt: 'the question as asked',
  answer: 'answered with',
  required: 'must be answered',
};

/**
 * Where a refused field is, in the words of the form: "Question 2 (Why), short label" for a
 * question's field (its number and label as the admin sees them), else the field's own label.
 */
export function placeOf(path: string, questions: readonly Pick<Question, 'label' | 'key'>[]): string {
  const [top, index, field] = path.split('.');
  if (top === 'questions' && index !== undefined && /^\d+$/.test(index)) {
    const question = questions[Number(index)];
    const name = question?.label.trim() || question?.key.trim();
    const place = `Question ${Number(index) + 1}${name ? ` (${name})` : ''}`;
    return field ? `${place}, ${questionFieldNames[field] ?? field}` : place;
  }
  return fieldNames[top ?? ''] ?? path;
}

/** The server's refusal as a list the admin can work through, each problem with where it is. */
function Problems({ error, questions }: { error: ApiError; questions: readonly Question[] }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Not saved</MessageBarTitle>
        {error.details.length === 0 ? (
          error.message
        ) : (
          <ul aria-label="What to fix">
            {error.details.map((d) => (
              <li key={`${d.path}:${d.message}`}>
                {placeOf(d.path, questions)}: {d.message}
              </li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

const blankQuestion = (n: number): Question => ({
  key: `question_${n}`,
  label: '',
  prompt: '',
  answer: 'text',
  required: true,
});

const blankKind = (): Kind => ({
  id: '',
  label: '',
  description: '',
  questions: [
    { key: 'what', label: 'What', prompt: '', answer: 'text', required: true },
    { key: 'why', label: 'Why', prompt: '', answer: 'text', required: true },
  ],
  approverRoles: ['headteacher'],
  requiresSignedPolicyId: null,
  remindDaysBefore: 7,
});

/**
 * The kinds of permission request, for the trust admin: each kind's name, questions (asked one at a
 * time in the chat and all together in the tab), approver roles, the policy to sign first and when
 * to remind before an approval ends. Saved through the API, which says what it refuses and why.
 */
/** Whether the signed-in person may change the kinds (a trust admin for the whole trust). */
export function useEditsKinds(): boolean {
  const { me } = useApp();
  return me.roles.some((held) => kindEditorRoles.includes(held.role) && held.scope === 'trust');
}

export function PermissionKindsPage() {
  if (!useEditsKinds())
    return (
      <EmptyState title="Not available to you">
        Only a trust admin changes the kinds of permission request. Anyone can see what there is to ask for
        when asking permission.
      </EmptyState>
    );
  return <KindsEditor />;
}

function KindsEditor() {
  const styles = useStyles();
  const kinds = useResource<PermissionKindsView>('/api/permissions/kinds');
  const [selected, setSelected] = useState<string>(); // a kind's id, or "new"
  if (kinds.error) return <ErrorState error={kinds.error} retry={kinds.reload} />;
  if (!kinds.data) return <LoadingState label="Loading the kinds of request…" />;
  const list = kinds.data.kinds;
  const current = selected === 'new' ? undefined : (list.find((k) => k.id === selected) ?? list[0]);
  return (
    <>
      <PageHeader
        title="Kinds of permission request"
        subtitle="What staff can ask permission for, the questions they answer and who decides"
        actions={<Link to="admin/permissions">Back to the register</Link>}
      />
      <div className={styles.layout}>
        <Section title="Kinds" labelledBy="kinds">
          <nav className={styles.list} aria-labelledby="kinds">
            {list.map((kind) => (
              <Button
                key={kind.id}
                appearance={kind.id === current?.id ? 'primary' : 'subtle'}
                aria-current={kind.id === current?.id ? 'true' : undefined}
                onClick={() => setSelected(kind.id)}
              >
                {kind.label}
              </Button>
            ))}
            <Button icon={<AddRegular />} onClick={() => setSelected('new')}>
              Add a kind
            </Button>
          </nav>
        </Section>
        <KindForm
          key={current?.id ?? 'new'}
          kind={current ?? blankKind()}
          isNew={!current}
          taken={list.map((k) => k.id)}
          onSaved={(id) => setSelected(id)}
        />
      </div>
    </>
  );
}

function KindForm({
  kind,
  isNew,
  taken,
  onSaved,
}: {
  kind: Kind;
  isNew: boolean;
  /** The ids already used: a new kind must not replace one of them. */
  taken: readonly string[];
  onSaved: (id: string) => void;
}) {
  const styles = useStyles();
  const form = useFormStyles();
  const { api } = useApp();
  const notify = useNotify();
  const [draft, setDraft] = useState<Kind>(kind);
  const policies = useResource<Page<PolicySummary>>('/api/policies');
  const save = useChange(
    (body: Kind) =>
      api.put<PermissionKindsView>(`/api/permissions/kinds/${encodeURIComponent(body.id)}`, body),
    () => ['/api/permissions/kinds'],
  );
  const [idProblem, setIdProblem] = useState<string>();
  const error = save.error ?? undefined;
  const change = (changes: Partial<Kind>) => setDraft((d) => ({ ...d, ...changes }));
  const changeQuestion = (index: number, changes: Partial<Question>) =>
    change({ questions: draft.questions.map((q, i) => (i === index ? { ...q, ...changes } : q)) });
  const move = (index: number, by: number) => {
    const questions = [...draft.questions];
    const [question] = questions.splice(index, 1);
    questions.splice(index + by, 0, question!);
    change({ questions });
  };
  const toggleRole = (role: Role, on: boolean) =>
    change({
      approverRoles: on ? [...draft.approverRoles, role] : draft.approverRoles.filter((r) => r !== role),
    });
  const submit = () => {
    const id = draft.id.trim();
    const problem = !/^[a-z][a-z0-9_]{0,39}$/.test(id)
      ? 'Give the kind a short id: lower-case letters, digits and underscores, starting with a letter.'
      : isNew && taken.includes(id)
        ? 'There is already a kind with this id: choose another, or edit that kind.'
        : undefined;
    setIdProblem(problem);
    if (problem) return;
    save.mutate(
      { ...draft, id },
      {
        onSuccess: () => {
          notify('success', `Saved: ${draft.label}`);
          onSaved(id);
        },
      },
    );
  };
  const policyOptions = policies.data?.items ?? [];
  const policyTitle = policyOptions.find((p) => p.id === draft.requiresSignedPolicyId)?.title;
  return (
    <Section title={isNew ? 'A new kind' : kind.label} labelledBy="kind-form">
      <form
        className={form.fields}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {error ? <Problems error={error} questions={draft.questions} /> : null}
        {isNew ? (
          <Field
            label="Id"
            hint="Lower-case letters, digits and underscores; it cannot be changed later."
            required
            {...(idProblem
              ? { validationMessage: idProblem, validationState: 'error' as const }
              : fieldError(error, 'id'))}
          >
            <Input value={draft.id} onChange={(_e, d) => change({ id: d.value })} />
          </Field>
        ) : null}
        <Field label="Name" required {...fieldError(error, 'label')}>
          <Input value={draft.label} onChange={(_e, d) => change({ label: d.value })} />
        </Field>
        <Field label="What it covers" required {...fieldError(error, 'description')}>
          <Input value={draft.description} onChange={(_e, d) => change({ description: d.value })} />
        </Field>
        <Field label="Who decides" {...fieldError(error, 'approverRoles')}>
          <div className={styles.roles} role="group" aria-label="Who decides">
            {(Object.entries(roleNames) as [Role, string][]).map(([role, name]) => (
              <Checkbox
                key={role}
                label={name}
                checked={draft.approverRoles.includes(role)}
                onChange={(_e, d) => toggleRole(role, d.checked === true)}
              />
            ))}
          </div>
        </Field>
        <div className={form.controls}>
          <Field label="Policy to sign first" {...fieldError(error, 'requiresSignedPolicyId')}>
            <Dropdown
              value={policyTitle ?? (draft.requiresSignedPolicyId ? 'A policy' : 'None')}
              selectedOptions={[draft.requiresSignedPolicyId ?? '']}
              onOptionSelect={(_e, d) => change({ requiresSignedPolicyId: d.optionValue || null })}
            >
              <Option value="">None</Option>
              {policyOptions.map((p) => (
                <Option key={p.id} value={p.id}>
                  {p.title}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field
            label="Remind this many days before an approval ends"
            {...fieldError(error, 'remindDaysBefore')}
          >
            <SpinButton
              value={draft.remindDaysBefore}
              min={0}
              max={60}
              onChange={(_e, d) => {
                const value = d.value ?? Number(d.displayValue);
                if (Number.isFinite(value)) change({ remindDaysBefore: value });
              }}
            />
          </Field>
        </div>
        <Text as="h3" weight="semibold">
          Questions, in the order they are asked
        </Text>
        {error?.details
          .filter((d) => d.path === 'questions')
          .map((d) => (
            <Text key={d.message} role="alert" className={styles.problem}>
              {d.message}
            </Text>
          ))}
        {draft.questions.map((question, index) => (
          <fieldset key={index} className={styles.question} aria-label={`Question ${index + 1}`}>
            <div className={form.controls}>
              <Field label="Key" {...fieldError(error, `questions.${index}.key`)}>
                <Input value={question.key} onChange={(_e, d) => changeQuestion(index, { key: d.value })} />
              </Field>
              <Field label="Short label" {...fieldError(error, `questions.${index}.label`)}>
                <Input
                  value={question.label}
                  onChange={(_e, d) => changeQuestion(index, { label: d.value })}
                />
              </Field>
              <Field label="Answered with" {...fieldError(error, `questions.${index}.answer`)}>
                <Dropdown
                  value={question.answer === 'day' ? 'A day' : 'Text'}
                  selectedOptions={[question.answer]}
                  onOptionSelect={(_e, d) =>
                    changeQuestion(index, { answer: d.optionValue === 'day' ? 'day' : 'text' })
                  }
                >
                  <Option value="text">Text</Option>
                  <Option value="day">A day</Option>
                </Dropdown>
              </Field>
              <Checkbox
                label="Must be answered"
                checked={question.required}
                onChange={(_e, d) => changeQuestion(index, { required: d.checked === true })}
              />
            </div>
            <Field label="The question as asked" {...fieldError(error, `questions.${index}.prompt`)}>
              <Textarea
                value={question.prompt}
                resize="vertical"
                onChange={(_e, d) => changeQuestion(index, { prompt: d.value })}
              />
            </Field>
            <div className={styles.buttons}>
              <Button
                icon={<ArrowUpRegular />}
                disabled={index === 0}
                onClick={() => move(index, -1)}
                aria-label={`Move question ${index + 1} up`}
              />
              <Button
                icon={<ArrowDownRegular />}
                disabled={index === draft.questions.length - 1}
                onClick={() => move(index, 1)}
                aria-label={`Move question ${index + 1} down`}
              />
              <Button
                icon={<DeleteRegular />}
                disabled={draft.questions.length === 1}
                onClick={() => change({ questions: draft.questions.filter((_q, i) => i !== index) })}
              >
                Remove question {index + 1}
              </Button>
            </div>
          </fieldset>
        ))}
        <div className={styles.buttons}>
          <Button
            icon={<AddRegular />}
            disabled={draft.questions.length >= 12}
            onClick={() =>
              change({ questions: [...draft.questions, blankQuestion(draft.questions.length + 1)] })
            }
          >
            Add a question
          </Button>
          <Button appearance="primary" type="submit" disabled={save.isPending}>
            {isNew ? 'Add this kind' : 'Save changes'}
          </Button>
        </div>
        <Muted>
          A change applies to requests asked from now on; requests already sent keep the questions they were
          asked.
        </Muted>
      </form>
    </Section>
  );
}
