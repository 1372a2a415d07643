// Who is told about a report, and when: a new report to the people responsible, a change to the
// reporter. (The message shapes and the port the bot implements are in ./messages.)
import type { Types } from 'mongoose';
import { conversationOf, findPersonById, type Person } from '../directory';
import type { Models } from '../store/models';
import type { IncidentStatus } from './model';
import { describeDelivery, tellRoles, type RoutingDeps } from './routing';
import type { Sealer } from './seal';
import { appendTimeline, incidentById, markNotified } from './store';
import { conditionHolds, findIncidentType } from './catalogue';
import { loadNames, messagesToReporter, noticeOf } from './views';

export interface NotifyDeps extends RoutingDeps {
  readonly models: Pick<Models, 'Incident' | 'RoleAssignment' | 'Person' | 'School'>;
  readonly now: () => Date;
  readonly timeZone: string;
}

/**
 * Tells the people responsible of a new report: the handling role (or the incidents channel), the
 * escalation roles at once when nobody could be told, and any role the answers call for. At most
 * once: the report is marked before anything is sent, and the escalation job catches a report whose
 * notification was cut short.
 */
export async function notifyNewIncident(deps: NotifyDeps, incidentId: Types.ObjectId): Promise<boolean> {
  const incident = await markNotified(deps.models, incidentId, deps.now());
  const type = incident ? findIncidentType(incident.type) : undefined;
  if (!incident || !type) return false;
  const names = await loadNames(deps.models, incident.tenantId, [incident]);
  const notice = noticeOf(incident, names, deps.timeZone, deps.now());
  const target = {
    tenantId: incident.tenantId,
    schoolId: incident.schoolId,
    restricted: incident.restricted,
  };
  const direct = { channelAllowed: false };
  // A child in immediate danger: the deputies hear at once too, in their own chats.
  const inDanger = notice.urgency === 'immediate_danger';
  const roles = [type.handlingRole, ...(inDanger ? (type.urgent?.tellAtOnce ?? []) : [])];
  const delivery = await tellRoles(
    deps,
    { ...target, roles },
    { kind: 'new', notice },
    { channelAllowed: !inDanger },
  );
  const notes = [describeDelivery(roles, delivery)];
  if (delivery.sent === 0) {
    // Nobody could be told: go straight to the escalation roles rather than wait.
    const reason = 'nobody holding the responsible role could be reached';
    const escalation = { kind: 'escalated', notice, reason } as const;
    notes.push(
      describeDelivery(
        type.escalateTo,
        await tellRoles(deps, { ...target, roles: type.escalateTo }, escalation, direct),
      ),
    );
  }
  const answers = (incident.fields ?? {}) as Record<string, unknown>;
  for (const copy of type.alsoNotify ?? []) {
    if (!conditionHolds(copy.when, answers)) continue;
    const message = { kind: 'copy', notice, reason: copy.reason } as const;
    notes.push(
      describeDelivery(
        [copy.role],
        await tellRoles(deps, { ...target, roles: [copy.role] }, message, direct),
      ),
    );
  }
  const at = deps.now();
  await appendTimeline(
    deps.models,
    incident._id,
    notes.map((note) => ({ at, what: 'notified', note })),
  );
  return true;
}

/**
 * Tells the reporter, in their chat, that their report is now `status`, with the message to them
 * written at `messageAt` (never the notes for the record: those are for the handlers). A message
 * that cannot be delivered is noted on the timeline; the reporter still finds it in "my reports".
 */
export async function tellReporter(
  deps: NotifyDeps & { readonly sealer: Sealer },
  incidentId: Types.ObjectId,
  status: IncidentStatus,
  messageAt?: Date,
): Promise<boolean> {
  const incident = await incidentById(deps.models, incidentId);
  if (!incident) return false;
  const names = await loadNames(deps.models, incident.tenantId, [incident]);
  const written = messageAt
    ? messagesToReporter(incident, deps.sealer).find((m) => m.at.getTime() === messageAt.getTime())
    : undefined;
  const reporter = await findPersonById<Pick<Person, 'conversation' | 'active'>>(
    deps.models,
    incident.reporterId,
    { conversation: 1, active: 1 },
  );
  const conversation = reporter?.active ? conversationOf(reporter) : undefined;
  const outcome = conversation
    ? await deps.notifier.send(conversation, {
        kind: 'status',
        notice: { ...noticeOf(incident, names, deps.timeZone, deps.now()), status },
        ...(written ? { message: { from: names.person(written.by) ?? 'Conduct', text: written.text } } : {}),
      })
    : undefined;
  const sent = outcome?.status === 'sent';
  if (written && !sent) {
    await appendTimeline(deps.models, incident._id, [
      {
        at: deps.now(),
        what: 'reporter_not_reached',
        note: 'The message was not delivered in Teams; the reporter can read it in "my reports".',
      },
    ]);
  }
  return sent;
}
