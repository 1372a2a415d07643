/**
 * Compliance benchmark (issues 6 and 18): the overview, the first page of who is outstanding and the
 * page after it, through the real API (sign-in included), at 1,000, 10,000 and 50,000 people across
 * five schools and five policies, read from the compliance summaries. Beside each figure, a baseline
 * in the same run: the driver calls the API made for that request, recorded and issued again directly
 * by the MongoDB driver with no Conduct code around them (DESIGN.md, "What the embedded database
 * costs"). It also counts the database operations of a signature made in the tab.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ObjectId, type Db } from 'mongodb';
import mongoose from 'mongoose';
import { createLogger } from '../src/logger';
import { startApp } from '../src/app';
import '../src/store/connection';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/store/embedded-database';
import { bindAuditKey } from '../src/audit/key';
import { createModels, ensureIndexes } from '../src/store/models';
import { bindSummaryTimeZone, rebuildComplianceSummaries } from '../src/compliance/store';
import { setUpTestCa, tearDownTestCa } from '../scripts/standins/ca';
import { startEntraStandIn } from '../scripts/standins/entra';
import { benchAppConfig, percentile, startupJobsDone } from './support';
import { measureConcurrentSigning, type ConcurrentSigning } from './concurrent-signing';
import { seedComplianceData, type ComplianceData } from './compliance-data';
import { recordDriverCalls, replayDriverCalls } from './replay';

/** The audit key of this run's database, shared with the app it starts. */
const benchAuditKey = randomBytes(32);

export interface Timing {
  p50: number;
  p95: number;
}

export interface Measured {
  api: Timing;
  baseline: Timing;
  overheadPercent: { p50: number; p95: number };
  /** Driver calls the API made for one request (the baseline issues the same). */
  operations: number;
}

export interface ComplianceSize {
  people: number;
  seeded: ComplianceData['counts'];
  /** Writing the seed into the database (not a figure of Conduct's: it bounds the run's length). */
  seedMs: number;
  /** Building the summaries from the seeded records (the rebuild job's work on a fresh database). */
  rebuildMs: number;
  /** From the app's start until the jobs it runs at start had finished (they are not measured alongside). */
  startupJobsMs: number;
  iterations: number;
  overview: Measured;
  outstandingFirstPage: Measured;
  outstandingNextPage: Measured;
  /** A signature in the tab (POST /api/my/policies/:versionId/sign), sign-in included. */
  signing?: { signatures: number; operationsPerSignature: number; byOperation: Record<string, number> };
  /** People still outstanding signing at once in the tab, beside the driver doing the same work. */
  concurrentSigning?: ConcurrentSigning;
}

export interface ComplianceBenchResult {
  database: string;
  sizes: ComplianceSize[];
  /** p95 at the largest size over p95 at the smallest: API and baseline. */
  growth: { overview: { api: number; baseline: number }; outstanding: { api: number; baseline: number } };
  targets: {
    overviewP95Ms: 300;
    overviewP95MsAt50k: 500;
    outstandingP95Ms: 200;
    overheadPercentOnEmbedded: 20;
    signingOperations: 5;
  };
}

export { percentile };
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
  options: { sizes?: number[]; iterations?: number; signers?: number } = {},
): Promise<ComplianceBenchResult> {
  const sizes = options.sizes ?? [1_000, 10_000, 50_000];
  await setUpTestCa();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'conduct-bench-compliance-'));
  const database = await startEmbeddedDatabase({ binary: path.resolve('infra/devdb/bin/devdb'), dataDir });
  try {
    const results: ComplianceSize[] = [];
    for (const people of sizes) {
      results.push(await measureSize(database, people, options.iterations ?? 20, options.signers ?? 500));
      // Each size as it finishes: the largest takes long on the embedded database.
      process.stdout.write(`${JSON.stringify(results.at(-1))}\n`);
    }
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
      targets: {
        overviewP95Ms: 300,
        overviewP95MsAt50k: 500,
        outstandingP95Ms: 200,
        overheadPercentOnEmbedded: 20,
        signingOperations: 5,
      },
    };
  } finally {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
    tearDownTestCa();
  }
}

/**
 * The benchmark's own connection (seeding, the first rebuild, the replays): Conduct's 5 s monitor
 * timeout, with the machine loaded, dropped it while the embedded database wrote a 10,000-person
 * trust (one request at a time), so this one waits up to two minutes. The app measured keeps its own.
 */
async function seedingConnection(uri: string, dbName: string) {
  // Conduct's filter sanitising applies: src/store/connection sets it for every mongoose connection.
  const patient = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: 120_000,
    connectTimeoutMS: 120_000,
    socketTimeoutMS: 0,
    heartbeatFrequencyMS: 10_000,
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
  });
  return patient.asPromise();
}

