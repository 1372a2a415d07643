import type { IncidentNotifier } from '../../src/incidents/messages';
import { cardMessage, type Messenger } from '../messenger';
import { noticeCard } from './notice-cards';

/** Incident messages as Adaptive Cards, sent through the one proactive messenger (paced, retried). */
export function createIncidentNotifier(
  messenger: Pick<Messenger, 'send'>,
  options: { timeZone: string },
): IncidentNotifier {
  return {
    send: (conversation, message) =>
      messenger.send(
        conversation,
        cardMessage(
          noticeCard(message, options.timeZone),
          // What a notification preview shows: the reference and type, never the detail.
          `${message.notice.urgency ? 'URGENT: ' : ''}${message.notice.reference}: ${message.notice.typeLabel}`,
        ),
      ),
  };
}
