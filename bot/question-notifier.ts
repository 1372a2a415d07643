import type { QuestionNotifier } from '../src/policies/questions/messages';
import { answerCard, toAnswerCard } from './cards/question-cards';
import { questionsPageUrl } from './handlers/policy-questions';
import { policyReadUrl } from './handlers/policies';
import type { Messenger } from './messenger';

/** Question messages as Adaptive Cards, through the one proactive messenger (paced, retried). */
export function createQuestionNotifier(
  messenger: Pick<Messenger, 'send'>,
  options: { timeZone: string; publicBaseUrl: string },
): QuestionNotifier {
  return {
    send: (conversation, { kind, question }) =>
      messenger.send(conversation, {
        // What a notification preview shows: the policy, never the words asked.
        summary:
          kind === 'to-answer'
            ? `A ${question.kind} about ${question.policyTitle}`
            : `Answer: ${question.policyTitle}`,
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content:
              kind === 'to-answer'
                ? toAnswerCard(question, {
                    timeZone: options.timeZone,
                    questionsUrl: questionsPageUrl(options.publicBaseUrl),
                  })
                : answerCard(question, {
                    timeZone: options.timeZone,
                    readUrl: policyReadUrl(options.publicBaseUrl, question.policyId),
                  }),
          },
        ],
      }),
  };
}
