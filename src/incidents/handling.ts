import type { Types } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../directory';
import { AppError } from '../errors';
import { idText } from '../shared/input';
import type { JobScheduler } from '../jobs/scheduler';
import type { Models } from '../store/models';
import { auditIncident } from './audit';
import { assertCanSee, canDecideBreach, canHandle, canSee } from './access';
import { breachReminderJob, statusJob } from './jobs';
import { incidentStatuses, type Incident } from './model';
import type { IncidentNotifier } from './messages';
import type { Sealer } from './seal';
import { finishingStatuses, transitionProblem } from './status';
import {
  appendTimeline,
  changeIncidentFrom,
  decideBreachOnce,
  findIncident,
  incidentById,
  takeOwnership,
} from './store';
import { loadNames, toReporter } from './views';

export interface HandlingDeps {
  readonly models: Pick<Models, 'Incident' | 'Person' | 'School' | 'AuditEvent' | 'AuditHead'>;
  readonly notifier: IncidentNotifier;
  readonly sealer: Sealer;
  readonly jobs: Pick<JobScheduler, 'cancel' | 'now'>;
  readonly now: () => Date;
  readonly timeZone: string;
}

const note = z.string().trim().min(1, 'must not be empty').max(4_000, 'must be at most 4,000 characters');

export const statusChangeInput = z.strictObject({
  status: z.enum(incidentStatuses),
  /** For the record (the timeline); the outcome when resolving or closing. The reporter never sees it. */
  note: note.optional(),
  /** Sent to the reporter in their chat and shown in their "my reports". */
  messageToReporter: note.optional(),
});
export const commentInput = z.strictObject({ text: note });
export const breachDecisionInput = z.strictObject({
  report: z.boolean(),
  reason: note,
});

/**
 * Loads a report of the actor's tenant that they may see; a restricted one they may not see is "not
 * found", and the refused attempt goes on the audit trail (`attempt` says what they tried).
 */
export async function loadVisible(
  deps: Pick<HandlingDeps, 'models' | 'now'>,
  actor: Actor,
  incidentId: string,
  attempt: IncidentAttempt,
): Promise<Incident> {
  // An id from a card or an address may be anything: one that cannot be an id names no incident.
  if (!idText.safeParse(incidentId).success) throw new AppError('not_found', 'There is no such incident.');
  const incident = await findIncident(deps.models, actor.tenantId, incidentId);
  if (!incident) throw new AppError('not_found', 'There is no such incident.');
  if (incident.restricted && !canSee(actor, incident)) {
    await audit(deps, actor, incident, 'incident.access_refused', { attempt });
  }
  assertCanSee(actor, incident);
  return incident;
}

/** What someone did with a report, as the audit trail names it. */
export type IncidentAttempt = 'view' | 'sheet' | 'claim' | 'status' | 'comment' | 'breach_decision';

function assertCanHandle(actor: Actor, incident: Incident): void {
  if (!canHandle(actor, incident)) {
    throw new AppError(
      'forbidden',
      'Only the people responsible for this kind of incident at its school can do this.',
    );
  }
}

/** Takes ownership of a new report; the reporter is told who has it. */
export async function claimIncident(deps: HandlingDeps, actor: Actor, incidentId: string): Promise<Incident> {
  const incident = await loadVisible(deps, actor, incidentId, 'claim');
  assertCanHandle(actor, incident);
  if (incident.ownerId) {
    if (incident.ownerId.equals(actor.personId)) {
      throw new AppError('conflict', `You have already taken ownership of ${incident.reference}.`);
    }
    const names = await loadNames(deps.models, actor.tenantId, [incident]);
    throw new AppError(
      'conflict',
      `${names.person(incident.ownerId)} has already taken ownership of ${incident.reference}.`,
    );
  }
  // A new report becomes triaged when someone takes it (and the timeline says so); one already moved on keeps its status.
  if (!(await takeOwnership(deps.models, incident._id, actor.personId, deps.now()))) {
    return claimIncident(deps, actor, incidentId);
  }
  await audit(deps, actor, incident, 'incident.claimed', {});
  const claimed = await reload(deps, incident._id);
  await tellReporter(deps, claimed, undefined);
  return claimed;
}

/**
 * Moves a report on along the one table of moves (status.ts); anything else, staying where it is
 * included, is refused with the reason. The timeline keeps the status, the note, and the message to
 * the reporter, who is told in their chat.
 */
