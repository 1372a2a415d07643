import type { PermissionMessage, PermissionNotifier } from '../../src/permissions/messages';
import { decisionCard, requesterCard } from '../cards/permission-cards';
import { cardNotifier, type Messenger } from '../messenger';

/** Permission messages as Adaptive Cards, through the one proactive messenger (paced, retried). */
export function createPermissionNotifier(
  messenger: Pick<Messenger, 'send'>,
  options: { timeZone: string },
): PermissionNotifier {
  return cardNotifier<PermissionMessage>(
    messenger,
    (message) =>
      message.kind === 'to-decide'
        ? decisionCard(message.request, { timeZone: options.timeZone, approverIds: message.approverIds })
        : requesterCard(message, options.timeZone),
    // What a notification preview shows: the reference and the kind, never the answers.
    (message) => `${message.request.reference}: ${message.request.kindLabel}`,
  );
}
