import type { PolicyCardSender } from '../src/campaigns/ports';
import { conversationOf } from '../src/directory/conversations';
import type { SendOutcome } from '../src/notifications/outcome';
import { overdueCard } from './cards/overdue-card';
import { cardForStanding } from './handlers/policies';
import { cardMessage, type Messenger } from './messenger';

const noConversation: SendOutcome = { status: 'failed', error: 'no conversation stored', attempts: 0 };

/** Sends policy cards and overdue summaries through the paced messenger. */
export function createPolicyCardSender(
  messenger: Messenger,
  options: { timeZone: string; publicBaseUrl: string },
): PolicyCardSender {
  return {
    sendPolicyCard: async ({ person, policy, version, delivery, reminder }) => {
      const conversation = conversationOf(person);
      if (!conversation) return noConversation;
      const standing = { kind: 'to-sign' as const, policy, version, dueAt: delivery.dueAt };
      return messenger.send(
        conversation,
        cardMessage(cardForStanding(options, person, standing, undefined, reminder)),
      );
    },
    sendOverdueSummary: async ({ to, policy, version, overdue, scope }) => {
      const conversation = conversationOf(to);
      if (!conversation) return noConversation;
      const content = overdueCard({
        recipientName: to.displayName,
        policyTitle: policy.title,
        label: version.label,
        scope,
        overdue,
        outstandingUrl: `${options.publicBaseUrl}/tab/admin?page=outstanding&version=${version._id.toString()}`,
        timeZone: options.timeZone,
      });
      return messenger.send(conversation, cardMessage(content));
    },
  };
}
