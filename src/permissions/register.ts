import { Types } from 'mongoose';
import { displayNamesOf, holdsTrustWide, type Actor } from '../directory';
import { AppError } from '../errors';
import { addDays, formatDateTime, formatLongDate, startOfDay } from '../shared/time';
import { registerReaders, type RegisterQuery } from './contract';
import type { PermissionDeps } from './deps';
import { decisionLabels } from './labels';
import type { DecisionOutcome } from './model';
import type { RegisterFilter } from './store';
import { loadNames, viewOf, type PermissionView } from './views';

const pageSize = 50;

/** The schools whose requests the actor sees: all (undefined) when they read the register trust-wide. */
function schoolsOf(actor: Actor): Types.ObjectId[] | undefined {
  if (registerReaders.some((role) => holdsTrustWide(actor, role))) return undefined;
  return actor.roles
    .filter((held) => (registerReaders as readonly string[]).includes(held.role) && held.scopeKey !== 'trust')
    .map((held) => new Types.ObjectId(held.scopeKey));
}

/** The register's filters as the store reads them: a school outside the reader's own finds nothing. */
function filterOf(actor: Actor, query: Omit<RegisterQuery, 'page'>, timeZone: string): RegisterFilter {
  const visible = schoolsOf(actor);
  const school = query.school ? new Types.ObjectId(query.school) : undefined;
  const schoolIds = school ? (!visible || visible.some((id) => id.equals(school)) ? [school] : []) : visible;
  return {
    status: query.status,
    kind: query.kind,
    schoolIds,
    requesterId: query.person ? new Types.ObjectId(query.person) : undefined,
    askedFrom: query.from ? startOfDay(query.from, timeZone) : undefined,
    askedBefore: query.to ? addDays(startOfDay(query.to, timeZone), 1, timeZone) : undefined,
  };
}

export async function registerPage(
  deps: Pick<PermissionDeps, 'store' | 'models' | 'timeZone'>,
  actor: Actor,
  query: RegisterQuery,
): Promise<{ items: PermissionView[]; page: number; pageSize: number; total: number }> {
  if (query.from && query.to && query.to < query.from)
    throw new AppError('validation_failed', 'The last day asked is before the first.');
  const { items, total } = await deps.store.list(actor.tenantId, filterOf(actor, query, deps.timeZone), {
    skip: (query.page - 1) * pageSize,
    limit: pageSize,
  });
  const names = await loadNames(deps.models, actor.tenantId, items);
  return { items: items.map((item) => viewOf(item, names)), page: query.page, pageSize, total };
}

export interface RegisterRow {
  reference: string;
  kind: string;
  requester: string;
  school: string;
  requestedAt: string;
  answers: string;
  status: string;
  decision: string;
  decidedBy: string;
  decidedAt: string;
  reason: string;
  conditions: string;
  ends: string;
}

export const registerColumns: { key: keyof RegisterRow; header: string }[] = [
  { key: 'reference', header: 'Reference' },
  { key: 'kind', header: 'Request' },
  { key: 'requester', header: 'Asked by' },
  { key: 'school', header: 'School' },
  { key: 'requestedAt', header: 'Asked on' },
  { key: 'answers', header: 'Details' },
  { key: 'status', header: 'Status' },
  { key: 'decision', header: 'Decision' },
  { key: 'decidedBy', header: 'Decided by' },
  { key: 'decidedAt', header: 'Decided on' },
  { key: 'reason', header: 'Reason' },
  { key: 'conditions', header: 'Conditions' },
  { key: 'ends', header: 'Ends' },
];

