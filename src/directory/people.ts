import type { FilterQuery } from 'mongoose';
import { anyOf, containing, endingWith, isSet, unset } from '../store/filters';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Models } from '../store/models';
import type { Actor } from './actor';
import { holdsTrustWide } from './actor';
import { idText } from '../shared/input';
import { audiences, type Audience, type Person, type PersonProfile, type Role } from './model';
import { pageOfPeople } from './store';

export const pageSize = 50;

export const peopleQueryInput = z.strictObject({
  school: idText.optional(),
  audience: z.enum(audiences).optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type PeopleQuery = z.infer<typeof peopleQueryInput>;

export const reachFailuresQueryInput = z.strictObject({
  school: idText.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export interface PersonView extends PersonProfile {
  id: string;
  active: boolean;
  deactivatedAt: Date | null;
  memberships: { schoolId: string; audience: Audience }[];
  /** Conduct has a 1:1 conversation with them and can send them cards. */
  reachable: boolean;
  reachFailure: { reason: string; at: Date } | null;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** The roles that may look people up; held trust-wide, they see every school. */
export const directoryReaders: readonly Role[] = ['it_manager', 'headteacher', 'trust_admin', 'trust_leader'];
/** The roles that see whom Conduct cannot reach, and why. */
export const reachOverseers: readonly Role[] = ['it_manager', 'trust_admin'];

/** One page of the directory, limited to the schools the actor may see. */
export async function searchPeople(
  models: Pick<Models, 'Person'>,
  actor: Actor,
  query: PeopleQuery,
): Promise<Page<PersonView>> {
  const filter: FilterQuery<Person> = {
    tenantId: actor.tenantId,
    ...membershipFilter(actor, directoryReaders, query.school, query.audience),
    ...(query.active === 'all' ? {} : { active: query.active === 'true' }),
  };
  if (query.q) {
    const pattern = containing(query.q);
    filter.$or = [{ displayName: pattern }, { email: pattern }];
  }
  return readPage(models, filter, query.page);
}

/** Active people Conduct could not reach through Graph, with the reason, for the schools the actor may see. */
export async function listReachFailures(
  models: Pick<Models, 'Person'>,
  actor: Actor,
  query: z.infer<typeof reachFailuresQueryInput>,
): Promise<Page<PersonView>> {
  const filter: FilterQuery<Person> = {
    tenantId: actor.tenantId,
    ...membershipFilter(actor, reachOverseers, query.school, undefined),
    active: true,
    conversation: unset(),
    'reachFailure.at': isSet(),
  };
  return readPage(models, filter, query.page);
}

/**
 * Limits a query to the schools where the actor holds one of the roles. Trust-wide holders see
 * everyone (also people in no school, such as central staff); others see only their schools.
 */
function membershipFilter(
  actor: Actor,
  allowed: readonly Role[],
  school: string | undefined,
  audience: Audience | undefined,
): FilterQuery<Person> {
  const trustWide = allowed.some((role) => holdsTrustWide(actor, role));
  if (school && !allowed.some((role) => actor.holds(role, school))) {
    throw new AppError('forbidden', 'You can only see people of the schools where you hold a role.');
  }
  const schools = school
    ? [school]
    : trustWide
      ? undefined
      : [...new Set(actor.roles.filter((held) => allowed.includes(held.role)).map((held) => held.scopeKey))];
  if (!schools && !audience) return {};
  if (!schools) return { membershipKeys: endingWith(`:${audience}`) };
  const keys = schools.flatMap((id) => (audience ? [audience] : audiences).map((a) => `${id}:${a}`));
  return { membershipKeys: anyOf(keys) };
}

async function readPage(
  models: Pick<Models, 'Person'>,
  filter: FilterQuery<Person>,
  page: number,
): Promise<Page<PersonView>> {
  const { people, total } = await pageOfPeople(models, filter, { page, pageSize });
  return { items: people.map(toView), page, pageSize, total };
}

function toView(person: Person): PersonView {
  return {
    id: person._id.toString(),
    entraObjectId: person.entraObjectId,
    displayName: person.displayName,
    email: person.email ?? null,
    jobTitle: person.jobTitle ?? null,
    department: person.department ?? null,
    guest: person.guest ?? false,
    active: person.active,
    deactivatedAt: person.deactivatedAt ?? null,
    memberships: person.memberships.map((m) => ({ schoolId: m.schoolId.toString(), audience: m.audience })),
    reachable: Boolean(person.conversation?.id),
    reachFailure:
      person.reachFailure?.reason && person.reachFailure.at
        ? { reason: person.reachFailure.reason, at: person.reachFailure.at }
        : null,
  };
}
