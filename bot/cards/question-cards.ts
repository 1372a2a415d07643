import type { QuestionView } from '../../src/policies/questions/views';
import { card, execute, openUrl, ukDate, type AdaptiveCard, type CardElement } from './card';
import { attention, facts, good, heading, note, paragraph } from './text';

/** The verbs of the question cards' Universal Actions. */
export const questionVerbs = {
  ask: 'policyQuestion.ask',
  answer: 'policyQuestion.answer',
  publish: 'policyQuestion.publish',
  withdraw: 'policyQuestion.withdraw',
  refresh: 'policyQuestion.refresh',
} as const;

const kindLabel = { question: 'Question', concern: 'Concern' } as const;

/** The form's fields: named apart from the signing form's, since an action sends every input of the card. */
function askFields(typed?: { kind?: string | undefined; text?: string | undefined }): CardElement[] {
  return [
    {
      type: 'Input.ChoiceSet',
      id: 'questionKind',
      label: 'Is it a question or a concern?',
      style: 'expanded',
      value: typed?.kind === 'concern' ? 'concern' : 'question',
      choices: [
        { title: 'A question: I am not sure what it means for me', value: 'question' },
        { title: 'A concern: something in it seems wrong or unworkable', value: 'concern' },
      ],
    },
    {
      type: 'Input.Text',
      id: 'questionText',
      label: 'What would you like to ask?',
      isMultiline: true,
      maxLength: 2_000,
      isRequired: true,
      errorMessage: 'Write your question first.',
      ...(typed?.text ? { value: typed.text } : {}),
    },
  ];
}

/** On the policy card: "Ask about this policy" opens a small form under the card. */
export function askAction(target: { policyId: string; versionId: string }): CardElement {
  return {
    type: 'Action.ShowCard',
    title: 'Ask about this policy',
    card: card(
      [note("Your question goes to the policy's owner, who answers you here in Teams."), ...askFields()],
      { actions: [execute('Send the question', questionVerbs.ask, { ...target, from: 'card' })] },
    ),
  };
}

/** Asking by chat: which policy, a question or a concern, and what. */
export function askAboutCard(view: {
  policies: readonly { policyId: string; title: string }[];
  typed?: { policyId?: string | undefined; kind?: string | undefined; text?: string | undefined };
  error?: string;
}): AdaptiveCard {
  return card(
    [
      heading('Ask about a policy'),
      paragraph(
        "Ask what a policy means for you, or raise a concern about it. It goes to the policy's owner, who answers you here.",
      ),
      {
        type: 'Input.ChoiceSet',
        id: 'policyId',
        label: 'Which policy?',
        isRequired: true,
        errorMessage: 'Choose a policy.',
        value: view.typed?.policyId ?? view.policies[0]?.policyId ?? '',
        choices: view.policies.map((p) => ({ title: p.title, value: p.policyId })),
      },
      ...askFields(view.typed),
      ...(view.error ? [attention(view.error)] : []),
    ],
    { actions: [execute('Send the question', questionVerbs.ask, { from: 'chat' })] },
  );
}

/** After asking: where it went, and (when it might be about a child) where to go now. */
export function questionAskedCard(
  question: QuestionView,
  options: { timeZone: string; safeguardingLine?: boolean },
): AdaptiveCard {
  const reached =
    question.delivery === 'sent'
      ? `Sent to ${question.sentTo.join(', ')}. You will get the answer here.`
      : 'Recorded. Nobody could be reached in Teams just now, so it waits in Conduct for the policy owner; you will get the answer here.';
  return card([
    heading(`${kindLabel[question.kind]} about ${question.policyTitle}`),
    good(reached),
    paragraph(`> ${question.text}`),
    note(`Asked ${ukDate(question.askedAt, options.timeZone)} about version ${question.versionLabel}.`),
    ...(options.safeguardingLine
      ? [attention('If a child may be at risk, tell the DSL now, or type "report" to report a concern.')]
      : []),
  ]);
}

/** The answerer's card: the question, and a box to answer it; once answered, the FAQ choice. */
export function toAnswerCard(
  question: QuestionView,
  options: { timeZone: string; questionsUrl: string; problem?: string },
): AdaptiveCard {
  const target = { questionId: question.id };
  const top: CardElement[] = [
    heading(`${kindLabel[question.kind]} about ${question.policyTitle}`),
    facts([
      [
        'From',
        `${question.asker.displayName}${question.asker.jobTitle ? `, ${question.asker.jobTitle}` : ''}`,
      ],
      ['Asked', ukDate(question.askedAt, options.timeZone)],
      ['Version', question.versionLabel],
    ]),
    paragraph(question.text, { spacing: 'Medium' }),
  ];
  const problem = options.problem ? [attention(options.problem)] : [];
  const open = openUrl('Open the questions in the tab', options.questionsUrl);
  if (!question.answer) {
    return card(
      [
        ...top,
        {
          type: 'Input.Text',
          id: 'answer',
          label: 'Your answer (it goes to them in Teams)',
          isMultiline: true,
          maxLength: 4_000,
          isRequired: true,
          errorMessage: 'Write an answer first.',
        },
        ...problem,
      ],
      { actions: [execute('Send the answer', questionVerbs.answer, target, 'positive'), open] },
    );
  }
  const answered: CardElement[] = [
    good(`Answered by ${question.answer.by.displayName} on ${ukDate(question.answer.at, options.timeZone)}`),
    paragraph(question.answer.text),
    note(
      question.answer.askerTold === 'sent'
        ? `${question.asker.displayName} has been sent the answer in Teams.`
        : `${question.asker.displayName} could not be reached in Teams; they can read the answer in Conduct.`,
    ),
  ];
  if (question.faq) {
    return card(
      [...top, ...answered, good("Published in the policy's FAQ for everyone who signs it."), ...problem],
      { actions: [execute('Take it out of the FAQ', questionVerbs.withdraw, target), open] },
    );
  }
  return card(
    [
      ...top,
      ...answered,
      paragraph(
        "**Publish it in the policy's FAQ?** Everyone who signs the policy will see it, without names.",
        {
          spacing: 'Medium',
        },
      ),
      {
        type: 'Input.Text',
        id: 'faqQuestion',
        label: 'The question as the FAQ shows it',
        isMultiline: true,
        maxLength: 2_000,
        value: question.text,
      },
      {
        type: 'Input.Text',
        id: 'faqAnswer',
        label: 'The answer as the FAQ shows it',
        isMultiline: true,
        maxLength: 4_000,
        value: question.answer.text,
      },
      ...problem,
    ],
    { actions: [execute('Publish in the FAQ', questionVerbs.publish, target), open] },
  );
}

/** To the person who asked: the answer. */
export function answerCard(
  question: QuestionView,
  options: { timeZone: string; readUrl: string },
): AdaptiveCard {
  const answer = question.answer;
  return card(
    [
      heading(`Answer: ${question.policyTitle}`),
      note(`Your ${question.kind} of ${ukDate(question.askedAt, options.timeZone)}`),
      paragraph(`> ${question.text}`),
      paragraph(answer?.text ?? '', { spacing: 'Medium' }),
      note(answer ? `${answer.by.displayName}, ${ukDate(answer.at, options.timeZone)}` : ''),
    ],
    { actions: [openUrl('Read the policy', options.readUrl)] },
  );
}

/** A question card that cannot be shown (not theirs to answer, gone): the reason. */
export const questionRefusedCard = (text: string): AdaptiveCard =>
  card([heading('Questions about policies'), paragraph(text)]);
