import type { IncidentMessage, IncidentNotifier } from '../../src/incidents/messages';
import { cardNotifier, type Messenger } from '../messenger';
import { noticeCard } from './notice-cards';

/** Incident messages as Adaptive Cards, sent through the one proactive messenger (paced, retried). */
export function createIncidentNotifier(
  messenger: Pick<Messenger, 'send'>,
  options: { timeZone: string },
): IncidentNotifier {
  return cardNotifier<IncidentMessage>(
    messenger,
    (message) => noticeCard(message, options.timeZone),
    // What a notification preview shows: the reference and type, never the detail.
    (message) =>
      `${message.notice.urgency ? 'URGENT: ' : ''}${message.notice.reference}: ${message.notice.typeLabel}`,
  );
}