async function measureSize(
  database: EmbeddedDatabase,
  people: number,
  iterations: number,
  signers: number,
): Promise<ComplianceSize> {
  const name = `bench_compliance_${people}`;
  const connection = await seedingConnection(database.uri, name);
  const models = createModels(connection);
  bindAuditKey(models, benchAuditKey);
  await ensureIndexes(models);
  // Each step and figure to stderr as it is reached: a failure at a large size still leaves them.
  const progress = (step: string, figure?: unknown) =>
    process.stderr.write(
      `${new Date().toISOString()} ${people} people: ${step} ${figure === undefined ? '' : JSON.stringify(figure)}\n`,
    );
  const seedStarted = performance.now();
  const data = await seedComplianceData(models, people);
  const seedMs = Math.round(performance.now() - seedStarted);
  progress('seeded', { ...data.counts, seedMs });
  // The seed writes the records directly, as an older database holds them: the rebuild counts them.
  bindSummaryTimeZone(models, 'Europe/London');
  const rebuildStarted = performance.now();
  await rebuildComplianceSummaries(models, data.tenantId);
  const rebuildMs = Math.round(performance.now() - rebuildStarted);
  progress('summaries rebuilt', { rebuildMs });
  const entra = await startEntraStandIn({ tenantId: data.tenantId });
  const config = benchAppConfig(database.uri, name, benchAuditKey, entra);
  const app = await startApp(config, createLogger('silent'));
  try {
    const startupJobsMs = await startupJobsDone(connection.getClient().db(name));
    progress('start-up jobs done', { startupJobsMs });
    const token = await entra.tokenFor({ oid: data.itManagerOid });
    const call = async (route: string, init: RequestInit = {}, bearer = token) => {
      const response = await fetch(`${app.url}${route}`, {
        ...init,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      });
      if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
      return response.json();
    };
    const db = connection.getClient().db(name);
    const measure = async (route: string): Promise<Measured> => {
      await call(route);
      const calls = await recordDriverCalls(() => call(route));
      const times = await timedInTurn(
        iterations,
        () => call(route),
        () => replayDriverCalls(db, calls),
      );
      const [api, baseline] = [timing(times.api), timing(times.baseline)];
      progress(route.split('?')[0]!, { api, baseline, operations: calls.length });
      return { api, baseline, overheadPercent: overhead(api, baseline), operations: calls.length };
    };
    const listed = `/api/compliance/outstanding?policyVersionId=${data.listedVersionId}`;
    const overview = await measure('/api/compliance/overview');
    const first = (await call(listed)) as { next: string | null; items: { personId: string }[] };
    const outstandingFirstPage = await measure(listed);
    const outstandingNextPage = await measure(`${listed}&page=2&after=${first.next ?? ''}`);
    // signers = 0 (BENCH_SIGNERS=0) leaves signing out.
    const signing =
      signers > 0 ? await measureSigning(db, data, first.items.slice(0, 20), entra, call) : undefined;
    progress('signed', signing);
    const concurrentSigning =
      signers > 0
        ? await measureConcurrentSigning(
            db,
            {
              tenantId: data.tenantId,
              versionId: data.signingVersionId,
              url: app.url,
              tokenFor: (claims) => entra.tokenFor(claims),
            },
            signers,
          )
        : undefined;
    return {
      people,
      seeded: data.counts,
      seedMs,
      rebuildMs,
      startupJobsMs,
      iterations,
      overview,
      outstandingFirstPage,
      outstandingNextPage,
      ...(signing ? { signing } : {}),
      ...(concurrentSigning ? { concurrentSigning } : {}),
    };
  } finally {
    await app.stop();
    await entra.stop();
    await connection.dropDatabase();
    await connection.close();
  }
}

/** Signs the listed version in the tab as each of these people, counting the driver calls per signature. */
async function measureSigning(
  db: Db,
  data: ComplianceData,
  signers: readonly { personId: string }[],
  entra: { tokenFor(claims: { oid: string }): Promise<string> },
  call: (route: string, init: RequestInit, bearer: string) => Promise<unknown>,
): Promise<ComplianceSize['signing']> {
  const people = await db
    .collection<{ _id: ObjectId; entraObjectId: string; displayName: string }>('people')
    .find({ _id: { $in: signers.map((s) => new ObjectId(s.personId)) } })
    .toArray();
  const tokens = await Promise.all(people.map((p) => entra.tokenFor({ oid: p.entraObjectId })));
  const route = `/api/my/policies/${data.listedVersionId}/sign`;
  const calls = await recordDriverCalls(async () => {
    for (const [i, person] of people.entries()) {
      await call(
        route,
        { method: 'POST', body: JSON.stringify({ signedName: person.displayName, accepted: true }) },
        tokens[i]!,
      );
    }
  });
  const byOperation: Record<string, number> = {};
  for (const c of calls) {
    const key = `${c.collection}.${c.method}`;
    byOperation[key] = (byOperation[key] ?? 0) + 1;
  }
  for (const key of Object.keys(byOperation)) {
    byOperation[key] = Math.round((byOperation[key]! / people.length) * 10) / 10;
  }
  return {
    signatures: people.length,
    operationsPerSignature: Math.round((calls.length / people.length) * 10) / 10,
    byOperation,
  };
}