/** Every request the actor may see, filtered like the page, as rows for the CSV. */
export async function registerRows(
  deps: Pick<PermissionDeps, 'store' | 'models' | 'timeZone'>,
  actor: Actor,
  query: Omit<RegisterQuery, 'page'>,
): Promise<RegisterRow[]> {
  const { items } = await deps.store.list(actor.tenantId, filterOf(actor, query, deps.timeZone), {
    skip: 0,
    limit: 100_000,
  });
  const names = await loadNames(deps.models, actor.tenantId, items);
  const tz = deps.timeZone;
  return items.map((item) => {
    const view = viewOf(item, names);
    return {
      reference: view.reference,
      kind: view.kindLabel,
      requester: view.requesterName,
      school: view.schoolName ?? '',
      requestedAt: formatDateTime(view.requestedAt, tz),
      answers: view.answers.map((a) => `${a.label}: ${a.value}`).join('; '),
      status: view.statusLabel,
      decision: view.decision?.outcomeLabel ?? '',
      decidedBy: view.decision?.byName ?? '',
      decidedAt: view.decision ? formatDateTime(view.decision.at, tz) : '',
      reason: view.decision?.reason ?? '',
      conditions: view.decision?.conditions ?? '',
      ends: view.endsAt ? formatLongDate(new Date(view.endsAt.getTime() - 1), tz) : '',
    };
  });
}

/** What each audited step of a request says in its history. */
const historyWords: Readonly<Record<string, string>> = {
  'permission.requested': 'Asked',
  'permission.sent_to_approvers': 'Sent to the approvers',
  'permission.decided': 'Decided',
  'permission.decision_refused': 'A decision was refused',
  'permission.requester_told': 'The person who asked was told',
  'permission.expired': 'Ended',
};
const refusedWhy: Readonly<Record<string, string>> = {
  not_approver: 'not an approver',
  own_request: 'their own request',
  already_decided: 'already decided',
};
const toldWhat: Readonly<Record<string, string>> = {
  decided: 'of the decision',
  'ending-soon': 'that it ends soon',
  expired: 'that it has ended',
};

const count = (value: unknown): number => (typeof value === 'number' ? value : 0);

function historyLine(action: string, details: Record<string, unknown>): string {
  const base = historyWords[action] ?? action;
  if (action === 'permission.sent_to_approvers')
    return `${base}: ${count(details.told)} of ${count(details.approvers)} reached in Teams`;
  if (action === 'permission.decided' && typeof details.outcome === 'string')
    return `${base}: ${decisionLabels[details.outcome as DecisionOutcome] ?? details.outcome}`;
  if (action === 'permission.decision_refused' && typeof details.why === 'string')
    return `${base} (${refusedWhy[details.why] ?? details.why})`;
  if (action === 'permission.requester_told') {
    const what = toldWhat[String(details.message)] ?? '';
    return `${base}${what ? ` ${what}` : ''}${details.sent ? '' : ' (could not be reached in Teams)'}`;
  }
  return base;
}

/** One request of the register, for a reader who sees its school, with its history from the audit trail. */
export async function registerEntry(
  deps: Pick<PermissionDeps, 'store' | 'models'>,
  actor: Actor,
  requestId: string,
): Promise<{
  request: PermissionView;
  history: { at: Date; what: string; byName: string | null }[];
}> {
  const request = await deps.store.find(actor.tenantId, new Types.ObjectId(requestId));
  const visible = schoolsOf(actor);
  if (!request || (visible && !visible.some((id) => request.schoolId?.equals(id))))
    throw new AppError('not_found', 'There is no such request in the register you can see.');
  const events = await deps.store.history(actor.tenantId, request._id);
  const names = await loadNames(deps.models, actor.tenantId, [request]);
  const actorIds = new Set(events.flatMap((event) => (event.actorId ? [event.actorId.toString()] : [])));
  const missing = [...actorIds].filter((id) => !names.people.has(id));
  const more = missing.length
    ? await displayNamesOf(deps.models, missing, actor.tenantId)
    : new Map<string, string>();
  const nameOf = (id: string) => names.people.get(id) ?? more.get(id) ?? '(no longer in the directory)';
  return {
    request: viewOf(request, names),
    history: events.map((event) => ({
      at: event.at,
      what: historyLine(event.action, event.details ?? {}),
      byName: event.actorId ? nameOf(event.actorId.toString()) : null,
    })),
  };
}
