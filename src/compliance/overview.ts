import { type Actor, type Audience, audiences } from '../directory';
import type { Models } from '../store/models';
import { complianceReaders, schoolScope } from './access';
import { addDays, dayKey, daysBetween } from '../shared/time';
import {
  audienceKeys,
  findEligible,
  loadCurrentVersions,
  loadSchools,
  standings,
  type PersonFields,
  type SchoolRef,
  type Standing,
  type TrackedVersion,
} from './standing';
import { loadSignatures, loadDueDates } from './records';

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
  departments: string[];
}

type Deps = Pick<
  Models,
  'School' | 'Person' | 'Policy' | 'PolicyVersion' | 'Acknowledgement' | 'Campaign' | 'Delivery'
>;

/** Longest trend drawn, so a policy published years ago still answers quickly. */
const maxTrendDays = 366;

/**
 * Compliance with the current version of every policy, for the schools the actor may see. Eligible:
 * active people in the policy's audiences at its schools; signed: a signature on the version or on
 * an earlier one it accepts; overdue: not signed after the due date of their card.
 */
export async function complianceOverview(
  models: Deps,
  actor: Actor,
  query: { school?: string | undefined },
  clock: { now: Date; timeZone: string },
): Promise<ComplianceOverview> {
  const scope = schoolScope(actor, complianceReaders, query.school);
  const schools = await loadSchools(models, actor.tenantId);
  const keysOf = new Map<string, string[]>();
  // A policy for none of the schools in view is left out rather than shown at zero.
  const tracked = (await loadCurrentVersions(models, actor.tenantId)).filter((t) => {
    const keys = audienceKeys(t.policy, schools, scope);
    keysOf.set(t.acceptedIds[0]!, keys);
    return keys.length > 0;
  });
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
  const visibleSchools = [...schools.values()].filter((s) => scope.kind === 'trust' || scope.ids.has(s.id));
  const policies = tracked.map((t) => {
    const rows = standings(t, people, keysOf.get(t.acceptedIds[0]!) ?? [], signatures, dues, clock);
    return { ...summarise(t, rows, schools, clock), campaignId: campaignOf.get(t.acceptedIds[0]!) ?? null };
  });
  return {
    generatedAt: clock.now,
    schools: visibleSchools,
    policies,
    pastReview: policies
      .filter((p) => p.pastReview)
      .map(({ policyId, title, label, nextReviewDate }) => ({ policyId, title, label, nextReviewDate })),
    departments: [
      ...new Set(people.map((p) => p.department?.trim()).filter((d): d is string => Boolean(d))),
    ].sort((a, b) => a.localeCompare(b, 'en-GB')),
  };
}

function summarise(
  t: TrackedVersion,
  rows: readonly Standing[],
  schools: ReadonlyMap<string, SchoolRef>,
  clock: { now: Date; timeZone: string },
): Omit<PolicyCompliance, 'campaignId'> {
  const bySchool = tally(rows, (row) => row.schoolIds);
  const byAudience = tally(rows, (row) => row.audiences);
  const byDepartment = tally(rows, (row) => [row.department]);
  return {
    policyId: t.policy._id.toString(),
    policyVersionId: t.acceptedIds[0]!,
    title: t.policy.title,
    label: t.version.label,
    audiences: [...t.policy.audiences],
    publishedAt: t.version.publishedAt ?? null,
    nextReviewDate: t.version.nextReviewDate,
    pastReview: dayKey(t.version.nextReviewDate, clock.timeZone) < dayKey(clock.now, clock.timeZone),
    totals: tally(rows, () => ['all']).get('all') ?? emptyCounts(),
    bySchool: [...bySchool].map(([schoolId, counts]) => ({
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
    trend: trend(t, rows, clock),
  };
}

const emptyCounts = (): Counts => ({ eligible: 0, signed: 0, outstanding: 0, overdue: 0 });

function tally<K>(rows: readonly Standing[], groupsOf: (row: Standing) => readonly K[]): Map<K, Counts> {
  const groups = new Map<K, Counts>();
  for (const row of rows) {
    for (const key of groupsOf(row)) {
      const counts = groups.get(key) ?? emptyCounts();
      counts.eligible += 1;
      if (row.signature) counts.signed += 1;
      else counts.outstanding += 1;
      if (row.overdue) counts.overdue += 1;
      groups.set(key, counts);
    }
  }
  return groups;
}

function trend(
  t: TrackedVersion,
  rows: readonly Standing[],
  clock: { now: Date; timeZone: string },
): PolicyCompliance['trend'] {
  const versionId = t.acceptedIds[0]!;
  const today = dayKey(clock.now, clock.timeZone);
  const published = dayKey(t.version.publishedAt ?? clock.now, clock.timeZone);
  const earliest = dayKey(addDays(clock.now, -(maxTrendDays - 1), clock.timeZone), clock.timeZone);
  const first = published > earliest ? published : earliest;
  const perDay = new Map<string, number>();
  let carriedOver = 0;
  let before = 0;
  for (const row of rows) {
    if (!row.signature) continue;
    if (row.signature.versionId !== versionId) {
      carriedOver += 1;
      continue;
    }
    const day = dayKey(row.signature.signedAt, clock.timeZone);
    if (day < first) before += 1;
    else perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  let cumulative = carriedOver + before;
  const days = (first > today ? [] : daysBetween(first, today)).map((date) => {
    const signed = perDay.get(date) ?? 0;
    cumulative += signed;
    return { date, signed, cumulative };
  });
  return { carriedOver, days };
}
