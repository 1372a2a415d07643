import type { FilterQuery } from 'mongoose';
import { anyOf, containing } from '../store/filters';
import type { Campaign, Delivery, DeliveryStatus } from '../campaigns';
import type { Actor, Audience, Person } from '../directory';
import { AppError } from '../errors';
import type { SchoolClock } from '../shared/time';
import type { Models } from '../store/models';
import { assertApplies, complianceReaders, schoolScope } from './access';
import { noDepartment, type OutstandingQuery } from './input';
import {
  audienceKeys,
  findEligible,
  loadPublishedVersion,
  loadSchools,
  standings,
  type PersonFields,
  type SchoolRef,
  type Standing,
  type TrackedVersion,
} from './standing';
import { loadSignatures } from './records';

export const outstandingPageSize = 50;

export interface OutstandingPerson {
  personId: string;
  displayName: string;
  email: string | null;
  jobTitle: string | null;
  department: string | null;
  schools: { id: string; name: string }[];
  audiences: Audience[];
  dueAt: Date;
  overdue: boolean;
  /** Their card for this version, if one was made. */
  delivery: {
    status: DeliveryStatus;
    sentAt: Date | null;
    remindersSent: number;
    lastError: string | null;
  } | null;
}

export interface OutstandingPage {
  policy: { policyId: string; policyVersionId: string; title: string; label: string };
  /** The departments of the people the list could show, for the department filter. */
  departments: string[];
  items: OutstandingPerson[];
  page: number;
  pageSize: number;
  total: number;
}

type Deps = Pick<
  Models,
  'School' | 'Person' | 'Policy' | 'PolicyVersion' | 'Acknowledgement' | 'Campaign' | 'Delivery'
>;
type NamedPerson = PersonFields & Pick<Person, 'displayName'>;
type DetailedPerson = NamedPerson & Pick<Person, 'email' | 'jobTitle'>;

/** One page of the people who have not signed a published version, by name, within the actor's schools. */
export async function listOutstanding(
  models: Deps,
  actor: Actor,
  query: OutstandingQuery,
  clock: SchoolClock,
): Promise<OutstandingPage> {
  const found = await findOutstanding(models, actor, query, clock);
  const start = (query.page - 1) * outstandingPageSize;
  const items = await describe(models, found, found.rows.slice(start, start + outstandingPageSize));
  return {
    policy: policyRef(found.tracked),
    departments: found.departments,
    items,
    page: query.page,
    pageSize: outstandingPageSize,
    total: found.rows.length,
  };
}

/** Everyone outstanding for the version (for the CSV export), by name. */
export async function allOutstanding(
  models: Deps,
  actor: Actor,
  query: OutstandingQuery,
  clock: SchoolClock,
): Promise<{ policy: OutstandingPage['policy']; items: OutstandingPerson[] }> {
  const found = await findOutstanding(models, actor, query, clock);
  return { policy: policyRef(found.tracked), items: await describe(models, found, found.rows) };
}

interface Found {
  tracked: TrackedVersion;
  schools: Map<string, SchoolRef>;
  rows: (Standing & { person: NamedPerson })[];
  departments: string[];
  deliveryOf: Map<string, DeliveryFields>;
}

async function findOutstanding(
  models: Deps,
  actor: Actor,
  query: OutstandingQuery,
  clock: SchoolClock,
): Promise<Found> {
  const { policyVersionId, ...filters } = query;
  const scope = schoolScope(actor, complianceReaders, filters.school);
  const tracked = await loadPublishedVersion(models, actor.tenantId, policyVersionId);
  if (!tracked) throw new AppError('not_found', 'There is no published policy version with that id.');
  assertApplies(tracked.policy, scope);
  const schools = await loadSchools(models, actor.tenantId);
  const keys = audienceKeys(tracked.policy, schools, scope).filter(
    (key) => !filters.audience || key.endsWith(`:${filters.audience}`),
  );
  const people = await findEligible<NamedPerson>(models, actor.tenantId, keys, {
    filter: nameFilter(filters.q),
    fields: { displayName: 1 },
    sort: { displayName: 1, _id: 1 },
  });
  const signatures = await loadSignatures(models, tracked.acceptedIds);
  const byId = new Map(people.map((p) => [p._id.toString(), p]));
  const deliveryOf = new Map((await deliveriesOf(models, tracked)).map((d) => [d.personId.toString(), d]));
  const dues = new Map([[tracked.acceptedIds[0]!, new Map([...deliveryOf].map(([id, d]) => [id, d.dueAt]))]]);
  const all = standings(tracked, people, keys, signatures, dues, clock);
  const departments = [...new Set(all.flatMap((row) => (row.department ? [row.department] : [])))].sort(
    (a, b) => a.localeCompare(b, 'en-GB'),
  );
  const rows = all
    .filter((row) => row.signature === null && departmentFits(row.department, filters.department))
    .map((row) => ({ ...row, person: byId.get(row.personId)! }));
  return { tracked, schools, rows, departments, deliveryOf };
}

function nameFilter(q: string | undefined): FilterQuery<Person> {
  if (!q) return {};
  const pattern = containing(q);
  return { $or: [{ displayName: pattern }, { email: pattern }] };
}

const departmentFits = (department: string | null, wanted: string | undefined): boolean =>
  wanted === undefined || (wanted === noDepartment ? department === null : department === wanted);

type DeliveryFields = Pick<
  Delivery,
  'personId' | 'dueAt' | 'status' | 'sentAt' | 'remindersSent' | 'lastError'
>;

async function deliveriesOf(
  models: Pick<Models, 'Campaign' | 'Delivery'>,
  tracked: TrackedVersion,
): Promise<DeliveryFields[]> {
  const campaign = await models.Campaign.findOne({ policyVersionId: tracked.version._id })
    .select({ _id: 1 })
    .lean<Pick<Campaign, '_id'>>();
  if (!campaign) return [];
  return models.Delivery.find({ campaignId: campaign._id })
    .select({ _id: 0, personId: 1, dueAt: 1, status: 1, sentAt: 1, remindersSent: 1, lastError: 1 })
    .lean<DeliveryFields[]>();
}

async function describe(models: Deps, found: Found, rows: Found['rows']): Promise<OutstandingPerson[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.person._id);
  const details = await models.Person.find({ _id: anyOf(ids) })
    .select({ displayName: 1, email: 1, jobTitle: 1 })
    .lean<Pick<DetailedPerson, '_id' | 'displayName' | 'email' | 'jobTitle'>[]>();
  const detailOf = new Map(details.map((d) => [d._id.toString(), d]));
  return rows.map((row) => {
    const detail = detailOf.get(row.personId);
    const delivery = found.deliveryOf.get(row.personId);
    return {
      personId: row.personId,
      displayName: detail?.displayName ?? row.person.displayName,
      email: detail?.email ?? null,
      jobTitle: detail?.jobTitle ?? null,
      department: row.department,
      schools: row.schoolIds.map((id) => ({ id, name: found.schools.get(id)?.name ?? 'Unknown school' })),
      audiences: [...row.audiences],
      dueAt: row.dueAt,
      overdue: row.overdue,
      delivery: delivery
        ? {
            status: delivery.status,
            sentAt: delivery.sentAt ?? null,
            remindersSent: delivery.remindersSent,
            lastError: delivery.lastError ?? null,
          }
        : null,
    };
  });
}

const policyRef = (tracked: TrackedVersion): OutstandingPage['policy'] => ({
  policyId: tracked.policy._id.toString(),
  policyVersionId: tracked.acceptedIds[0]!,
  title: tracked.policy.title,
  label: tracked.version.label,
});
