/**
 * Campaign benchmark (issue 3): 5,000 recipients through a local connector that enforces Teams'
 * per-conversation limits and a tenant rate, answering a share of requests with 429; then 500
 * concurrent sign actions. Conduct runs as its own compiled process (dist/) so its peak RSS is its own.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import { sendJob, startCampaign } from '../src/campaigns/start';
import { createScheduler } from '../src/jobs/scheduler';
import { createLogger } from '../src/logger';
import { openConnection } from '../src/store/connection';
import { startEmbeddedDatabase } from '../src/store/embedded-database';
import { bindAuditKey } from '../src/audit/key';
import { createModels, ensureIndexes } from '../src/store/models';
import {
  percentile,
  postWithoutTimeout,
  spawnCompiledApp,
  startupJobsDone,
  type CompiledApp,
} from './support';
import { copySummaryForBaseline, driverSigning } from './concurrent-signing';
import { publishStaffPolicyInStore } from '../scripts/standins/policy';
import { startConnectorStandIn } from '../scripts/standins/connector';
import { cardAction, testTenantId, type TeamsUser } from '../scripts/standins/teams';

/** The audit key of this run's database, shared with the app it starts. */
const benchAuditKey = randomBytes(32);

export interface CampaignBenchResult {
  recipients: number;
  configuredRate: number;
  connectorTenantLimit: number;
  throttleShare: number;
  /** From publishing to the last card accepted. */
  seconds: number;
  /** From the first card accepted to the last: the sustained rate is measured over this. */
  sendingSeconds: number;
  sustainedRate: number;
  rateRatio: number;
  throttled: number;
  lost: number;
  duplicates: number;
  /** Peak RSS while sending the campaign, and after the concurrent signatures too. */
  peakRssMb: number;
  peakRssAfterSigningMb: number;
  sign: { concurrent: number; p50: number; p95: number; p99: number; recorded: number; baselineP99: number };
  /** Issue 18: a second campaign to the same people, sent by two worker processes at once. */
  twoWorkers: TwoWorkerResult;
}

/** Two Conduct processes on one database sending one campaign, sharing the tenant's send budget. */
export interface TwoWorkerResult {
  recipients: number;
  configuredRate: number;
  seconds: number;
  sendingSeconds: number;
  /** Cards accepted by the connector ÷ the time from its first to its last, both workers together. */
  sustainedRate: number;
  rateRatio: number;
  /** The same from the moment the second worker was listening: both sending at once. */
  bothSendingRate: number;
  bothSendingRatio: number;
  lost: number;
  duplicates: number;
  /** Cards each process answered (its "campaign cards sent" log line). */
  perProcess: number[];
  /** 429s of the connector: its tenant limit exceeded, and its random share. */
  refusedOverTenantLimit: number;
  throttledAtRandom: number;
  /** Seconds all sending stood still because Teams answered 429 (the union of the pauses logged). */
  pausedSeconds: number;
  /** The combined rate over the sending time less those pauses. */
  rateRatioUnpaused: number;
  /** The single-process campaign of the same run, for comparison. */
  singleProcess: {
    /** How long the app's start-up jobs ran before the campaign was started (not measured alongside). */
    startupJobsMs: number;
    rateRatio: number;
    pausedSeconds: number;
    rateRatioUnpaused: number;
    refusedOverTenantLimit: number;
    throttledAtRandom: number;
    /** Refused over the connector's tenant limit during the 500 signatures, after sending. */
    refusedWhileSigning: number;
  };
}

