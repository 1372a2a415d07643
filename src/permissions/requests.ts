import { Types } from 'mongoose';
import { conversationOf, findPerson, roleHolders, type Actor } from '../directory';
import { AppError } from '../errors';
import { startOfDay, addDays } from '../shared/time';
import { confirmStep, shownAnswer } from './asking';
import { aboutRequest, auditPermission } from './audit';
import type { PermissionDeps, Requester } from './deps';
import { periodKeys, type PermissionKind } from './kinds';
import type { DecisionOutcome, PermissionDraft, PermissionRequest } from './model';
import { findKind } from './settings';
import { scheduleLapse } from './lapse';
import { tellRequester } from './tell';
import { viewOne, type PermissionView } from './views';

/** How sending the request to its approvers went. */
export interface SentRequest {
  readonly request: PermissionView;
  /** How many approvers were sent the card; 0 means nobody holds the role or can be reached. */
  readonly told: number;
}

/** Sends the request the person has answered in the chat to the approvers of its school, and records it. */
export async function submitRequest(
  deps: PermissionDeps,
  person: Requester,
  draft: PermissionDraft,
): Promise<SentRequest> {
  if (draft.step !== confirmStep) throw new AppError('conflict', 'There are still questions to answer.');
  const kind = await findKind(deps, person.tenantId, draft.kind);
  if (!kind) throw new AppError('not_found', 'That kind of request is no longer offered.');
  const answers = (draft.answers ?? {}) as Record<string, string>;
  const request = await recordRequest(deps, person, kind, answers, draft.schoolId ?? undefined);
  await deps.store.deleteDraft(person.tenantId, person._id);
  return tellApprovers(deps, person, request);
}

/**
 * Records a request with its answers as read (days as YYYY-MM-DD), for the school it is for (the
 * person's only school when none is named), on the audit trail. The chat and the tab both end here.
 */
export async function recordRequest(
  deps: PermissionDeps,
  person: Requester,
  kind: PermissionKind,
  answers: Readonly<Record<string, string>>,
  schoolId: Types.ObjectId | undefined = person.memberships[0]?.schoolId,
): Promise<PermissionRequest> {
  const now = deps.now();
  const from = answers[periodKeys.from];
  const until = answers[periodKeys.until];
  const request = await deps.store.insert({
    tenantId: person.tenantId,
    reference: await deps.store.nextReference(person.tenantId, now.getUTCFullYear()),
    kind: kind.id,
    kindLabel: kind.label,
    requesterId: person._id,
    ...(schoolId ? { schoolId } : {}),
    answers: kind.questions
      .filter((q) => answers[q.key] !== undefined)
      .map((q) => ({ key: q.key, label: q.label, value: shownAnswer(q, answers[q.key]!, deps.timeZone) })),
    ...(from ? { startsAt: startOfDay(from, deps.timeZone) } : {}),
    ...(until ? { endsAt: addDays(startOfDay(until, deps.timeZone), 1, deps.timeZone) } : {}),
    approverRoles: [...kind.approverRoles],
    status: 'pending',
    decision: {},
    requestedAt: now,
  } as Omit<PermissionRequest, '_id'>);
  await auditPermission(deps.models, {
    tenantId: person.tenantId,
    actorId: person._id,
    action: 'permission.requested',
    ...aboutRequest(request),
    at: now,
  });
  return request;
}

/** Sends a recorded request to each approver who can be reached, and audits how many were. */
export async function tellApprovers(
  deps: PermissionDeps,
  person: Requester,
  request: PermissionRequest,
): Promise<SentRequest> {
  const view = await viewOne(deps.models, request);
  const approvers = await approversOf(deps, request);
  const approverIds = await entraIdsOf(
    deps,
    person.tenantId,
    approvers.map((a) => a._id),
  );
  let told = 0;
  for (const approver of approvers) {
    const conversation = conversationOf(approver);
    if (!conversation) continue;
    const outcome = await deps.notifier.send(conversation, { kind: 'to-decide', request: view, approverIds });
    if (outcome.status === 'sent') told += 1;
  }
  await auditPermission(deps.models, {
    tenantId: person.tenantId,
    action: 'permission.sent_to_approvers',
    subject: aboutRequest(request).subject,
    details: { ...aboutRequest(request).details, told, approvers: approvers.length },
    at: deps.now(),
  });
  return { request: view, told };
}

/** The people who may decide the request: the approver roles' holders for its school, never the requester. */
async function approversOf(deps: Pick<PermissionDeps, 'models'>, request: PermissionRequest) {
  const holders = await roleHolders(deps.models, request.tenantId, request.approverRoles, request.schoolId);
  return holders.filter((holder) => !holder._id.equals(request.requesterId));
}

