import { conversationOf, findPerson } from '../directory';
import { aboutRequest, auditPermission } from './audit';
import type { PermissionDeps } from './deps';
import type { PermissionMessage } from './messages';
import type { PermissionRequest } from './model';

/** Sends a message to the person who asked (when Conduct can reach them), and audits that it went. */
export async function tellRequester(
  deps: Pick<PermissionDeps, 'models' | 'notifier' | 'now'>,
  request: PermissionRequest,
  message: PermissionMessage,
): Promise<void> {
  const person = await findPerson(deps.models, request.tenantId, request.requesterId);
  const conversation = person ? conversationOf(person) : undefined;
  const outcome = conversation ? await deps.notifier.send(conversation, message) : undefined;
  await auditPermission(deps.models, {
    tenantId: request.tenantId,
    action: 'permission.requester_told',
    subject: aboutRequest(request).subject,
    details: { ...aboutRequest(request).details, message: message.kind, sent: outcome?.status === 'sent' },
    at: deps.now(),
  });
}
