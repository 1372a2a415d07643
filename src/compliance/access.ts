import { type Actor, holdsTrustWide, type Role } from '../directory';
import { AppError } from '../errors';

/** The roles that see compliance: the overview, who is outstanding and the evidence. */
export const complianceReaders: readonly Role[] = [
  'it_manager',
  'headteacher',
  'trust_admin',
  'trust_leader',
];

/** Which schools an actor's compliance view covers: every school, or the listed ones. */
export type SchoolScope =
  { readonly kind: 'trust' } | { readonly kind: 'schools'; readonly ids: ReadonlySet<string> };

/**
 * The schools where the actor holds one of the roles. A role held for the trust covers every school;
 * asking for one school narrows the view to it, and asking for one outside the actor's reach is refused.
 */
export function schoolScope(actor: Actor, allowed: readonly Role[], school?: string): SchoolScope {
  if (school !== undefined) {
    if (!allowed.some((role) => actor.holds(role, school))) {
      throw new AppError('forbidden', 'You can only see compliance for the schools where you hold a role.');
    }
    return { kind: 'schools', ids: new Set([school]) };
  }
  if (allowed.some((role) => holdsTrustWide(actor, role))) return { kind: 'trust' };
  const ids = actor.roles.filter((held) => allowed.includes(held.role)).map((held) => held.scopeKey);
  if (ids.length === 0) throw new AppError('forbidden', 'You do not have a role that allows this.');
  return { kind: 'schools', ids: new Set(ids) };
}

export const inScope = (scope: SchoolScope, schoolId: string): boolean =>
  scope.kind === 'trust' || scope.ids.has(schoolId);

/** A school-scoped viewer may only look at policies for one of their schools (or for the whole trust). */
export function assertApplies(
  policy: { readonly scope: string; readonly schoolIds: readonly { toString(): string }[] },
  scope: SchoolScope,
): void {
  if (scope.kind === 'trust' || policy.scope === 'trust') return;
  if (policy.schoolIds.some((id) => scope.ids.has(id.toString()))) return;
  throw new AppError('forbidden', 'This policy does not apply to any school where you hold a role.');
}
