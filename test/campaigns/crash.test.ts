import mongoose from 'mongoose';
import { startCampaign } from '../../src/campaigns/start';
import { createLogger } from '../../src/logger';
import { createScheduler } from '../../src/jobs/scheduler';
import { createDraftVersion, publishVersion } from '../../src/policies/store';
import { openConnection } from '../../src/store/connection';
import { createModels, ensureIndexes, type Models } from '../../src/store/models';
import { spawnApp, type AppProcess } from '../support/app-process';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';
import { startConnectorStandIn, type ConnectorStandIn } from '../support/standins/connector';
import { testTenantId } from '../support/teams';

const people = 40;

async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a worker that crashes mid-campaign', () => {
  const dbName = uniqueDatabaseName();
  let connection: mongoose.Connection;
  let models: Models;
  let connector: ConnectorStandIn;
  const apps: AppProcess[] = [];

  const worker = (): AppProcess => {
    const app = spawnApp({
      PORT: '0',
      LOG_LEVEL: 'info',
      MONGODB_URI: testDatabaseUri(),
      MONGODB_DB: dbName,
      MICROSOFT_APP_TENANT_ID: testTenantId,
      BOT_TRUSTED_SERVICE_URLS: connector.url,
      TEAMS_SEND_RATE_PER_SECOND: '20',
      JOBS_POLL_INTERVAL_MS: '200',
      JOBS_LOCK_LIFETIME_MS: '3000',
      CAMPAIGN_CLAIM_TIMEOUT_MS: '3000',
      DIRECTORY_SYNC_INTERVAL_MINUTES: '0',
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    connector = await startConnectorStandIn();
    connection = await openConnection(testDatabaseUri(), dbName);
    models = createModels(connection);
    await ensureIndexes(models);
  });
  afterAll(async () => {
    for (const app of apps) app.child.kill('SIGKILL');
    await connector.close();
    await connection.dropDatabase();
    await connection.close();
  });

  it('leaves every person with exactly one card once a new worker takes over', async () => {
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
        conversation: {
          id: `a:${i}`,
          serviceUrl: connector.url,
          tenantId: testTenantId,
          storedAt: new Date(),
        },
      })),
    );
    const owner = new mongoose.Types.ObjectId();
    const policy = await models.Policy.create({
      tenantId: testTenantId,
      title: 'Staff code of conduct for ICT',
      audiences: ['staff'],
      scope: 'trust',
      ownerId: owner,
    });
    const draft = await createDraftVersion(
      models,
      policy,
      {
        label: '2026.1',
        bodyMarkdown: '# Our code\n\n- I will use school systems responsibly.',
        keyPoints: ['Use systems responsibly', 'Protect pupil data', 'Report concerns'],
        effectiveDate: new Date('2026-09-01'),
        reviewDate: new Date('2026-08-01'),
        nextReviewDate: new Date('2027-08-01'),
        dueDays: 10,
        material: true,
      },
      owner,
    );
    const version = await publishVersion(models, draft._id, owner, new Date());

    // The first worker gets 15 cards out; the connector then stops answering, as if the
    // network went while requests were in flight, and the worker is killed.
    connector.hangAfter(15);
    const first = worker();
    await first.waitForLog('Conduct is listening');
    const queue = createScheduler({
      connection,
      logger: createLogger('silent'),
      pollIntervalMs: 200,
      lockLifetimeMs: 3000,
      workerName: 'test',
    });
    const fresh = (await models.Policy.findById(policy._id).lean())!;
    await startCampaign(
      { models, jobs: queue, now: () => new Date() },
      { policy: fresh, version, actor: { personId: owner } },
    );
    await until(() => connector.received.length >= 15 && connector.heldCount > 0, 20_000, 'the first sends');
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.child.kill('SIGKILL');
    await first.exited;
    connector.resume();
    expect(connector.received).toHaveLength(15);

    const second = worker();
    await second.waitForLog('Conduct is listening');
    await until(
      async () => (await models.Delivery.countDocuments({ status: 'sent' })) === people,
      30_000,
      'the second worker to finish the campaign',
    );
    second.child.kill('SIGTERM');
    await second.exited;

    const perConversation = new Map<string, number>();
    for (const received of connector.received) {
      perConversation.set(received.conversationId, (perConversation.get(received.conversationId) ?? 0) + 1);
    }
    expect(perConversation.size).toBe(people);
    expect([...perConversation.values()].every((count) => count === 1)).toBe(true);
  });
});
