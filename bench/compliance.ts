/**
 * Compliance benchmark (issue 6): the overview and the first page of who is outstanding, through
 * the real API (sign-in included), at 1,000 and 10,000 people across five schools and five policies.
 * Beside each figure, a baseline in the same run: the same database operations issued directly by
 * the MongoDB driver, with no Conduct code around them (DESIGN.md, "What the embedded database costs").
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ObjectId, type Db } from 'mongodb';
import { createLogger } from '../src/logger';
import { startApp } from '../src/main';
import { openConnection } from '../src/store/connection';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/store/embedded-database';
import { bindAuditKey } from '../src/audit/key';
import { createModels, ensureIndexes } from '../src/store/models';
import { setUpTestCa, tearDownTestCa } from '../scripts/standins/ca';
import { startEntraStandIn } from '../scripts/standins/entra';
import { benchAppConfig } from './support';
import { seedComplianceData, type ComplianceData } from './compliance-data';

/** The audit key of this run's database, shared with the app it starts. */
const benchAuditKey = randomBytes(32);

export interface Timing {
  p50: number;
  p95: number;
}

export interface ComplianceSize {
  people: number;
  seeded: ComplianceData['counts'];
  iterations: number;
  overview: { api: Timing; baseline: Timing; overheadPercent: { p50: number; p95: number } };
  outstandingFirstPage: { api: Timing; baseline: Timing; overheadPercent: { p50: number; p95: number } };
}

export interface ComplianceBenchResult {
  database: string;
  sizes: ComplianceSize[];
  /** p95 at the largest size over p95 at the smallest: API and baseline. */
  growth: { overview: { api: number; baseline: number }; outstanding: { api: number; baseline: number } };
  targets: { overviewP95Ms: 300; outstandingP95Ms: 200; overheadPercentOnEmbedded: 20 };
}

export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
export const timing = (values: readonly number[]): Timing => ({
  p50: Math.round(percentile(values, 50)),
  p95: Math.round(percentile(values, 95)),
});
/** Conduct's share over the driver's, at the median: p95 of ten runs on a shared machine is mostly noise. */
export const overhead = (api: Timing, baseline: Timing): { p50: number; p95: number } => ({
  p50: Math.round(((api.p50 - baseline.p50) / Math.max(baseline.p50, 1)) * 1000) / 10,
  p95: Math.round(((api.p95 - baseline.p95) / Math.max(baseline.p95, 1)) * 1000) / 10,
});

/**
 * Times the API and its driver baseline turn about, so that whatever else the machine is doing
 * weighs on both alike; one untimed round first warms both up.
 */
export async function timedInTurn(
  iterations: number,
  api: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
): Promise<{ api: number[]; baseline: number[] }> {
  await api();
  await baseline();
  const times = { api: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < iterations; i += 1) {
    for (const [key, run] of [
      ['api', api],
      ['baseline', baseline],
    ] as const) {
      const started = performance.now();
      await run();
      times[key].push(performance.now() - started);
    }
  }
  return times;
}

export async function complianceBench(
  options: { sizes?: number[]; iterations?: number } = {},
): Promise<ComplianceBenchResult> {
  const sizes = options.sizes ?? [1_000, 10_000];
  await setUpTestCa();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'conduct-bench-compliance-'));
  const database = await startEmbeddedDatabase({ binary: path.resolve('infra/devdb/bin/devdb'), dataDir });
  try {
    const results: ComplianceSize[] = [];
    for (const people of sizes) results.push(await measureSize(database, people, options.iterations ?? 20));
    const first = results[0]!;
    const last = results.at(-1)!;
    const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 1)) * 10) / 10;
    return {
      database: 'embedded (FerretDB 1.24 over SQLite, behind the devdb gate)',
      sizes: results,
      growth: {
        overview: {
          api: ratio(last.overview.api.p95, first.overview.api.p95),
          baseline: ratio(last.overview.baseline.p95, first.overview.baseline.p95),
        },
        outstanding: {
          api: ratio(last.outstandingFirstPage.api.p95, first.outstandingFirstPage.api.p95),
          baseline: ratio(last.outstandingFirstPage.baseline.p95, first.outstandingFirstPage.baseline.p95),
        },
      },
      targets: { overviewP95Ms: 300, outstandingP95Ms: 200, overheadPercentOnEmbedded: 20 },
    };
  } finally {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
    tearDownTestCa();
  }
}

