import type { Types } from 'mongoose';
import { displayNamesOf, roleLabel, schoolNames } from '../directory';
import type { Models } from '../store/models';
import { decisionLabels, permissionStatusLabels } from './labels';
import type { DecisionOutcome, PermissionRequest, PermissionStatus } from './model';

/** A request as a card, the register and the API show it. */
export interface PermissionView {
  readonly id: string;
  readonly reference: string;
  readonly kind: string;
  readonly kindLabel: string;
  readonly status: PermissionStatus;
  readonly statusLabel: string;
  readonly requesterId: string;
  readonly requesterName: string;
  readonly schoolName: string | null;
  readonly answers: readonly { readonly label: string; readonly value: string }[];
  readonly startsAt: Date | null;
  readonly endsAt: Date | null;
  readonly requestedAt: Date;
  /** Who decides, as people say it: "Headteacher or Trust leader". */
  readonly approvers: string;
  readonly decision: {
    readonly outcome: DecisionOutcome;
    readonly outcomeLabel: string;
    readonly reason: string;
    readonly conditions: string | null;
    readonly byName: string;
    readonly at: Date;
  } | null;
}

/** The names a set of requests needs: requesters, deciders and schools, in two queries. */
export async function loadNames(
  models: Pick<Models, 'Person' | 'School'>,
  tenantId: string,
  requests: readonly PermissionRequest[],
): Promise<{ people: Map<string, string>; schools: Map<string, string> }> {
  const personIds = new Set<string>();
  const schoolIds = new Set<string>();
  for (const request of requests) {
    personIds.add(request.requesterId.toString());
    if (request.decision?.by) personIds.add(request.decision.by.toString());
    if (request.schoolId) schoolIds.add(request.schoolId.toString());
  }
  const [people, schools] = await Promise.all([
    personIds.size ? displayNamesOf(models, personIds, tenantId) : new Map<string, string>(),
    schoolIds.size ? schoolNames(models, tenantId, schoolIds) : new Map<string, string>(),
  ]);
  return { people, schools };
}

const nameIn = (names: Map<string, string>, id: Types.ObjectId | null | undefined): string =>
  (id && names.get(id.toString())) ?? '(no longer in the directory)';

export function viewOf(
  request: PermissionRequest,
  names: { people: Map<string, string>; schools: Map<string, string> },
): PermissionView {
  const decision = request.decision;
  return {
    id: request._id.toString(),
    reference: request.reference,
    kind: request.kind,
    kindLabel: request.kindLabel,
    status: request.status,
    statusLabel: permissionStatusLabels[request.status],
    requesterId: request.requesterId.toString(),
    requesterName: nameIn(names.people, request.requesterId),
    schoolName: (request.schoolId && names.schools.get(request.schoolId.toString())) ?? null,
    answers: request.answers.map(({ label, value }) => ({ label, value })),
    startsAt: request.startsAt ?? null,
    endsAt: request.endsAt ?? null,
    requestedAt: request.requestedAt,
    approvers: request.approverRoles.map(roleLabel).join(' or '),
    decision:
      decision?.outcome && decision.at
        ? {
            outcome: decision.outcome,
            outcomeLabel: decisionLabels[decision.outcome],
            reason: decision.reason ?? '',
            conditions: decision.conditions ?? null,
            byName: nameIn(names.people, decision.by),
            at: decision.at,
          }
        : null,
  };
}

/** One request's view, its names read. */
export async function viewOne(
  models: Pick<Models, 'Person' | 'School'>,
  request: PermissionRequest,
): Promise<PermissionView> {
  return viewOf(request, await loadNames(models, request.tenantId, [request]));
}