export async function campaignBench(
  options: { recipients?: number; rate?: number; throttleShare?: number } = {},
): Promise<CampaignBenchResult> {
  const recipients = options.recipients ?? 5_000;
  const rate = options.rate ?? 25;
  const throttleShare = options.throttleShare ?? 0.01;
  const connectorTenantLimit = 30;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'conduct-bench-'));
  const database = await startEmbeddedDatabase({ binary: path.resolve('infra/devdb/bin/devdb'), dataDir });
  const connector = await startConnectorStandIn({
    tenantPerSecond: connectorTenantLimit,
    randomThrottleShare: throttleShare,
    retryAfterSeconds: undefined,
  });
  const connection = await openConnection(database.uri, 'bench');
  const models = createModels(connection);
  bindAuditKey(models, benchAuditKey);
  await ensureIndexes(models);
  const users: TeamsUser[] = [];
  try {
    const school = await models.School.create({ tenantId: testTenantId, name: 'Bench Academy', code: 'BA' });
    const key = `${school._id.toString()}:staff`;
    const people = Array.from({ length: recipients }, (_, i) => {
      const aadObjectId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const user: TeamsUser = { aadObjectId, name: `Person ${i}`, conversationId: `a:bench-${i}` };
      users.push(user);
      return {
        tenantId: testTenantId,
        entraObjectId: aadObjectId,
        displayName: user.name,
        memberships: [{ schoolId: school._id, audience: 'staff' }],
        membershipKeys: [key],
        active: true,
        conversation: {
          id: user.conversationId,
          serviceUrl: connector.url,
          tenantId: testTenantId,
          storedAt: new Date(),
        },
      };
    });
    for (let i = 0; i < people.length; i += 1000) await models.Person.insertMany(people.slice(i, i + 1000));
    const { policy, version, owner } = await publishStaffPolicyInStore(models, 'Bench policy');

    const appEnv = {
      MONGODB_URI: database.uri,
      MONGODB_DB: 'bench',
      AUDIT_HMAC_KEY: benchAuditKey.toString('base64'),
      MICROSOFT_APP_TENANT_ID: testTenantId,
      BOT_TRUSTED_SERVICE_URLS: connector.url,
      TEAMS_SEND_RATE_PER_SECOND: String(rate),
    };
    // The job poll interval stays at its production default: a faster poll would spend the
    // embedded database's one-at-a-time gate on job queries while signatures wait.
    const app = await spawnCompiledApp(appEnv);
    // On a new database every recurring job is due as the app starts (the summaries' rebuild among
    // them); they share the embedded database's gate with sending, so the campaign waits for them.
    const startupJobsMs = await startupJobsDone(connection.getClient().db('bench'));
    const jobs = createScheduler({
      connection,
      logger: createLogger('silent'),
      pollIntervalMs: 200,
      lockLifetimeMs: 60_000,
      workerName: 'bench',
    });
    const started = Date.now();
    await startCampaign(
      { models, jobs, now: () => new Date(), timeZone: 'Europe/London' },
      { policy, version, actor: { personId: owner } },
    );
    let peakRss = 0;
    // Progress is read from the connector, not the database: a count on the embedded database scans
    // every delivery and would steal the one-at-a-time gate from the worker being measured.
    while (new Set(connector.received.map((r) => r.conversationId)).size < recipients) {
      peakRss = Math.max(peakRss, app.peakRssBytes());
      if (Date.now() - started > (recipients / rate) * 3_000) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (Date.now() - started) / 1000;
    const campaignPeakRss = app.peakRssBytes();
    const times = connector.received.map((r) => r.at).sort((a, b) => a - b);
    const sendingSeconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    const counts = new Map<string, number>();
    for (const r of connector.received) counts.set(r.conversationId, (counts.get(r.conversationId) ?? 0) + 1);
    const duplicates = [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const lost = users.filter((u) => !counts.has(u.conversationId)).length;

    // Refusals are counted apart for sending and for signing: a signature's turn may reply through
    // the connector, outside the campaign's pacing.
    const throttledWhileSending = connector.throttled.length;
    const signers = users.slice(0, 500);
    const latencies = await Promise.all(
      signers.map(async (user) => {
        const t0 = performance.now();
        await postWithoutTimeout(
          `${app.url}/api/messages`,
          cardAction(user, connector.url, 'policy.sign', {
            versionId: version._id.toString(),
            signedName: user.name,
            accepted: 'true',
          }),
        );
        return performance.now() - t0;
      }),
    );
    const recorded = await models.Acknowledgement.countDocuments({});
    peakRss = Math.max(peakRss, app.peakRssBytes());
    await app.stop();
    const baselineP99 = await signBaseline(
      connection,
      version._id,
      users.slice(signers.length, signers.length * 2),
    );
    const refused = (from: number, reason: 'limit' | 'random'): number =>
      connector.throttled.slice(from).filter((t) => t.reason === reason).length;
    const throttled = connector.throttled.length;
    const singlePaused = pausedSeconds([app]);
    const singleProcess = {
      startupJobsMs,
      rateRatio: Math.round(((times.length - 1) / sendingSeconds / rate) * 1000) / 1000,
      pausedSeconds: singlePaused,
      rateRatioUnpaused:
        Math.round(((times.length - 1) / (sendingSeconds - singlePaused) / rate) * 1000) / 1000,
      refusedOverTenantLimit: refused(0, 'limit') - refused(throttledWhileSending, 'limit'),
      throttledAtRandom: refused(0, 'random') - refused(throttledWhileSending, 'random'),
      refusedWhileSigning: refused(throttledWhileSending, 'limit'),
    };
    const twoWorkers = await twoWorkerCampaign({
      models,
      jobs,
      connector,
      users,
      rate,
      appEnv,
      singleProcess,
      refused,
    });
    return {
      recipients,
      configuredRate: rate,
      connectorTenantLimit,
      throttleShare,
      seconds: Math.round(seconds * 10) / 10,
      sendingSeconds: Math.round(sendingSeconds * 10) / 10,
      sustainedRate: Math.round(((times.length - 1) / sendingSeconds) * 100) / 100,
      rateRatio: Math.round(((times.length - 1) / sendingSeconds / rate) * 1000) / 1000,
      throttled,
      lost,
      duplicates,
      peakRssMb: Math.round(campaignPeakRss / 1024 / 1024),
      peakRssAfterSigningMb: Math.round(peakRss / 1024 / 1024),
      sign: {
        concurrent: signers.length,
        p50: Math.round(percentile(latencies, 50)),
        p95: Math.round(percentile(latencies, 95)),
        p99: Math.round(percentile(latencies, 99)),
        recorded,
        baselineP99: Math.round(baselineP99),
      },
      twoWorkers,
    };
  } finally {
    await connector.close();
    await connection.close();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Issue 18: a second policy to the same people, sent by two compiled Conduct processes on the one
 * database. Each process runs one send job of the campaign: the first is queued before the first
 * process starts, the second once the first is sending and before the second process starts, and
 * both poll for jobs only hourly, so each takes the job waiting when it starts (agenda looks at
 * once on start) and neither takes the other's. Lost and duplicate cards are counted at the
 * connector, per conversation; each process's share from its own log.
 */
async function twoWorkerCampaign(run: {
  models: ReturnType<typeof createModels>;
  jobs: ReturnType<typeof createScheduler>;
  connector: Awaited<ReturnType<typeof startConnectorStandIn>>;
  users: TeamsUser[];
  rate: number;
  appEnv: Record<string, string>;
  singleProcess: TwoWorkerResult['singleProcess'];
  refused: (from: number, reason: 'limit' | 'random') => number;
}): Promise<TwoWorkerResult> {
  const { models, jobs, connector, users, rate } = run;
  const recipients = users.length;
  const receivedFrom = connector.received.length;
  const throttledFrom = connector.throttled.length;
  const posts = () => connector.received.slice(receivedFrom).filter((r) => r.kind === 'post');
  const { policy, version, owner } = await publishStaffPolicyInStore(models, 'Bench policy, two workers');
  const env = { ...run.appEnv, JOBS_POLL_INTERVAL_MS: '3600000' };
  const started = Date.now();
  const { campaignId } = await startCampaign(
    { models, jobs, now: () => new Date(), timeZone: 'Europe/London' },
    { policy, version, actor: { personId: owner } },
  );
  const apps: CompiledApp[] = [];
  try {
    apps.push(await spawnCompiledApp(env));
    while (posts().length < rate && Date.now() - started < 120_000) await pause(100);
    await jobs.now(sendJob, { campaignId });
    apps.push(await spawnCompiledApp(env));
    const bothFrom = Date.now();
    while (new Set(posts().map((r) => r.conversationId)).size < recipients) {
      if (Date.now() - started > (recipients / rate) * 3_000) break;
      await pause(500);
    }
    const seconds = (Date.now() - started) / 1000;
    const reported = (app: CompiledApp): number =>
      app.logs.filter((l) => l.msg === 'campaign cards sent').reduce((n, l) => n + Number(l.cards), 0);
    // Each job reports when no batch of the campaign is left; the last batch may still be closing.
    const waitedFrom = Date.now();
    while (apps.reduce((n, app) => n + reported(app), 0) < recipients && Date.now() - waitedFrom < 60_000) {
      await pause(250);
    }
    const sent = posts();
    const times = sent.map((r) => r.at).sort((a, b) => a - b);
    const sendingSeconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    const both = times.filter((t) => t >= bothFrom);
    const bothSeconds = ((both.at(-1) ?? 0) - (both[0] ?? 0)) / 1000;
    const counts = new Map<string, number>();
    for (const r of sent) counts.set(r.conversationId, (counts.get(r.conversationId) ?? 0) + 1);
    const sustained = (times.length - 1) / sendingSeconds;
    const paused = pausedSeconds(apps);
    const bothRate = (both.length - 1) / bothSeconds;
    return {
      recipients,
      configuredRate: rate,
      seconds: Math.round(seconds * 10) / 10,
      sendingSeconds: Math.round(sendingSeconds * 10) / 10,
      sustainedRate: Math.round(sustained * 100) / 100,
      rateRatio: Math.round((sustained / rate) * 1000) / 1000,
      pausedSeconds: paused,
      rateRatioUnpaused: Math.round(((times.length - 1) / (sendingSeconds - paused) / rate) * 1000) / 1000,
      bothSendingRate: Math.round(bothRate * 100) / 100,
      bothSendingRatio: Math.round((bothRate / rate) * 1000) / 1000,
      lost: users.filter((u) => !counts.has(u.conversationId)).length,
      duplicates: [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      perProcess: apps.map(reported),
      refusedOverTenantLimit: run.refused(throttledFrom, 'limit'),
      throttledAtRandom: run.refused(throttledFrom, 'random'),
      singleProcess: run.singleProcess,
    };
  } finally {
    for (const app of apps) await app.stop();
  }
}

/**
 * How long sending stood still on Teams' 429s: the union of every process's pauses, each from its
 * log line ("pausing all sending", written as the pause begins, with its length).
 */
function pausedSeconds(apps: readonly CompiledApp[]): number {
  const pauses = apps
    .flatMap((app) => app.logs)
    .filter((l) => l.msg === 'throttled by Teams: pausing all sending')
    .map((l) => [Number(l.time), Number(l.time) + Number(l.waitMs)] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let until = 0;
  for (const [from, to] of pauses) {
    total += Math.max(0, to - Math.max(from, until));
    until = Math.max(until, to);
  }
  return Math.round(total / 100) / 10;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The database work of one signature from a card, issued directly by the driver with no Conduct code
 * around it: the same eight operations, in the same order, that Conduct issues once its process has
 * read the version and its policy (recorded with the driver's command monitoring on 27 November
 * 2026): the turn's ledger entry, the person by `_id`, signing's five, the ledger entry closed.
 */
async function signBaseline(
  connection: mongoose.Connection,
  versionId: Types.ObjectId,
  users: TeamsUser[],
): Promise<number> {
  const db = connection.db!;
  const people = await db
    .collection<{ _id: Types.ObjectId; entraObjectId: string }>('people')
    .find({ tenantId: testTenantId, entraObjectId: { $in: users.map((user) => user.aadObjectId) } })
    .project<{ _id: Types.ObjectId; entraObjectId: string }>({ entraObjectId: 1 })
    .toArray();
  const idOf = new Map(people.map((person) => [person.entraObjectId, person._id]));
  await copySummaryForBaseline(db, versionId.toHexString());
  const latencies = await Promise.all(
    users.map(async (user) => {
      const t0 = performance.now();
      const ledger = db.collection<{ _id: string; state: string; at: Date }>('processed_activities');
      const key = `baseline|${user.aadObjectId}`;
      await ledger.insertOne({ _id: key, state: 'running', at: new Date() });
      const person = await db.collection('people').findOne({ _id: idOf.get(user.aadObjectId)! });
      await driverSigning(
        db,
        { tenantId: testTenantId, versionId: versionId.toHexString() },
        { personId: person!._id, name: user.name, via: 'card' },
      );
      await ledger.updateOne({ _id: key, state: 'running' }, { $set: { state: 'done' } });
      return performance.now() - t0;
    }),
  );
  return percentile(latencies, 99);
}

export function ensureBuilt(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  readFileSync('dist/src/main.js');
}
