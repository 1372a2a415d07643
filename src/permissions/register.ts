import { Types } from 'mongoose';
import { holdsTrustWide, type Actor } from '../directory';
import { formatDateTime, formatLongDate } from '../shared/time';
import { registerReaders, type RegisterQuery } from './contract';
import type { PermissionDeps } from './deps';
import { loadNames, viewOf, type PermissionView } from './views';

const pageSize = 50;

/** The schools whose requests the actor sees: all (undefined) when they read the register trust-wide. */
function schoolsOf(actor: Actor): Types.ObjectId[] | undefined {
  if (registerReaders.some((role) => holdsTrustWide(actor, role))) return undefined;
  return actor.roles
    .filter((held) => (registerReaders as readonly string[]).includes(held.role) && held.scopeKey !== 'trust')
    .map((held) => new Types.ObjectId(held.scopeKey));
}

export async function registerPage(
  deps: Pick<PermissionDeps, 'store' | 'models'>,
  actor: Actor,
  query: RegisterQuery,
): Promise<{ items: PermissionView[]; page: number; pageSize: number; total: number }> {
  const { items, total } = await deps.store.list(
    actor.tenantId,
    { status: query.status, kind: query.kind, schoolIds: schoolsOf(actor) },
    { skip: (query.page - 1) * pageSize, limit: pageSize },
  );
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
  const { items } = await deps.store.list(
    actor.tenantId,
    { status: query.status, kind: query.kind, schoolIds: schoolsOf(actor) },
    { skip: 0, limit: 100_000 },
  );
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
