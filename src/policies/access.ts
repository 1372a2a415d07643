import { type Actor, holdsTrustWide, type Role } from '../directory';
import { AppError } from '../errors';
import type { Policy } from './model';

/** The roles that create, change, import and publish policies. */
export const policyManagers: readonly Role[] = ['it_manager', 'trust_admin'];
/** The roles that read the whole library, drafts included. */
export const policyReaders: readonly Role[] = [...policyManagers, 'headteacher', 'trust_leader'];

type Reach = Pick<Policy, 'scope'> & { schoolIds: readonly { toString(): string }[] };

/**
 * A trust-wide policy needs a manager role held for the trust; a school policy needs one held for
 * every school it names (or for the trust), so nobody changes what another school's staff sign.
 */
export function managesReach(actor: Actor, reach: Reach): boolean {
  if (reach.scope === 'trust') return policyManagers.some((role) => holdsTrustWide(actor, role));
  return reach.schoolIds.every((school) =>
    policyManagers.some((role) => actor.holds(role, school.toString())),
  );
}

export function assertManages(actor: Actor, reach: Reach): void {
  if (managesReach(actor, reach)) return;
  throw new AppError(
    'forbidden',
    reach.scope === 'trust'
      ? 'Only a trust-wide IT manager or a trust admin can manage a policy for the whole trust.'
      : 'You can only manage policies whose schools are all schools where you are the IT manager.',
  );
}

export const readsLibrary = (actor: Actor): boolean => policyReaders.some((role) => actor.holds(role));

export function assertReadsLibrary(actor: Actor): void {
  if (!readsLibrary(actor)) throw new AppError('forbidden', 'You do not have a role that allows this.');
}

/**
 * Whether a policy asks this person to accept it: one of their memberships ("<schoolId>:<audience>")
 * is for one of its audiences, at one of its schools (any school, for a trust-wide policy).
 */
export function appliesTo(
  policy: Pick<Policy, 'scope' | 'schoolIds' | 'audiences'>,
  membershipKeys: readonly string[],
): boolean {
  const schools = new Set(policy.schoolIds.map((id) => id.toString()));
  return membershipKeys.some((key) => {
    const [school = '', audience = ''] = key.split(':');
    const audienceFits = (policy.audiences as readonly string[]).includes(audience);
    return audienceFits && (policy.scope === 'trust' || schools.has(school));
  });
}
