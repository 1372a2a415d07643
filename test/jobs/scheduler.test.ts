import { createLogger } from '../../src/logger';
import { createScheduler, type JobScheduler } from '../../src/jobs/scheduler';
import { useTestDatabase } from '../support/database';

const waitFor = async (check: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('the job scheduler on the embedded database', () => {
  const db = useTestDatabase();
  const schedulers: JobScheduler[] = [];
  const scheduler = (workerName: string): JobScheduler => {
    const created = createScheduler({
      connection: db().connection,
      logger: createLogger('silent'),
      pollIntervalMs: 100,
      lockLifetimeMs: 60_000,
      workerName,
    });
    schedulers.push(created);
    return created;
  };
  // Stopped after each test, before the database connection closes: the driver would reopen it.
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()));
  });

  it('runs a job asked for now, with its data', async () => {
    const seen: unknown[] = [];
    const jobs = scheduler('a');
    jobs.define('note', (data) => {
      seen.push(data);
      return Promise.resolve();
    });
    await jobs.start();
    await jobs.now('note', { campaignId: 'c1' });
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([{ campaignId: 'c1' }]);
  });

  it('keeps one pending run per unique key when a job is scheduled twice', async () => {
    const jobs = scheduler('b');
    jobs.define('remind', () => Promise.resolve());
    const later = new Date(Date.now() + 3_600_000);
    await jobs.at(later, 'remind', { incidentId: 'i1', hours: 24 }, { incidentId: 'i1', hours: 24 });
    await jobs.at(later, 'remind', { incidentId: 'i1', hours: 24 }, { incidentId: 'i1', hours: 24 });
    await jobs.at(later, 'remind', { incidentId: 'i1', hours: 48 }, { incidentId: 'i1', hours: 48 });
    expect(await db().connection.db!.collection('jobs').countDocuments({ name: 'remind' })).toBe(2);
    expect(await jobs.cancel('remind', { incidentId: 'i1', hours: 24 })).toBe(1);
    expect(await db().connection.db!.collection('jobs').countDocuments({ name: 'remind' })).toBe(1);
  });

  it('runs each of 40 jobs exactly once across two workers', async () => {
    const runs = new Map<number, number>();
    const workers = [scheduler('w1'), scheduler('w2')];
    for (const worker of workers) {
      worker.define<{ n: number }>(
        'count',
        async (data) => {
          runs.set(data.n, (runs.get(data.n) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, 5));
        },
        { concurrency: 5 },
      );
    }
    await Promise.all(workers.map((w) => w.start()));
    await Promise.all(Array.from({ length: 40 }, (_, n) => workers[n % 2]!.now('count', { n })));
    await waitFor(() => runs.size === 40);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  }, 180_000);

  it('never has a second look for due jobs in flight while the database is slower than the interval', async () => {
    // Every look asks for each job name's next due job; here each answer takes 300 ms while looks
    // are due every 20 ms. Counted at the driver, whatever the machine's speed: without the guard
    // dozens pile up within the second.
    const collection = db().connection.db!.collection('jobs');
    const proto = Object.getPrototypeOf(collection) as {
      findOneAndUpdate: (...args: unknown[]) => Promise<unknown>;
    };
    const original = proto.findOneAndUpdate;
    let inFlight = 0;
    let most = 0;
    proto.findOneAndUpdate = async function (this: { collectionName: string }, ...args: unknown[]) {
      if (this.collectionName !== 'jobs') return original.apply(this, args);
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return await original.apply(this, args);
      } finally {
        inFlight -= 1;
      }
    };
    try {
      const jobs = createScheduler({
        connection: db().connection,
        logger: createLogger('silent'),
        pollIntervalMs: 20,
        lockLifetimeMs: 60_000,
        workerName: 'slow',
      });
      schedulers.push(jobs);
      const names = ['first', 'second', 'third'];
      for (const name of names) jobs.define(name, () => Promise.resolve());
      await jobs.start();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // The look agenda starts on its own at start-up, and at most one more.
      expect(most).toBeGreaterThan(0);
      expect(most).toBeLessThanOrEqual(2 * names.length);
    } finally {
      proto.findOneAndUpdate = original;
    }
  });
  /** A job body that waits until released, and says when it started. */
  const held = () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const state = { started: 0, release, run: () => ((state.started += 1), released) };
    return state;
  };
  const stored = (name: string) => db().connection.db!.collection('jobs').findOne({ name });

  it('runs the recurring jobs due at start one after another, while other jobs still run', async () => {
    const jobs = scheduler('start-up');
    const daily = { first: held(), second: held() };
    let probed = 0;
    for (const [name, body] of Object.entries(daily)) jobs.define(name, () => body.run());
    jobs.define('probe', () => Promise.resolve(void (probed += 1)));
    await jobs.every('1 day', 'first');
    await jobs.every('1 day', 'second');
    await jobs.start();
    try {
      // Both are due and both are handed to this worker (locked); one runs, the other waits its turn.
      await waitFor(async () =>
        Boolean((await stored('first'))?.lockedAt && (await stored('second'))?.lockedAt),
      );
      await jobs.now('probe', {});
      await waitFor(() => probed === 1);
      const [running, waiting] =
        daily.first.started === 1 ? [daily.first, daily.second] : [daily.second, daily.first];
      expect([running.started, waiting.started]).toEqual([1, 0]);
      running.release();
      await waitFor(() => waiting.started === 1);
    } finally {
      daily.first.release();
      daily.second.release();
    }
  });

  it('does not run at start a recurring job that ran within its interval, and keeps its record', async () => {
    const hour = 3_600_000;
    const ranAt = new Date(Date.now() - hour);
    const nextAt = new Date(Date.now() + 23 * hour);
    await db().connection.db!.collection('jobs').insertOne({
      name: 'ran-today',
      type: 'single',
      data: {},
      priority: 0,
      repeatInterval: '1 day',
      nextRunAt: nextAt,
      lastRunAt: ranAt,
      lastFinishedAt: ranAt,
      lockedAt: null,
    });
    const jobs = scheduler('restarted');
    let ranToday = 0;
    let due = 0;
    jobs.define('ran-today', () => Promise.resolve(void (ranToday += 1)));
    jobs.define('due', () => Promise.resolve(void (due += 1)));
    await jobs.every('1 day', 'ran-today');
    await jobs.every('1 day', 'due');
    await jobs.start();
    // The job never scheduled before runs at once; by then agenda has looked at both.
    await waitFor(async () => due === 1 && Boolean((await stored('due'))?.lastFinishedAt));
    expect(ranToday).toBe(0);
    expect(await stored('ran-today')).toMatchObject({
      nextRunAt: nextAt,
      lastRunAt: ranAt,
      lastFinishedAt: ranAt,
    });
  });

  it('keeps one schedule when two instances start at once, and a starting instance does not unlock a running job', async () => {
    const body = held();
    const [a, b] = [scheduler('instance-a'), scheduler('instance-b')];
    for (const jobs of [a, b]) jobs.define('nightly', () => body.run());
    await Promise.all([a.every('1 day', 'nightly'), b.every('1 day', 'nightly')]);
    expect(await db().connection.db!.collection('jobs').countDocuments({ name: 'nightly' })).toBe(1);
    await a.start();
    try {
      await waitFor(() => body.started === 1);
      const running = await stored('nightly');
      expect(running?.lockedAt).toBeTruthy();
      // A third instance starting now schedules the same job: the run in progress stays locked.
      const c = scheduler('instance-c');
      c.define('nightly', () => body.run());
      await c.every('1 day', 'nightly');
      expect(await stored('nightly')).toMatchObject({
        lockedAt: running!.lockedAt,
        lastRunAt: running!.lastRunAt,
      });
      expect(await db().connection.db!.collection('jobs').countDocuments({ name: 'nightly' })).toBe(1);
    } finally {
      body.release();
    }
  });
});