async function measureSize(
  database: EmbeddedDatabase,
  people: number,
  iterations: number,
): Promise<ComplianceSize> {
  const name = `bench_compliance_${people}`;
  const connection = await openConnection(database.uri, name);
  const models = createModels(connection);
  bindAuditKey(models, benchAuditKey);
  await ensureIndexes(models);
  const data = await seedComplianceData(models, people);
  const entra = await startEntraStandIn({ tenantId: data.tenantId });
  const config = benchAppConfig(database.uri, name, benchAuditKey, entra);
  const app = await startApp(config, createLogger('silent'));
  try {
    const token = await entra.tokenFor({ oid: data.itManagerOid });
    const get = async (route: string) => {
      const response = await fetch(`${app.url}${route}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    };
    const db = connection.getClient().db(name);
    const listed = `/api/compliance/outstanding?policyVersionId=${data.listedVersionId}`;
    const overview = await timedInTurn(
      iterations,
      () => get('/api/compliance/overview'),
      () => overviewByDriver(db, data),
    );
    const list = await timedInTurn(
      iterations,
      () => get(listed),
      () => outstandingByDriver(db, data),
    );
    const [overviewApi, overviewBase] = [timing(overview.api), timing(overview.baseline)];
    const [listApi, listBase] = [timing(list.api), timing(list.baseline)];
    return {
      people,
      seeded: data.counts,
      iterations,
      overview: {
        api: overviewApi,
        baseline: overviewBase,
        overheadPercent: overhead(overviewApi, overviewBase),
      },
      outstandingFirstPage: {
        api: listApi,
        baseline: listBase,
        overheadPercent: overhead(listApi, listBase),
      },
    };
  } finally {
    await app.stop();
    await entra.stop();
    await connection.dropDatabase();
    await connection.close();
  }
}

/** Signing in: the person and their roles, read on every request. */
async function signInByDriver(db: Db, data: ComplianceData): Promise<void> {
  const person = await db
    .collection('people')
    .findOne({ tenantId: data.tenantId, entraObjectId: data.itManagerOid });
  await db.collection('role_assignments').find({ tenantId: data.tenantId, personId: person!._id }).toArray();
}

async function keysOf(
  db: Db,
  data: ComplianceData,
  policy: { scope: string; schoolIds: ObjectId[]; audiences: string[] },
) {
  const schools = await db
    .collection('schools')
    .find({ tenantId: data.tenantId })
    .sort({ name: 1 })
    .project({ name: 1, code: 1 })
    .toArray();
  const covered = policy.scope === 'trust' ? schools.map((s) => String(s._id)) : policy.schoolIds.map(String);
  return covered.flatMap((school) => policy.audiences.map((audience) => `${school}:${audience}`));
}

/** The overview's database work, straight through the driver. */
async function overviewByDriver(db: Db, data: ComplianceData): Promise<void> {
  await signInByDriver(db, data);
  const policies = await db
    .collection('policies')
    .find({ tenantId: data.tenantId, archivedAt: null, currentVersionId: { $ne: null } })
    .sort({ title: 1 })
    .project<{
      _id: ObjectId;
      scope: string;
      schoolIds: ObjectId[];
      audiences: string[];
      currentVersionId: ObjectId;
    }>({
      title: 1,
      audiences: 1,
      scope: 1,
      schoolIds: 1,
      currentVersionId: 1,
    })
    .toArray();
  const versionIds = policies.map((p) => p.currentVersionId);
  await db
    .collection('policy_versions')
    .find({ _id: { $in: versionIds }, status: 'published' })
    .toArray();
  const keys = [...new Set((await Promise.all(policies.map((p) => keysOf(db, data, p)))).flat())];
  await db
    .collection('people')
    .find({ tenantId: data.tenantId, active: true, membershipKeys: { $in: keys } })
    .sort({ _id: 1 })
    .project({ membershipKeys: 1, department: 1 })
    .toArray();
  const campaigns = await db
    .collection('campaigns')
    .find({ policyVersionId: { $in: versionIds } })
    .project<{ _id: ObjectId }>({ policyVersionId: 1 })
    .toArray();
  await Promise.all([
    db
      .collection('acknowledgements')
      .find({ policyVersionId: { $in: versionIds } })
      .project({ _id: 0, personId: 1, policyVersionId: 1, signedAt: 1 })
      .toArray(),
    db
      .collection('deliveries')
      .find({ campaignId: { $in: campaigns.map((c) => c._id) }, signedAt: { $exists: false } })
      .project({ _id: 0, personId: 1, policyVersionId: 1, dueAt: 1 })
      .toArray(),
  ]);
}

/** The first page of who is outstanding: the same database work, straight through the driver. */
async function outstandingByDriver(db: Db, data: ComplianceData): Promise<void> {
  await signInByDriver(db, data);
  const version = await db
    .collection<{ _id: ObjectId; policyId: ObjectId }>('policy_versions')
    .findOne({ status: 'published', tenantId: data.tenantId, _id: new ObjectId(data.listedVersionId) });
  const policy = await db
    .collection<{ scope: string; schoolIds: ObjectId[]; audiences: string[] }>('policies')
    .findOne({ _id: version!.policyId, tenantId: data.tenantId });
  const keys = await keysOf(db, data, policy!);
  const people = await db
    .collection('people')
    .find({ tenantId: data.tenantId, active: true, membershipKeys: { $in: keys } })
    .sort({ displayName: 1, _id: 1 })
    .project<{ _id: ObjectId }>({ membershipKeys: 1, department: 1, displayName: 1 })
    .toArray();
  const signed = await db
    .collection('acknowledgements')
    .find({ policyVersionId: version!._id })
    .project({ _id: 0, personId: 1, signedAt: 1 })
    .toArray();
  const campaign = await db.collection('campaigns').findOne({ policyVersionId: version!._id });
  await db
    .collection('deliveries')
    .find({ campaignId: campaign!._id })
    .project({ _id: 0, personId: 1, dueAt: 1, status: 1, sentAt: 1, remindersSent: 1, lastError: 1 })
    .toArray();
  const signers = new Set(signed.map((s) => String(s.personId)));
  const page = people.filter((p) => !signers.has(String(p._id))).slice(0, 50);
  await db
    .collection('people')
    .find({ _id: { $in: page.map((p) => p._id) } })
    .project({ displayName: 1, email: 1, jobTitle: 1 })
    .toArray();
}
