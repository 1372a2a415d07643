import { z } from 'zod';
import { holdsTrustWide, type Actor } from '../directory';
import { AppError } from '../errors';
import { auditPermission } from './audit';
import { defaultPermissionKinds, permissionKind, type PermissionKind } from './kinds';
import type { PermissionDeps } from './deps';

const storedKinds = z.array(permissionKind);

/** The trust's permission kinds: its own list once a trust admin changed one, else the defaults. */
export async function kindsFor(
  deps: Pick<PermissionDeps, 'store'>,
  tenantId: string,
): Promise<PermissionKind[]> {
  const stored = await deps.store.settings(tenantId);
  if (stored === undefined) return [...defaultPermissionKinds];
  // Only ever written after the same check; a list that no longer fits is a fault to see, not to hide.
  return storedKinds.parse(stored);
}

export async function findKind(
  deps: Pick<PermissionDeps, 'store'>,
  tenantId: string,
  kindId: string,
): Promise<PermissionKind | undefined> {
  return (await kindsFor(deps, tenantId)).find((kind) => kind.id === kindId);
}

/** A trust admin changes one kind (or adds one): its label, questions, approver roles, prerequisite. */
export async function saveKind(
  deps: Pick<PermissionDeps, 'store' | 'models' | 'now'>,
  actor: Actor,
  kind: PermissionKind,
): Promise<PermissionKind[]> {
  if (!holdsTrustWide(actor, 'trust_admin'))
    throw new AppError('forbidden', 'Only a trust admin can change the kinds of request.');
  const kinds = await kindsFor(deps, actor.tenantId);
  const at = kinds.findIndex((existing) => existing.id === kind.id);
  if (at < 0 && kinds.length >= 30)
    throw new AppError('conflict', 'A trust can have at most 30 kinds of request.');
  const next = at < 0 ? [...kinds, kind] : kinds.map((existing, i) => (i === at ? kind : existing));
  const now = deps.now();
  await deps.store.saveSettings(actor.tenantId, next, actor.personId, now);
  await auditPermission(deps.models, {
    tenantId: actor.tenantId,
    actorId: actor.personId,
    action: at < 0 ? 'permission.kind_added' : 'permission.kind_changed',
    subject: { kind: 'permission_kind', id: kind.id },
    details: { approverRoles: kind.approverRoles.join(','), questions: kind.questions.length },
    at: now,
  });
  return next;
}
