import type { Delivery, DeliveryStatus } from '../campaigns';
import type { Actor, Audience, Person } from '../directory';
import { AppError } from '../errors';
import { dayKey } from '../shared/time';
import { assertApplies, complianceReaders, schoolScope } from './access';
import { noDepartment, type OutstandingQuery } from './input';
import { audienceKeys, versionDueAt, type SchoolRef, type TrackedVersion } from './standing';
import type { RosterKey } from './roster/store';
import { rosterPage, type OutstandingRow } from './roster/walk';
import {
  countOutstanding,
  eachCard,
  eachPerson,
  loadPublishedVersion,
  loadSchools,
  type OutstandingSelection,
  type SummaryModels,
} from './store';

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
  /** The page's number as the caller counted it (`page`); the list itself is keyed by `after`/`before`. */
  page: number;
  pageSize: number;
  total: number;
  /** Pass as `after` for the next page, or as `before` for the previous one; null at either end. */
  next: string | null;
  previous: string | null;
}

type Deps = SummaryModels;
type Clock = { now: Date; timeZone: string };

/**
 * One page of the people who have not signed a published version, by name, within the actor's
 * schools: keyed on (name, person) through the version's outstanding roster, so a page reads a
 * chunk or two of it and its fifty people by `_id`, never the whole trust; the total comes from the
 * summaries.
 */
export async function listOutstanding(
  models: Deps,
  actor: Actor,
  query: OutstandingQuery,
  clock: Clock,
): Promise<OutstandingPage> {
  const view = await viewOf(models, actor, query);
  const cursor = query.before
    ? { before: decodeCursor(query.before) }
    : query.after
      ? { after: decodeCursor(query.after) }
      : {};
  const [page, counted] = await Promise.all([
    rosterPage(models, view.filter, { ...cursor, limit: outstandingPageSize + 1 }),
    countOutstanding(models, view.filter),
  ]);
  const more = page.length > outstandingPageSize;
  const rows = query.before ? page.slice(-outstandingPageSize) : page.slice(0, outstandingPageSize);
  const items = await describe(models, view, rows, clock);
  const atStart = query.before ? !more : !query.after;
  const atEnd = query.before ? false : !more;
  return {
    policy: policyRef(view.tracked),
    departments: counted.departments,
    items,
    page: query.page,
    pageSize: outstandingPageSize,
    total: counted.total,
    next: atEnd || rows.length === 0 ? null : encodeCursor(rows.at(-1)!.key),
    previous: atStart || rows.length === 0 ? null : encodeCursor(rows[0]!.key),
  };
}

/** Everyone outstanding for the version (for the CSV export and the evidence pack), by name, a page at a time. */
export async function allOutstanding(
  models: Deps,
  actor: Actor,
  query: OutstandingQuery,
  clock: Clock,
): Promise<{ policy: OutstandingPage['policy']; items: OutstandingPerson[] }> {
  const view = await viewOf(models, actor, query);
  const items: OutstandingPerson[] = [];
  let after: RosterKey | undefined;
  for (;;) {
    const rows = await rosterPage(models, view.filter, { after, limit: 500 });
    items.push(...(await describe(models, view, rows, clock)));
    if (rows.length < 500) break;
    after = rows.at(-1)!.key;
  }
  return { policy: policyRef(view.tracked), items };
}

interface View {
  tracked: TrackedVersion;
  schools: Map<string, SchoolRef>;
  filter: OutstandingSelection;
}

async function viewOf(models: Deps, actor: Actor, query: OutstandingQuery): Promise<View> {
  const { policyVersionId, ...filters } = query;
  const scope = schoolScope(actor, complianceReaders, filters.school);
  const tracked = await loadPublishedVersion(models, actor.tenantId, policyVersionId);
  if (!tracked) throw new AppError('not_found', 'There is no published policy version with that id.');
  assertApplies(tracked.policy, scope);
  const schools = await loadSchools(models, actor.tenantId);
  const keys = audienceKeys(tracked.policy, schools, scope).filter(
    (key) => !filters.audience || key.endsWith(`:${filters.audience}`),
  );
  const department =
    filters.department === undefined
      ? undefined
      : filters.department === noDepartment
        ? null
        : filters.department;
  return {
    tracked,
    schools,
    filter: { versionId: policyVersionId, keys, department, q: filters.q || undefined },
  };
}

const encodeCursor = (key: RosterKey): string =>
  Buffer.from(JSON.stringify({ name: key.name, personId: key.personId })).toString('base64url');

function decodeCursor(text: string): RosterKey {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as RosterKey).name === 'string' &&
      /^[0-9a-f]{24}$/.test(String((parsed as RosterKey).personId))
    ) {
      const { name, personId } = parsed as RosterKey;
      return { name, personId };
    }
  } catch {
    // falls through to the refusal
  }
  throw new AppError(
    'validation_failed',
    'That page link is not valid any more; start from the first page.',
    [{ path: 'after', message: 'not a page link Conduct gave' }],
  );
}

type DeliveryFields = Pick<Delivery, 'dueAt' | 'status' | 'sentAt' | 'remindersSent' | 'lastError'>;

async function describe(
  models: Deps,
  view: View,
  found: readonly OutstandingRow[],
  clock: Clock,
): Promise<OutstandingPerson[]> {
  if (found.length === 0) return [];
  const rows = found.map((row) => row.standing);
  const [details, deliveries] = await Promise.all([
    eachPerson<Pick<Person, 'displayName' | 'email' | 'jobTitle'>>(
      models,
      rows.map((row) => row.personId),
      { displayName: 1, email: 1, jobTitle: 1 },
    ),
    eachCard<DeliveryFields>(
      models,
      rows.map((row) => row.deliveryId),
      { dueAt: 1, status: 1, sentAt: 1, remindersSent: 1, lastError: 1 },
    ),
  ]);
  const inView = new Set(view.filter.keys);
  const today = dayKey(clock.now, clock.timeZone);
  const defaultDue = versionDueAt(view.tracked.version, clock.timeZone);
  return rows.map((row, i) => {
    const personId = row.personId.toString();
    const detail = details[i];
    const delivery = deliveries[i];
    const keys = row.keys.filter((key) => inView.has(key));
    const dueAt = delivery?.dueAt ?? defaultDue;
    return {
      personId,
      displayName: detail?.displayName ?? row.name,
      email: detail?.email ?? null,
      jobTitle: detail?.jobTitle ?? null,
      department: row.department,
      schools: [...new Set(keys.map((key) => key.slice(0, key.indexOf(':'))))].map((id) => ({
        id,
        name: view.schools.get(id)?.name ?? 'Unknown school',
      })),
      audiences: [...new Set(keys.map((key) => key.slice(key.indexOf(':') + 1) as Audience))],
      dueAt,
      overdue: dayKey(dueAt, clock.timeZone) < today,
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
