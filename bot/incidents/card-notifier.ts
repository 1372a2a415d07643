import type { IncidentNotifier } from '../../src/incidents/messages';
import type { Messenger } from '../messenger';
import { noticeCard } from './notice-cards';

const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';

/** Incident messages as Adaptive Cards, sent through the one proactive messenger (paced, retried). */
export function createIncidentNotifier(
  messenger: Pick<Messenger, 'send'>,
  options: { timeZone: string },
): IncidentNotifier {
  return {
    send: (conversation, message) =>
      messenger.send(conversation, {
        // The text is what a notification preview shows: the reference and type, never the detail.
        summary: `${message.notice.urgency ? 'URGENT: ' : ''}${message.notice.reference}: ${message.notice.typeLabel}`,
        attachments: [
          { contentType: adaptiveCardContentType, content: noticeCard(message, options.timeZone) },
        ],
      }),
  };
}
