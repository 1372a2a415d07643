import { type Actor, type Audience, audiences } from '../directory';
import { defaultReviewRules, nextReviewOf, reviewStatusOf } from '../policies';
import type { Models } from '../store/models';
import { complianceReaders, schoolScope, type SchoolScope } from './access';
import { addDays, dayKey, daysBetween } from '../shared/time';
import {
  audienceKeys,
  standings,
  type PersonFields,
  type SchoolRef,
  type Standing,
  type TrackedVersion,
} from './standing';
import {
  findEligible,
  loadCampaigns,
  loadCurrentVersions,
  loadDueDates,
  loadSchools,
  loadSignatures,
  loadSummaries,
  type LoadedCell,
} from './store';

export interface Counts {
  eligible: number;
  signed: number;
  /** Not signed yet, overdue ones included. */
  outstanding: number;
  overdue: number;
}

export interface PolicyCompliance {
  policyId: string;
  policyVersionId: string;
  /** The campaign that sent this version's cards, once there is one. */
  campaignId: string | null;
  title: string;
  label: string;
  audiences: Audience[];
  publishedAt: Date | null;
  nextReviewDate: Date;
  pastReview: boolean;
  /** Where its review stands: due soon within the notice period, or overdue. */
  reviewStatus: 'scheduled' | 'due-soon' | 'overdue';
  totals: Counts;
  bySchool: (Counts & { schoolId: string; name: string })[];
  byAudience: (Counts & { audience: Audience })[];
  /** `department: null` gathers the people whose department is not recorded. */
  byDepartment: (Counts & { department: string | null })[];
  /** Signatures on this version per day since it was published; carriedOver counts those on earlier versions it accepts. */
  trend: { carriedOver: number; days: { date: string; signed: number; cumulative: number }[] };
}

export interface ComplianceOverview {
  generatedAt: Date;
  schools: SchoolRef[];
  policies: PolicyCompliance[];
  /** Policies whose current version is past its next-review date: a finding in itself. */
  pastReview: { policyId: string; title: string; label: string; nextReviewDate: Date }[];
  /** Policies whose review is due within the notice period or overdue, overdue first, soonest first. */
  reviewDue: {
    policyId: string;
    title: string;
    label: string;
    nextReviewDate: Date;
    status: 'due-soon' | 'overdue';
  }[];
  departments: string[];
}

type Deps = Pick<
  Models,
  'School' | 'Person' | 'Policy' | 'PolicyVersion' | 'Acknowledgement' | 'Campaign' | 'Delivery'
>;
/** reviewNoticeDays: how near a next review counts as due (POLICY_REVIEW_NOTICE_DAYS). */
type Clock = { now: Date; timeZone: string; reviewNoticeDays?: number };

/**
 * What the figures are summed from: one person (the recount) or one summary cell (the overview),
 * with the schools and audiences in view it counts for.
 */
interface Group {
  readonly schoolIds: readonly string[];
  readonly audiences: readonly Audience[];
  readonly department: string | null;
  readonly counts: Counts;
  /** Signatures of this version by local day, and of earlier versions it accepts. */
  readonly signedByDay: ReadonlyMap<string, number>;
  readonly carriedOver: number;
}

/** Longest trend drawn, so a policy published years ago still answers quickly. */
const maxTrendDays = 366;

/**
 * Compliance with the current version of every policy, for the schools the actor may see, read
 * from the compliance summaries (src/compliance/store.ts): a few documents per policy, however
 * large the trust. Eligible: active people in the policy's audiences at its schools; signed: a
 * signature on the version or on an earlier one it accepts; overdue: not signed once the day their
 * card was due has passed.
 */
export async function complianceOverview(
  models: Deps & Pick<Models, 'ComplianceSummary'>,
  actor: Actor,
  query: { school?: string | undefined },
  clock: Clock,
): Promise<ComplianceOverview> {
  const { scope, schools, tracked, keysOf } = await policiesInView(models, actor, query);
  const [cells, { campaignOf }] = await Promise.all([
    loadSummaries(
      models,
      tracked.map((t) => t.version._id),
    ),
    loadCampaigns(models, tracked),
  ]);
  const today = dayKey(clock.now, clock.timeZone);
  const keysInView = new Map([...keysOf].map(([versionId, keys]) => [versionId, new Set(keys)]));
  const groupsOf = new Map<string, Group[]>();
  const departments = new Set<string>();
  for (const cell of cells) {
    const group = cellGroup(cell, keysInView.get(cell.policyVersionId.toString()), today);
    if (!group) continue;
    if (group.department) departments.add(group.department);
    const list = groupsOf.get(cell.policyVersionId.toString()) ?? [];
    list.push(group);
    groupsOf.set(cell.policyVersionId.toString(), list);
  }
  return overviewOf(tracked, groupsOf, schools, scope, campaignOf, departments, clock);
}

