import type { QuestionMessage, QuestionNotifier } from '../src/policies/questions/messages';
import { answerCard, toAnswerCard } from './cards/question-cards';
import { questionsPageUrl } from './handlers/policy-questions';
import { policyReadUrl } from './handlers/policies';
import { cardNotifier, type Messenger } from './messenger';

/** Question messages as Adaptive Cards, through the one proactive messenger (paced, retried). */
export function createQuestionNotifier(
  messenger: Pick<Messenger, 'send'>,
  options: { timeZone: string; publicBaseUrl: string },
): QuestionNotifier {
  return cardNotifier<QuestionMessage>(
    messenger,
    ({ kind, question }) =>
      kind === 'to-answer'
        ? toAnswerCard(question, {
            timeZone: options.timeZone,
            questionsUrl: questionsPageUrl(options.publicBaseUrl),
          })
        : answerCard(question, {
            timeZone: options.timeZone,
            readUrl: policyReadUrl(options.publicBaseUrl, question.policyId),
          }),
    // What a notification preview shows: the policy, never the words asked.
    ({ kind, question }) =>
      kind === 'to-answer'
        ? `A ${question.kind} about ${question.policyTitle}`
        : `Answer: ${question.policyTitle}`,
  );
}
