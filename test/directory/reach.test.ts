import { createLocalPacer } from '../../src/store/rate-budget';
import type { Person } from '../../src/directory/model';
import { storeConversation } from '../../src/directory';
import { reachPeople, type ReachDeps } from '../../src/directory/reach';
import { AppError } from '../../src/errors';
import { useTestDatabase } from '../support/database';
import type { RecordedRequest } from '../../scripts/standins/graph';
import { graphClientFor, graphUser, useDirectoryStandIns } from './stand-ins';

const catalogId = 'catalog-app-conduct';
const serviceUrl = 'https://smba.trafficmanager.net/uk/';
const crowd = Array.from({ length: 20 }, (_, i) => `u-crowd-${String(i).padStart(2, '0')}`);

describe('reaching people who have never opened the bot', () => {
  const db = useTestDatabase();
  const standIns = useDirectoryStandIns({
    users: [
      graphUser('u-new', 'Nia New'),
      graphUser('u-had', 'Hugo Had'),
      graphUser('u-blocked', 'Bea Blocked'),
      graphUser('u-known', 'Kit Known'),
      ...crowd.map((id) => graphUser(id, `Crowd ${id}`)),
    ],
    installs: { 'u-had': 'already-installed', 'u-blocked': 'forbidden' },
  });
  let tenantId: string;

  const deps = (overrides: Partial<ReachDeps> = {}): ReachDeps => ({
    models: db().models,
    graph: standIns().client,
    teamsAppCatalogId: catalogId,
    botServiceUrl: serviceUrl,
    botAppId: 'bot-app-id',
    ...overrides,
  });
  const person = async (entraObjectId: string): Promise<Person> =>
    (await db().models.Person.findOne({ tenantId, entraObjectId }).lean<Person>())!;
  const addPeople = (ids: string[]) =>
    db().models.Person.insertMany(
      ids.map((id) => ({ tenantId, entraObjectId: id, displayName: id, active: true })),
    );
  const installCalls = (from: number): RecordedRequest[] =>
    standIns()
      .graph.requests.slice(from)
      .filter((r) => r.url.includes('/teamwork/installedApps'));

  beforeAll(async () => {
    tenantId = standIns().entra.tenantId;
    await addPeople(['u-new', 'u-had', 'u-blocked', 'u-known']);
    await db().models.Person.updateOne(
      { tenantId, entraObjectId: 'u-known' },
      { conversation: { id: 'a:known', serviceUrl, tenantId, channelId: 'msteams', storedAt: new Date() } },
    );
  });

  it('stores a conversation after a 201 or a 409, and records why a 403 failed', async () => {
    const from = standIns().graph.requests.length;

    const report = await reachPeople(deps(), tenantId);

    expect(report).toMatchObject({ attempted: 3, installed: 1, alreadyInstalled: 1, reached: 2, failed: 1 });
    expect(report.failures).toEqual([
      expect.objectContaining({
        displayName: 'u-blocked',
        reason: 'Teams app installation blocked by policy or no Teams licence',
      }),
    ]);
    for (const id of ['u-new', 'u-had']) {
      expect((await person(id)).conversation).toEqual({
        id: `19:${id}_${catalogId}@unq.gbl.spaces`,
        serviceUrl,
        tenantId,
        botId: '28:bot-app-id',
        channelId: 'msteams',
        storedAt: expect.any(Date),
      });
    }
    const blocked = await person('u-blocked');
    expect(blocked.conversation).toBeUndefined();
    expect(blocked.reachFailure).toMatchObject({
      reason: 'Teams app installation blocked by policy or no Teams licence',
      status: 403,
      at: expect.any(Date),
    });
    const posts = installCalls(from).filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status).sort()).toEqual([201, 403, 409]);
    expect(posts[0]!.body).toEqual({
      'teamsApp@odata.bind': `${standIns().graph.origin}/v1.0/appCatalogs/teamsApps/${catalogId}`,
    });
    expect(installCalls(from).some((r) => r.url.includes('u-known'))).toBe(false);
  });

  it('does not contact people it can already reach, and clears the failure once a later try succeeds', async () => {
    standIns().graph.data.installs['u-blocked'] = 'installs';
    const from = standIns().graph.requests.length;

    const report = await reachPeople(deps(), tenantId);

    expect(report).toMatchObject({ attempted: 1, reached: 1, failed: 0 });
    expect(new Set(installCalls(from).map((r) => r.url.split('/')[3]))).toEqual(new Set(['u-blocked']));
    const now = await person('u-blocked');
    expect(now.conversation?.id).toBe(`19:u-blocked_${catalogId}@unq.gbl.spaces`);
    expect(now.reachFailure?.reason).toBeUndefined();
  });

  it('never sends installation requests faster than the configured rate', async () => {
    await addPeople(crowd);
    const rate = 25;
    const from = standIns().graph.requests.length;
    // The moment the pacer lets each request go is the property: arrival at the stand-in adds this
    // busy process's event-loop delay, which can bunch requests that left a full interval apart.
    const local = createLocalPacer(rate);
    const times: number[] = [];
    const pacer = { ...local, take: () => local.take().then(() => void times.push(Date.now())) };

    const report = await reachPeople(
      deps({ graph: graphClientFor(standIns().entra, standIns().graph, rate, pacer), concurrency: 30 }),
      tenantId,
    );

    expect(report.reached).toBe(crowd.length);
    expect(installCalls(from)).toHaveLength(crowd.length * 3);
    expect(times).toHaveLength(crowd.length * 3);
    // In any run of rate+1 consecutive requests the first and last are at least a second apart.
    const jitterMs = 1000 / rate / 2;
    for (let i = 0; i + rate < times.length; i += 1) {
      expect(times[i + rate]! - times[i]!).toBeGreaterThanOrEqual(1000 - jitterMs);
    }
  });

  it('keeps a newer conversation the bot stored rather than overwrite it with an older one', async () => {
    const botStored = {
      id: 'a:from-bot',
      serviceUrl,
      tenantId,
      channelId: 'msteams' as const,
      storedAt: new Date(),
    };
    expect(await storeConversation(db().models, { tenantId, entraObjectId: 'u-new' }, botStored)).toBe(true);
    const older = { ...botStored, id: '19:older@unq.gbl.spaces', storedAt: new Date(Date.now() - 60_000) };
    expect(await storeConversation(db().models, { tenantId, entraObjectId: 'u-new' }, older)).toBe(false);
    expect((await person('u-new')).conversation?.id).toBe('a:from-bot');
  });

  it('says what to configure when the Teams app catalog id is missing', async () => {
    await expect(reachPeople(deps({ teamsAppCatalogId: undefined }), tenantId)).rejects.toThrow(AppError);
    await expect(reachPeople(deps({ teamsAppCatalogId: undefined }), tenantId)).rejects.toThrow(
      /TEAMS_APP_CATALOG_ID/,
    );
  });
});
