import type { Types } from 'mongoose';
import type { Role } from './model';
import { AppError } from '../errors';

/** A role as held: for one school (its id as a string) or for the whole trust ("trust"). */
export interface HeldRole {
  readonly role: Role;
  readonly scopeKey: string;
}

/** The signed-in person behind a request or a bot turn, with the roles they hold right now. */
export interface Actor {
  readonly tenantId: string;
  readonly personId: Types.ObjectId;
  readonly entraObjectId: string;
  readonly displayName: string;
  readonly roles: readonly HeldRole[];
  /** True when the person holds the role for the given school, for the trust, or (no school given) anywhere. */
  holds(role: Role, schoolId?: string): boolean;
}

export function createActor(fields: Omit<Actor, 'holds'>): Actor {
  return Object.freeze({
    ...fields,
    roles: Object.freeze([...fields.roles]),
    holds: (role: Role, schoolId?: string) =>
      fields.roles.some(
        (held) =>
          held.role === role &&
          (schoolId === undefined || held.scopeKey === 'trust' || held.scopeKey === schoolId),
      ),
  });
}

/** True when the actor holds the role for the whole trust (not just for one school). */
export const holdsTrustWide = (actor: Actor, role: Role): boolean =>
  actor.roles.some((held) => held.role === role && held.scopeKey === 'trust');

/** Only a trust admin manages schools and roles; the route says so too, this keeps the use case honest. */
export function assertTrustAdmin(actor: Actor): void {
  if (!holdsTrustWide(actor, 'trust_admin')) {
    throw new AppError('forbidden', 'Only a trust admin can do this.');
  }
}
