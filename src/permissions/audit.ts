import { appendAuditEvent, type NewAuditEvent } from '../audit';
import type { Models } from '../store/models';
import type { PermissionRequest } from './model';

/** Puts a step of a permission request on the audit trail: ids, codes and the reference, never the answers. */
export function auditPermission(
  models: Pick<Models, 'AuditEvent' | 'AuditHead'>,
  event: NewAuditEvent,
): Promise<unknown> {
  return appendAuditEvent(models, event);
}

/** The audit subject and details of one request. */
export const aboutRequest = (
  request: Pick<PermissionRequest, '_id' | 'reference' | 'kind'>,
): Pick<NewAuditEvent, 'subject'> & { details: Record<string, string> } => ({
  subject: { kind: 'permission_request', id: request._id.toString() },
  details: { reference: request.reference, kind: request.kind },
});
