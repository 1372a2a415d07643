import type { PermissionNotifier } from '../../src/permissions/messages';
import { decisionCard, requesterCard } from '../cards/permission-cards';
import type { Messenger } from '../messenger';

const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';

/** Permission messages as Adaptive Cards, through the one proactive messenger (paced, retried). */
export function createPermissionNotifier(
  messenger: Pick<Messenger, 'send'>,
  options: { timeZone: string },
): PermissionNotifier {
  return {
    send: (conversation, message) =>
      messenger.send(conversation, {
        // What a notification preview shows: the reference and the kind, never the answers.
        summary: `${message.request.reference}: ${message.request.kindLabel}`,
        attachments: [
          {
            contentType: adaptiveCardContentType,
            content:
              message.kind === 'to-decide'
                ? decisionCard(message.request, {
                    timeZone: options.timeZone,
                    approverIds: message.approverIds,
                  })
                : requesterCard(message, options.timeZone),
          },
        ],
      }),
  };
}