export async function changeStatus(
  deps: HandlingDeps,
  actor: Actor,
  incidentId: string,
  change: z.infer<typeof statusChangeInput>,
): Promise<Incident> {
  const incident = await loadVisible(deps, actor, incidentId, 'status');
  assertCanHandle(actor, incident);
  const problem = transitionProblem(incident.status, change.status);
  if (problem) throw new AppError('conflict', problem);
  const finishing = finishingStatuses.includes(change.status);
  if (finishing && !change.note && !incident.outcome && !incident.sealedOutcome) {
    throw new AppError(
      'validation_failed',
      'Say what the outcome was (a note), to resolve or close an incident.',
    );
  }
  if (finishing && incident.breach && !incident.breach.decision) {
    throw new AppError(
      'conflict',
      'Record the decision to report this breach to the ICO or not (and why) first.',
    );
  }
  const now = deps.now();
  const text = textFor(deps, incident, change.note);
  const set: Record<string, unknown> = { status: change.status };
  if (!incident.ownerId) set.ownerId = actor.personId;
  if (change.status === 'closed') set.closedAt = now;
  if (finishing && change.note)
    Object.assign(set, incident.restricted ? { sealedOutcome: text.sealedNote } : { outcome: change.note });
  const entries = [{ at: now, by: actor.personId, what: `status:${change.status}`, ...text }];
  if (change.messageToReporter) {
    entries.push({
      at: now,
      by: actor.personId,
      what: toReporter,
      ...textFor(deps, incident, change.messageToReporter),
    });
  }
  if (!(await changeIncidentFrom(deps.models, incident, set, entries))) {
    throw new AppError(
      'conflict',
      'Someone else changed this incident a moment ago; reload it and try again.',
    );
  }
  await audit(deps, actor, incident, 'incident.status_changed', {
    from: incident.status,
    to: change.status,
    toReporter: Boolean(change.messageToReporter),
  });
  const changed = await reload(deps, incident._id);
  await tellReporter(deps, changed, change.messageToReporter ? now : undefined);
  return changed;
}

/** Adds a comment to the timeline (sealed on a restricted report). */
export async function addComment(
  deps: HandlingDeps,
  actor: Actor,
  incidentId: string,
  comment: z.infer<typeof commentInput>,
): Promise<Incident> {
  const incident = await loadVisible(deps, actor, incidentId, 'comment');
  await appendTimeline(deps.models, incident._id, [
    { at: deps.now(), by: actor.personId, what: 'comment', ...textFor(deps, incident, comment.text) },
  ]);
  await audit(deps, actor, incident, 'incident.commented', {});
  return reload(deps, incident._id);
}

/** The DPO's decision to report a breach to the ICO or not, with the reason; ends the reminders. */
export async function recordBreachDecision(
  deps: HandlingDeps,
  actor: Actor,
  incidentId: string,
  decision: z.infer<typeof breachDecisionInput>,
): Promise<Incident> {
  const incident = await loadVisible(deps, actor, incidentId, 'breach_decision');
  if (!incident.breach)
    throw new AppError('conflict', 'Only a data breach has a decision to report it to the ICO.');
  if (!canDecideBreach(actor, incident)) {
    throw new AppError(
      'forbidden',
      'Only the data protection officer for its school can record this decision.',
    );
  }
  const now = deps.now();
  const decided = await decideBreachOnce(
    deps.models,
    incident._id,
    { ...decision, decidedAt: now, decidedBy: actor.personId },
    {
      at: now,
      by: actor.personId,
      what: decision.report ? 'breach_decision:report' : 'breach_decision:not_report',
      note: decision.reason,
    },
  );
  if (!decided) throw new AppError('conflict', 'The decision on this breach has already been recorded.');
  await deps.jobs.cancel(breachReminderJob, { incidentId: incident._id.toString() });
  await audit(deps, actor, incident, 'incident.breach_decision', { report: decision.report });
  return reload(deps, incident._id);
}

/** A note as stored: in clear, or sealed on a restricted report. */
function textFor(
  deps: Pick<HandlingDeps, 'sealer'>,
  incident: Pick<Incident, 'restricted'>,
  text: string | undefined,
): { note?: string; sealedNote?: ReturnType<HandlingDeps['sealer']['seal']> } {
  if (!text) return {};
  return incident.restricted ? { sealedNote: deps.sealer.seal(text) } : { note: text };
}

async function reload(deps: Pick<HandlingDeps, 'models'>, id: Types.ObjectId): Promise<Incident> {
  const incident = await incidentById(deps.models, id);
  if (!incident) throw new AppError('not_found', 'There is no such incident.');
  return incident;
}

/**
 * The reporter hears, in their chat, that their report moved on (with the message to them, found on
 * the timeline by its time, so no text sits in the job): sent by a job, so this answers at once.
 */
async function tellReporter(
  deps: HandlingDeps,
  incident: Incident,
  messageAt: Date | undefined,
): Promise<void> {
  await deps.jobs.now(statusJob, {
    incidentId: incident._id.toString(),
    status: incident.status,
    ...(messageAt ? { messageAt: messageAt.toISOString() } : {}),
  });
}

function audit(
  deps: Pick<HandlingDeps, 'models' | 'now'>,
  actor: Actor,
  incident: Incident,
  action: string,
  details: Record<string, string | boolean>,
): Promise<unknown> {
  return auditIncident(deps.models, { incident, actorId: actor.personId, action, details, at: deps.now() });
}