/**
 * The schools the actor may see, and the current version of each policy for any of them with its
 * audience keys there (by the version's first accepted id). A policy for none of the schools in view
 * is left out rather than shown at zero.
 */
async function policiesInView(
  models: Deps,
  actor: Actor,
  query: { school?: string | undefined },
): Promise<{
  scope: SchoolScope;
  schools: Map<string, SchoolRef>;
  tracked: TrackedVersion[];
  keysOf: Map<string, string[]>;
}> {
  const scope = schoolScope(actor, complianceReaders, query.school);
  const schools = await loadSchools(models, actor.tenantId);
  const keysOf = new Map<string, string[]>();
  const tracked = (await loadCurrentVersions(models, actor.tenantId)).filter((t) => {
    const keys = audienceKeys(t.policy, schools, scope);
    keysOf.set(t.acceptedIds[0]!, keys);
    return keys.length > 0;
  });
  return { scope, schools, tracked, keysOf };
}

/** A cell's counts for the keys in view, or null when none of its keys is. */
function cellGroup(cell: LoadedCell, inView: ReadonlySet<string> | undefined, today: string): Group | null {
  const keys = cell.keys.filter((key) => inView?.has(key));
  if (keys.length === 0) return null;
  const unsigned = Object.entries(cell.unsignedByDue ?? {});
  return {
    schoolIds: [...new Set(keys.map((key) => key.slice(0, key.indexOf(':'))))],
    audiences: [...new Set(keys.map((key) => key.slice(key.indexOf(':') + 1) as Audience))],
    department: cell.department ?? null,
    counts: {
      eligible: cell.eligible ?? 0,
      signed: cell.signed ?? 0,
      outstanding: unsigned.reduce((sum, [, n]) => sum + n, 0),
      overdue: unsigned.reduce((sum, [day, n]) => (day < today ? sum + n : sum), 0),
    },
    signedByDay: new Map(Object.entries(cell.signedByDay ?? {})),
    carriedOver: cell.carriedOver ?? 0,
  };
}

/**
 * The same overview counted from the records themselves: every eligible person, signature and card.
 * The summaries must always equal it (the property test and the rebuild check that they do).
 */
export async function recountOverview(
  models: Deps,
  actor: Actor,
  query: { school?: string | undefined },
  clock: Clock,
): Promise<ComplianceOverview> {
  const { scope, schools, tracked, keysOf } = await policiesInView(models, actor, query);
  const people = await findEligible<PersonFields>(models, actor.tenantId, [
    ...new Set([...keysOf.values()].flat()),
  ]);
  const versionIds = tracked.flatMap((t) => t.acceptedIds);
  const [signatures, { dues, campaignOf }] = await Promise.all([
    loadSignatures(models, versionIds),
    loadDueDates(
      models,
      tracked.map((t) => t.acceptedIds[0]!),
    ),
  ]);
  const groupsOf = new Map(
    tracked.map((t) => {
      const rows = standings(t, people, keysOf.get(t.acceptedIds[0]!) ?? [], signatures, dues, clock);
      return [t.acceptedIds[0]!, rows.map((row) => personGroup(row, t.acceptedIds[0]!, clock.timeZone))];
    }),
  );
  const departments = new Set(people.map((p) => p.department?.trim()).filter((d): d is string => Boolean(d)));
  return overviewOf(tracked, groupsOf, schools, scope, campaignOf, departments, clock);
}

function personGroup(row: Standing, versionId: string, timeZone: string): Group {
  const own = row.signature !== null && row.signature.versionId === versionId;
  return {
    schoolIds: row.schoolIds,
    audiences: row.audiences,
    department: row.department,
    counts: {
      eligible: 1,
      signed: row.signature ? 1 : 0,
      outstanding: row.signature ? 0 : 1,
      overdue: row.overdue ? 1 : 0,
    },
    signedByDay: own ? new Map([[dayKey(row.signature.signedAt, timeZone), 1]]) : new Map(),
    carriedOver: row.signature && !own ? 1 : 0,
  };
}

