import { conversationOf } from '../src/directory/conversations';
import type { ReviewCardSender } from '../src/policies/review/cycle';
import { dayText } from '../src/policies/views';
import type { SendOutcome } from '../src/notifications/outcome';
import { reviewCardFor } from './handlers/policy-review';
import { cardMessage, type Messenger } from './messenger';

const noConversation: SendOutcome = { status: 'failed', error: 'no conversation stored', attempts: 0 };

/** Sends review cards to policy owners through the paced messenger. */
export function createReviewCardSender(
  messenger: Messenger,
  options: { timeZone: string; publicBaseUrl: string; now: () => Date },
): ReviewCardSender {
  return {
    sendReviewCard: async ({ owner, policy, version, nextReviewDate, stage }) => {
      const conversation = conversationOf(owner);
      if (!conversation) return noConversation;
      const content = reviewCardFor(options, {
        policyId: policy._id.toString(),
        versionId: version._id.toString(),
        title: policy.title,
        versionLabel: version.label,
        nextReviewDate: dayText(nextReviewDate),
        reviewPeriodMonths: policy.reviewPeriodMonths ?? 12,
        ownerName: owner.displayName,
        stage,
      });
      return messenger.send(conversation, cardMessage(content));
    },
  };
}
