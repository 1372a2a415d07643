import { Badge, Button, Field, Tab, TabList, Text, Textarea, makeStyles } from '@fluentui/react-components';
import { useState } from 'react';
import type { PolicyQuestionView } from '../api/types';
import { useChange, useResource } from '../api/queries';
import { PageHeader, Section, Stack, useFormStyles } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useApp } from '../context';
import { formatDay } from '../format';
import { useNotify } from '../notify';
import { fieldError, onlyFieldError } from './form';

const useStyles = makeStyles({
  text: { whiteSpace: 'pre-wrap', margin: 0 },
});

type Status = 'open' | 'answered';

/** Questions and concerns about the policies the signed-in person owns or manages: answer, publish. */
export function PolicyQuestionsPage() {
  const [status, setStatus] = useState<Status>('open');
  const questions = useResource<{ items: PolicyQuestionView[] }>(`/api/policy-questions?status=${status}`);
  return (
    <>
      <PageHeader
        title="Questions about policies"
        subtitle="What staff asked about the policies you own or manage. Your answer goes to them in Teams."
      />
      <TabList
        selectedValue={status}
        onTabSelect={(_e, d) => setStatus(d.value === 'answered' ? 'answered' : 'open')}
      >
        <Tab value="open">To answer</Tab>
        <Tab value="answered">Answered</Tab>
      </TabList>
      {questions.error ? (
        <ErrorState error={questions.error} retry={questions.reload} />
      ) : !questions.data ? (
        <LoadingState label="Loading the questions…" />
      ) : questions.data.items.length === 0 ? (
        <EmptyState
          title={status === 'open' ? 'No question is waiting' : 'No question has been answered yet'}
        >
          Staff ask from a policy's card in Teams, by typing "ask about a policy", or on its reading page.
        </EmptyState>
      ) : (
        <Stack>
          {questions.data.items.map((question) => (
            <QuestionItem key={question.id} question={question} />
          ))}
        </Stack>
      )}
    </>
  );
}

function QuestionItem({ question }: { question: PolicyQuestionView }) {
  const styles = useStyles();
  const asker = `${question.asker.displayName}${question.asker.jobTitle ? `, ${question.asker.jobTitle}` : ''}`;
  return (
    <Section
      title={`${question.kind === 'concern' ? 'Concern' : 'Question'} about ${question.policyTitle}`}
      labelledBy={`question-${question.id}`}
    >
      <Text>
        From {asker} on {formatDay(question.askedAt)} · version {question.versionLabel}{' '}
        {question.delivery === 'sent' ? null : (
          <Badge color="warning" appearance="outline">
            Not delivered in Teams
          </Badge>
        )}
      </Text>
      <p className={styles.text}>{question.text}</p>
      {question.answer ? <Answered question={question} /> : <AnswerForm question={question} />}
    </Section>
  );
}

function AnswerForm({ question }: { question: PolicyQuestionView }) {
  const form = useFormStyles();
  const { api } = useApp();
  const notify = useNotify();
  const [answer, setAnswer] = useState('');
  const answering = useChange(
    (text: string) =>
      api.post<PolicyQuestionView>(`/api/policy-questions/${question.id}/answer`, { answer: text }),
    () => ['/api/policy-questions'],
  );
  return (
    <form
      className={form.short}
      onSubmit={(event) => {
        event.preventDefault();
        answering.mutate(answer, {
          onSuccess: (answered) =>
            notify(
              'success',
              'Answer sent',
              answered.answer?.askerTold === 'sent'
                ? `${answered.asker.displayName} has it in Teams.`
                : `${answered.asker.displayName} could not be reached in Teams; it is recorded here.`,
            ),
        });
      }}
    >
      <Field
        label={`Your answer to ${question.asker.displayName}`}
        {...onlyFieldError(answering.error, 'answer')}
      >
        <Textarea value={answer} onChange={(_e, d) => setAnswer(d.value)} rows={3} />
      </Field>
      <div>
        <Button appearance="primary" type="submit" disabled={answering.isPending}>
          Send the answer
        </Button>
      </div>
    </form>
  );
}

function Answered({ question }: { question: PolicyQuestionView }) {
  const styles = useStyles();
  const form = useFormStyles();
  const { api } = useApp();
  const notify = useNotify();
  const answer = question.answer!;
  const [faqQuestion, setFaqQuestion] = useState(question.faq?.question ?? question.text);
  const [faqAnswer, setFaqAnswer] = useState(question.faq?.answer ?? answer.text);
  const publishing = useChange(
    (input: { published: boolean; question?: string; answer?: string }) =>
      api.put<PolicyQuestionView>(`/api/policy-questions/${question.id}/faq`, input),
    () => ['/api/policy-questions', `/api/policies/${question.policyId}/faq`],
  );
  return (
    <>
      <Text weight="semibold">
        Answered by {answer.by.displayName} on {formatDay(answer.at)}
      </Text>
      <p className={styles.text}>{answer.text}</p>
      {question.faq ? (
        <div>
          <Badge color="success" appearance="filled">
            In the FAQ
          </Badge>{' '}
          <Button
            disabled={publishing.isPending}
            onClick={() =>
              publishing.mutate(
                { published: false },
                { onSuccess: () => notify('success', 'Taken out of the FAQ') },
              )
            }
          >
            Take it out of the FAQ
          </Button>
        </div>
      ) : (
        <form
          className={form.short}
          onSubmit={(event) => {
            event.preventDefault();
            publishing.mutate(
              { published: true, question: faqQuestion, answer: faqAnswer },
              { onSuccess: () => notify('success', "Published in the policy's FAQ") },
            );
          }}
        >
          <Field
            label="The question as the FAQ shows it (no names)"
            {...fieldError(publishing.error ?? undefined, 'question')}
          >
            <Textarea value={faqQuestion} onChange={(_e, d) => setFaqQuestion(d.value)} rows={2} />
          </Field>
          <Field
            label="The answer as the FAQ shows it"
            {...fieldError(publishing.error ?? undefined, 'answer')}
          >
            <Textarea value={faqAnswer} onChange={(_e, d) => setFaqAnswer(d.value)} rows={3} />
          </Field>
          <div>
            <Button type="submit" disabled={publishing.isPending}>
              Publish in the FAQ
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
