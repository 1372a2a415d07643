import { appendAuditEvent, type NewAuditEvent } from '../audit';
import type { Models } from '../store/models';
import type { Actor } from './actor';

/** Appends a change someone made to schools or roles to the audit trail, now, in their name. */
export function auditChange(
  models: Pick<Models, 'AuditEvent' | 'AuditHead'>,
  actor: Actor,
  action: string,
  subject: NewAuditEvent['subject'],
  details: NonNullable<NewAuditEvent['details']>,
): Promise<unknown> {
  return appendAuditEvent(models, {
    tenantId: actor.tenantId,
    actorId: actor.personId,
    action,
    subject,
    details,
    at: new Date(),
  });
}
