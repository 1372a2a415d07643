import type { StoredConversation } from '../../directory';
import type { SendOutcome } from '../../notifications/outcome';
import type { QuestionView } from './views';

/** What Conduct tells people about questions on a policy (the bot renders each as a card). */
export type QuestionMessage =
  /** To the policy's owner (or its IT managers): a question to answer. */
  | { readonly kind: 'to-answer'; readonly question: QuestionView }
  /** To the person who asked: the answer. */
  | { readonly kind: 'answered'; readonly question: QuestionView };

/** The port the bot implements with cards and the proactive messenger. */
export interface QuestionNotifier {
  send(conversation: StoredConversation, message: QuestionMessage): Promise<SendOutcome>;
}
