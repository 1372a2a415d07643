import mongoose from 'mongoose';
import { startCampaign } from '../../src/campaigns/start';
import type { JobScheduler } from '../../src/jobs/scheduler';
import { openConnection } from '../../src/store/connection';
import { createModels, ensureIndexes, type Models } from '../../src/store/models';
import { spawnApp, type AppProcess } from '../support/app-process';
import { bindAuditKey } from '../../src/audit/key';
import { testAuditKey, testDatabaseUri, uniqueDatabaseName } from '../support/database';
import { publishStaffPolicyInStore } from '../../scripts/standins/policy';
import { startConnectorStandIn, type ConnectorStandIn } from '../../scripts/standins/connector';
import { testTenantId } from '../../scripts/standins/teams';
import { testScheduler } from './scheduler';

/** Campaigns sent by Conduct worker processes of their own, against one database and connector. */
export interface WorkerFixture {
  readonly models: Models;
  readonly connector: ConnectorStandIn;
  /** A Conduct process sending cards (its job runner on, directory sync off), with `env` added. */
  worker: (env?: Record<string, string>) => AppProcess;
  /** Seeds `people` staff, each with a conversation, and publishes a trust-wide staff policy. */
  publishToStaff: (people: number) => Promise<{ start: () => Promise<string> }>;
  /** A job scheduler in the test process, for queueing jobs as Conduct does. */
  readonly jobs: JobScheduler;
  /** How many cards each conversation received. */
  cardsPerConversation: () => Map<string, number>;
  /** What the workers, the job queue and the send batches look like now: printed when a wait stalls. */
  diagnose: () => Promise<string>;
}

/** How long a wait may go without progress before it fails: only a stuck campaign takes this long. */
export const stallMs = 180_000;

/**
 * Waits until `done` holds, for as long as `progress` (a count: cards sent, say) keeps moving. On a
 * busy 2-core machine worker processes start and send slowly, and what the tests assert holds
 * however long that takes, so no fixed deadline: the wait fails only when `progress` has not
 * changed for `stallMs`.
 */