/** A request as the approver's card shows it, with whom the card refreshes itself for. */
export interface DecisionCardState {
  readonly request: PermissionView;
  readonly approverIds: readonly string[];
}

async function cardState(
  deps: Pick<PermissionDeps, 'models'>,
  request: PermissionRequest,
): Promise<DecisionCardState> {
  const approvers = await approversOf(deps, request);
  return {
    request: await viewOne(deps.models, request),
    approverIds: await entraIdsOf(
      deps,
      request.tenantId,
      approvers.map((a) => a._id),
    ),
  };
}

async function entraIdsOf(
  deps: Pick<PermissionDeps, 'models'>,
  tenantId: string,
  ids: readonly Types.ObjectId[],
): Promise<string[]> {
  // Teams refreshes a Universal Actions card by itself for at most 60 people.
  const people = await Promise.all(ids.slice(0, 60).map((id) => findPerson(deps.models, tenantId, id)));
  return people.flatMap((p) => (p ? [p.entraObjectId] : []));
}

export interface DecisionInput {
  readonly outcome: DecisionOutcome;
  readonly reason: string;
  readonly conditions?: string | undefined;
}

/** The request as its card shows it, for someone who may decide it (or who asked). */
export async function requestFor(
  deps: Pick<PermissionDeps, 'store' | 'models'>,
  actor: Actor,
  requestId: string,
): Promise<DecisionCardState> {
  return cardState(deps, await visibleRequest(deps, actor, requestId));
}

async function visibleRequest(
  deps: Pick<PermissionDeps, 'store'>,
  actor: Actor,
  requestId: string,
): Promise<PermissionRequest> {
  const request = Types.ObjectId.isValid(requestId)
    ? await deps.store.find(actor.tenantId, new Types.ObjectId(requestId))
    : undefined;
  if (!request || !(canDecide(actor, request) || request.requesterId.equals(actor.personId)))
    throw new AppError('not_found', 'There is no such request.');
  return request;
}

/** Holds one of the request's approver roles for its school (or the trust). */
export const canDecide = (
  actor: Actor,
  request: Pick<PermissionRequest, 'approverRoles' | 'schoolId'>,
): boolean =>
  request.approverRoles.some((role) => actor.holds(role, request.schoolId?.toString() ?? 'trust'));

/**
 * An approver's decision: approve, approve with conditions, or decline, each with a reason. The
 * first decision wins; a later one is refused with who decided. The requester is told; an approval
 * with an end is reminded of before it lapses, and lapses.
 */
export async function decideRequest(
  deps: PermissionDeps,
  actor: Actor,
  requestId: string,
  input: DecisionInput,
): Promise<DecisionCardState> {
  const request = await visibleRequest(deps, actor, requestId);
  const now = deps.now();
  const refuse = async (why: string, message: string): Promise<never> => {
    await auditPermission(deps.models, {
      tenantId: actor.tenantId,
      actorId: actor.personId,
      action: 'permission.decision_refused',
      subject: aboutRequest(request).subject,
      details: { ...aboutRequest(request).details, why },
      at: now,
    });
    throw new AppError(why === 'not_approver' ? 'forbidden' : 'conflict', message);
  };
  if (!canDecide(actor, request))
    return refuse('not_approver', 'Only the approvers of this request can decide it.');
  if (request.requesterId.equals(actor.personId))
    return refuse('own_request', 'You cannot decide your own request: another approver must.');
  const reason = input.reason.trim();
  const conditions = input.conditions?.trim() ?? '';
  if (!reason) throw new AppError('validation_failed', 'Please give a reason for the decision.');
  if (input.outcome === 'approved_with_conditions' && !conditions)
    throw new AppError('validation_failed', 'Please write the conditions of the approval.');
  const decided = await deps.store.decide(actor.tenantId, request._id, {
    outcome: input.outcome,
    reason,
    ...(input.outcome === 'approved_with_conditions' ? { conditions } : {}),
    by: actor.personId,
    at: now,
  });
  if (!decided) {
    const current = await viewOne(
      deps.models,
      (await deps.store.find(actor.tenantId, request._id)) ?? request,
    );
    return refuse(
      'already_decided',
      `${current.reference} was already decided${current.decision ? ` by ${current.decision.byName}: ${current.decision.outcomeLabel.toLowerCase()}` : ''}.`,
    );
  }
  await auditPermission(deps.models, {
    tenantId: actor.tenantId,
    actorId: actor.personId,
    action: 'permission.decided',
    subject: aboutRequest(decided).subject,
    details: { ...aboutRequest(decided).details, outcome: input.outcome },
    at: now,
  });
  if (decided.status === 'approved') await scheduleLapse(deps, decided);
  const state = await cardState(deps, decided);
  await tellRequester(deps, decided, { kind: 'decided', request: state.request });
  return state;
}
