import type { StoredConversation } from '../directory';
import type { SendOutcome } from '../notifications/outcome';
import type { PermissionView } from './views';

/** What Conduct tells people about permission requests, first (the bot renders each as a card). */
export type PermissionMessage =
  /** To each approver: decide (the card updates in place for all of them once one does). */
  | { readonly kind: 'to-decide'; readonly request: PermissionView; readonly approverIds: readonly string[] }
  /** To the requester: the decision. */
  | { readonly kind: 'decided'; readonly request: PermissionView }
  /** To the holder: the approval lapses soon. */
  | { readonly kind: 'ending-soon'; readonly request: PermissionView }
  /** To the holder: the approval has lapsed. */
  | { readonly kind: 'expired'; readonly request: PermissionView };

/** The port the bot implements with cards and the proactive messenger. */
export interface PermissionNotifier {
  send(conversation: StoredConversation, message: PermissionMessage): Promise<SendOutcome>;
}