export async function until(
  done: () => Promise<boolean> | boolean,
  progress: () => Promise<number> | number,
  what: string,
  diagnose: () => Promise<string> = () => Promise.resolve(''),
): Promise<void> {
  let last = await progress();
  let movedAt = Date.now();
  while (!(await done())) {
    const now = await progress();
    if (now !== last) [last, movedAt] = [now, Date.now()];
    else if (Date.now() - movedAt > stallMs) {
      throw new Error(
        `no progress for ${stallMs} ms waiting for ${what} (progress: ${now})\n${await diagnose()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Registers beforeAll/afterAll for a fresh database, connector and worker processes. */
export function useCampaignWorkers(): () => WorkerFixture {
  const dbName = uniqueDatabaseName();
  const apps: AppProcess[] = [];
  let fixture: WorkerFixture | undefined;
  let connection: mongoose.Connection;
  let connector: ConnectorStandIn;

  beforeAll(async () => {
    connector = await startConnectorStandIn();
    connection = await openConnection(testDatabaseUri(), dbName);
    const models = createModels(connection);
    bindAuditKey(models, testAuditKey);
    await ensureIndexes(models);
    const jobs = testScheduler(connection, { lockLifetimeMs: 3000 });
    fixture = {
      models,
      connector,
      jobs,
      worker: (env = {}) => {
        const app = spawnApp({
          PORT: '0',
          LOG_LEVEL: 'info',
          MONGODB_URI: testDatabaseUri(),
          MONGODB_DB: dbName,
          AUDIT_HMAC_KEY: testAuditKey.toString('base64'),
          MICROSOFT_APP_TENANT_ID: testTenantId,
          BOT_TRUSTED_SERVICE_URLS: connector.url,
          TEAMS_SEND_RATE_PER_SECOND: '20',
          JOBS_POLL_INTERVAL_MS: '1000',
          // Short enough that a crashed worker's work is taken over soon; long enough (renewed every
          // third of it) that a live worker on a busy machine keeps what it holds.
          JOBS_LOCK_LIFETIME_MS: '10000',
          CAMPAIGN_CLAIM_TIMEOUT_MS: '10000',
          DIRECTORY_SYNC_INTERVAL_MINUTES: '0',
          ...env,
        });
        apps.push(app);
        return app;
      },
      publishToStaff: (people) => publishToStaff(models, connector, jobs, people),
      cardsPerConversation: () => {
        const counts = new Map<string, number>();
        for (const { conversationId } of connector.received) {
          counts.set(conversationId, (counts.get(conversationId) ?? 0) + 1);
        }
        return counts;
      },
      diagnose: () => diagnose(models, apps, connector),
    };
  });
  afterAll(async () => {
    for (const app of apps) app.child.kill('SIGKILL');
    await connector.close();
    await connection.dropDatabase();
    await connection.close();
  });
  return () => {
    if (!fixture) throw new Error('useCampaignWorkers: used outside a test');
    return fixture;
  };
}

async function publishToStaff(
  models: Models,
  connector: ConnectorStandIn,
  jobs: JobScheduler,
  people: number,
): Promise<{ start: () => Promise<string> }> {
  const school = await models.School.create({
    tenantId: testTenantId,
    name: 'Riverside Primary',
    code: 'RSP',
  });
  const key = `${school._id.toString()}:staff`;
  await models.Person.insertMany(
    Array.from({ length: people }, (_, i) => ({
      tenantId: testTenantId,
      entraObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      displayName: `Staff Member ${i}`,
      memberships: [{ schoolId: school._id, audience: 'staff' }],
      membershipKeys: [key],
      active: true,
      conversation: { id: `a:${i}`, serviceUrl: connector.url, tenantId: testTenantId, storedAt: new Date() },
    })),
  );
  const { policy, version, owner } = await publishStaffPolicyInStore(models, 'Staff code of conduct for ICT');
  return {
    start: async () => {
      const { campaignId } = await startCampaign(
        { models, jobs, now: () => new Date(), timeZone: 'Europe/London' },
        { policy, version, actor: { personId: owner } },
      );
      return campaignId;
    },
  };
}

/** The state a stalled campaign leaves behind, without personal data (the people are generated). */
async function diagnose(models: Models, apps: AppProcess[], connector: ConnectorStandIn): Promise<string> {
  const db = models.Delivery.db;
  const jobs = await db
    .collection('jobs')
    .find({}, { projection: { data: 0 } })
    .toArray()
    .catch((error: unknown) => [{ error: String(error) }]);
  const batches = await models.SendBatch.find({})
    .lean()
    .catch((error: unknown) => [{ error: String(error) }]);
  const deliveries = await models.Delivery.find({}, { status: 1 })
    .lean()
    .then((all) => {
      const counts: Record<string, number> = {};
      for (const { status } of all) counts[String(status)] = (counts[String(status)] ?? 0) + 1;
      return JSON.stringify(counts);
    })
    .catch((error: unknown) => String(error));
  const workerTails = apps.map((app, i) => {
    const lines = app.logs
      .filter(
        (l) =>
          Number(l.level) >= 40 ||
          /job|campaign|card|database|send batch|rate budget|proactive/i.test(String(l.msg)),
      )
      .slice(-80)
      .map((l) =>
        JSON.stringify({
          time: l.time,
          level: l.level,
          msg: l.msg,
          err: (l.err as { message?: string } | undefined)?.message,
          job: l.job,
          cards: l.cards,
        }),
      );
    return `worker ${i} (pid ${app.child.pid}, exit ${app.child.exitCode}):\n  ${lines.join('\n  ')}\n  stderr: ${app.stderr.slice(-10).join(' | ')}`;
  });
  return [
    `at ${new Date().toISOString()}; connector received ${connector.received.length} cards; deliveries by status ${deliveries}`,
    `jobs: ${JSON.stringify(jobs)}`,
    `send batches: ${JSON.stringify(batches)}`,
    ...workerTails,
  ].join('\n');
}
