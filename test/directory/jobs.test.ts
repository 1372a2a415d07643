import { scheduleDirectorySync } from '../../src/directory/jobs';
import { createScheduler, type JobScheduler } from '../../src/jobs/scheduler';
import { createLogger } from '../../src/logger';
import { useTestDatabase } from '../support/database';

describe('the periodic directory sync', () => {
  const db = useTestDatabase();
  let scheduler: JobScheduler | undefined;
  const newScheduler = (): JobScheduler =>
    (scheduler = createScheduler({
      connection: db().connection,
      logger: createLogger('silent'),
      pollIntervalMs: 100,
      lockLifetimeMs: 60_000,
      workerName: 'directory-test',
    }));
  afterEach(async () => {
    await scheduler?.stop();
  });

  it('runs the sync straight away and then on the configured interval', async () => {
    let runs = 0;
    const jobs = newScheduler();
    const scheduled = await scheduleDirectorySync(
      jobs,
      { graphConfigured: true, runScheduledSync: () => Promise.resolve({}).finally(() => (runs += 1)) },
      360,
    );
    await jobs.start();

    expect(scheduled).toBe(true);
    const deadline = Date.now() + 10_000;
    while (runs === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(1);
    const stored = await db().connection.db!.collection('jobs').findOne({ name: 'directory.sync' });
    expect(stored).toMatchObject({ repeatInterval: '360 minutes' });
  });

  it('schedules nothing when the interval is 0 or Graph is not configured', async () => {
    const every: string[] = [];
    const jobs = {
      define: () => undefined,
      every: (interval: string) => Promise.resolve(void every.push(interval)),
    };
    const directory = { graphConfigured: true, runScheduledSync: () => Promise.resolve({}) };
    expect(await scheduleDirectorySync(jobs, directory, 0)).toBe(false);
    expect(await scheduleDirectorySync(jobs, { ...directory, graphConfigured: false }, 60)).toBe(false);
    expect(every).toEqual([]);
    expect(await scheduleDirectorySync(jobs, directory, 60)).toBe(true);
    expect(every).toEqual(['60 minutes']);
  });
});