function overviewOf(
  tracked: readonly TrackedVersion[],
  groupsOf: ReadonlyMap<string, readonly Group[]>,
  schools: ReadonlyMap<string, SchoolRef>,
  scope: SchoolScope,
  campaignOf: ReadonlyMap<string, string>,
  departments: ReadonlySet<string>,
  clock: Clock,
): ComplianceOverview {
  const visibleSchools = [...schools.values()].filter((s) => scope.kind === 'trust' || scope.ids.has(s.id));
  const policies = tracked.map((t) => ({
    ...summarise(t, groupsOf.get(t.acceptedIds[0]!) ?? [], schools, clock),
    campaignId: campaignOf.get(t.acceptedIds[0]!) ?? null,
  }));
  return {
    generatedAt: clock.now,
    schools: visibleSchools,
    policies,
    pastReview: policies
      .filter((p) => p.pastReview)
      .map(({ policyId, title, label, nextReviewDate }) => ({ policyId, title, label, nextReviewDate })),
    reviewDue: policies
      .flatMap(({ policyId, title, label, nextReviewDate, reviewStatus: status }) =>
        status === 'scheduled' ? [] : [{ policyId, title, label, nextReviewDate, status }],
      )
      .sort(
        (a, b) =>
          Number(b.status === 'overdue') - Number(a.status === 'overdue') ||
          a.nextReviewDate.getTime() - b.nextReviewDate.getTime(),
      ),
    departments: [...departments].sort((a, b) => a.localeCompare(b, 'en-GB')),
  };
}

function summarise(
  t: TrackedVersion,
  groups: readonly Group[],
  schools: ReadonlyMap<string, SchoolRef>,
  clock: Clock,
): Omit<PolicyCompliance, 'campaignId'> {
  const bySchool = tally(groups, (group) => group.schoolIds);
  const byAudience = tally(groups, (group) => group.audiences);
  const byDepartment = tally(groups, (group) => [group.department]);
  // A review date set after publishing (the review cycle) counts over the version's own.
  const nextReview = nextReviewOf(t.policy, t.version);
  return {
    policyId: t.policy._id.toString(),
    policyVersionId: t.acceptedIds[0]!,
    title: t.policy.title,
    label: t.version.label,
    audiences: [...t.policy.audiences],
    publishedAt: t.version.publishedAt ?? null,
    nextReviewDate: nextReview,
    pastReview: dayKey(nextReview, clock.timeZone) < dayKey(clock.now, clock.timeZone),
    reviewStatus: reviewStatusOf(nextReview, clock.now, {
      timeZone: clock.timeZone,
      noticeDays: clock.reviewNoticeDays ?? defaultReviewRules.noticeDays,
    }),
    totals: tally(groups, () => ['all']).get('all') ?? emptyCounts(),
    // In the schools' (name) order, whatever order the people or cells came in.
    bySchool: [...bySchool]
      .sort(([a], [b]) => schoolOrder(schools, a) - schoolOrder(schools, b))
      .map(([schoolId, counts]) => ({
        schoolId,
        name: schools.get(schoolId)?.name ?? 'Unknown school',
        ...counts,
      })),
    byAudience: audiences.flatMap((audience) => {
      const counts = byAudience.get(audience);
      return counts ? [{ audience, ...counts }] : [];
    }),
    byDepartment: [...byDepartment]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'en-GB')))
      .map(([department, counts]) => ({ department, ...counts })),
    trend: trend(t, groups, clock),
  };
}

function schoolOrder(schools: ReadonlyMap<string, SchoolRef>, id: string): number {
  const index = [...schools.keys()].indexOf(id);
  return index === -1 ? schools.size : index;
}

const emptyCounts = (): Counts => ({ eligible: 0, signed: 0, outstanding: 0, overdue: 0 });

function tally<K>(groups: readonly Group[], keysOf: (group: Group) => readonly K[]): Map<K, Counts> {
  const totals = new Map<K, Counts>();
  for (const group of groups) {
    for (const key of keysOf(group)) {
      const counts = totals.get(key) ?? emptyCounts();
      counts.eligible += group.counts.eligible;
      counts.signed += group.counts.signed;
      counts.outstanding += group.counts.outstanding;
      counts.overdue += group.counts.overdue;
      totals.set(key, counts);
    }
  }
  return totals;
}

function trend(t: TrackedVersion, groups: readonly Group[], clock: Clock): PolicyCompliance['trend'] {
  const today = dayKey(clock.now, clock.timeZone);
  const published = dayKey(t.version.publishedAt ?? clock.now, clock.timeZone);
  const earliest = dayKey(addDays(clock.now, -(maxTrendDays - 1), clock.timeZone), clock.timeZone);
  const first = published > earliest ? published : earliest;
  const perDay = new Map<string, number>();
  let carriedOver = 0;
  let before = 0;
  for (const group of groups) {
    carriedOver += group.carriedOver;
    for (const [day, n] of group.signedByDay) {
      if (day < first) before += n;
      else perDay.set(day, (perDay.get(day) ?? 0) + n);
    }
  }
  let cumulative = carriedOver + before;
  const days = (first > today ? [] : daysBetween(first, today)).map((date) => {
    const signed = perDay.get(date) ?? 0;
    cumulative += signed;
    return { date, signed, cumulative };
  });
  return { carriedOver, days };
}
