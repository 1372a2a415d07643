import type { Types } from 'mongoose';
import { appendAuditEvent } from '../audit';
import type { Models } from '../store/models';
import type { Incident } from './model';

/**
 * Puts something done to (or read of) an incident on the audit trail: who, what, which report and
 * when, with codes only — never an answer, a note or a narrative.
 */
export function auditIncident(
  models: Pick<Models, 'AuditEvent' | 'AuditHead'>,
  event: {
    incident: Pick<Incident, '_id' | 'tenantId' | 'reference'>;
    actorId?: Types.ObjectId;
    action: string;
    details?: Record<string, string | number | boolean>;
    at: Date;
  },
): Promise<unknown> {
  return appendAuditEvent(models, {
    tenantId: event.incident.tenantId,
    ...(event.actorId ? { actorId: event.actorId } : {}),
    action: event.action,
    subject: { kind: 'incident', id: event.incident._id.toString() },
    details: { reference: event.incident.reference, ...event.details },
    at: event.at,
  });
}
