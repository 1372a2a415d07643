import {
  Button,
  Field,
  Radio,
  RadioGroup,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { PolicyFaqEntry, PolicyQuestionView } from '../api/types';
import { useChange, useResource } from '../api/queries';
import { useApp } from '../context';
import { useNotify } from '../notify';
import { onlyFieldError } from '../pages/form';
import { Section, useFormStyles } from './layout';

const useStyles = makeStyles({
  faq: { margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  question: { fontWeight: tokens.fontWeightSemibold },
  answer: { margin: 0, whiteSpace: 'pre-wrap' },
});

/** On the reading page: the policy's FAQ, answered questions its owner published for every signer. */
export function PolicyFaq({ policyId }: { policyId: string }) {
  const styles = useStyles();
  const faq = useResource<{ items: PolicyFaqEntry[] }>(`/api/policies/${policyId}/faq`);
  if (!faq.data || faq.data.items.length === 0) return null;
  return (
    <Section title="Questions and answers" labelledBy="policy-faq">
      <dl className={styles.faq} aria-labelledby="policy-faq">
        {faq.data.items.map((entry) => (
          <div key={entry.id}>
            <dt className={styles.question}>{entry.question}</dt>
            <dd className={styles.answer}>{entry.answer}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}

/** On the reading page: asking the policy's owner a question, or raising a concern. */
export function AskAboutPolicy({ policyId }: { policyId: string }) {
  const form = useFormStyles();
  const { api } = useApp();
  const notify = useNotify();
  const [kind, setKind] = useState<'question' | 'concern'>('question');
  const [text, setText] = useState('');
  const asking = useChange(
    (input: { kind: 'question' | 'concern'; text: string }) =>
      api.post<PolicyQuestionView>(`/api/policies/${policyId}/questions`, input),
    () => ['/api/policy-questions'],
  );
  return (
    <Section title="Ask about this policy">
      <form
        className={form.short}
        onSubmit={(event) => {
          event.preventDefault();
          asking.mutate(
            { kind, text },
            {
              onSuccess: (question) => {
                setText('');
                notify(
                  'success',
                  `Your ${question.kind} was sent`,
                  question.delivery === 'sent'
                    ? `It went to ${question.sentTo.join(', ')}; the answer will come to you in Teams.`
                    : "Nobody could be reached in Teams just now; it waits in Conduct for the policy's owner.",
                );
              },
            },
          );
        }}
      >
        <RadioGroup
          value={kind}
          onChange={(_e, d) => setKind(d.value === 'concern' ? 'concern' : 'question')}
          aria-label="Is it a question or a concern?"
          layout="horizontal"
        >
          <Radio value="question" label="A question" />
          <Radio value="concern" label="A concern" />
        </RadioGroup>
        <Field
          label="What would you like to ask?"
          hint="It goes to the policy's owner, who answers you in Teams."
          {...onlyFieldError(asking.error, 'text')}
        >
          <Textarea value={text} onChange={(_e, d) => setText(d.value)} rows={3} />
        </Field>
        <div>
          <Button type="submit" disabled={asking.isPending}>
            Send the {kind}
          </Button>
        </div>
        <Text size={200}>Your name goes with it to whoever answers; the FAQ never shows names.</Text>
      </form>
    </Section>
  );
}
