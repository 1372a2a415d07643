import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { createDirectory } from '../../src/directory/module';
import { useTestDatabase } from '../support/database';
import { graphUser, useDirectoryStandIns } from './stand-ins';

const staffGroup = randomUUID();
const people = [randomUUID(), randomUUID()];

describe('the scheduled directory job', () => {
  const db = useTestDatabase();
  const standIns = useDirectoryStandIns({
    users: people.map((id, i) => graphUser(id, `Person ${i}`)),
    groups: [{ id: staffGroup, displayName: 'Staff', members: people }],
  });

  const unusedJobs = { define: () => undefined, every: () => Promise.resolve() };
  const configFor = (environment: Record<string, string>) =>
    loadConfig({ NODE_ENV: 'development', ...environment }, '/');

  it('syncs the configured tenant, then reaches the people it added', async () => {
    const { entra, graph } = standIns();
    await db().models.School.create({
      tenantId: entra.tenantId,
      name: 'North Hill',
      code: 'NHS',
      groups: { staff: staffGroup },
    });
    const config = configFor({
      MICROSOFT_APP_ID: entra.clientId,
      MICROSOFT_APP_PASSWORD: entra.clientSecret,
      MICROSOFT_APP_TENANT_ID: entra.tenantId,
      ENTRA_AUTHORITY_HOST: entra.origin,
      GRAPH_BASE_URL: graph.baseUrl,
      TEAMS_APP_CATALOG_ID: 'catalog-id',
    });

    const result = await createDirectory({
      config,
      models: db().models,
      jobs: unusedJobs,
    }).runScheduledSync();

    expect(result.sync?.counts.added).toBe(2);
    expect(result.reach).toMatchObject({ attempted: 2, reached: 2 });
    expect(
      await db().models.Person.countDocuments({ tenantId: entra.tenantId, 'conversation.id': /^19:/ }),
    ).toBe(2);
  });

  it('does nothing, and says Graph is not configured, without app credentials', async () => {
    const directory = createDirectory({ config: configFor({}), models: db().models, jobs: unusedJobs });
    expect(directory.graphConfigured).toBe(false);
    expect(await directory.runScheduledSync()).toEqual({});
  });
});
