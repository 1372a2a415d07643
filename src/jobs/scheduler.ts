import { createHash } from 'node:crypto';
import { Agenda, InMemoryNotificationChannel, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { ObjectId, type Db } from 'mongodb';
import type { Connection } from 'mongoose';
import type { Logger } from '../logger';

export interface JobOptions {
  /** How many of this job may run at once in this process. */
  concurrency?: number;
  /** How long a running job's lock holds before another worker may take it over. */
  lockLifetimeMs?: number;
}

/** What a running job gets. Its lock is kept alive for it while it runs (see define). */
export interface JobControl {
  /** Aborted when the process is shutting down: a long job should stop at the next safe point. */
  readonly signal: AbortSignal;
}

/**
 * The MongoDB-backed job scheduler (agenda). Jobs are stored in the `jobs` collection, so a restart
 * or a second instance picks up where the first stopped: a job whose worker died is taken over
 * when its lock lifetime runs out.
 */
export interface JobScheduler {
  define<T extends Record<string, unknown>>(
    name: string,
    run: (data: T, control: JobControl) => Promise<void>,
    options?: JobOptions,
  ): void;
  /** Runs the job now (or as soon as a worker is free). */
  now(name: string, data: Record<string, unknown>): Promise<void>;
  /** Runs the job at the given time; one pending job per `uniqueKey` (rescheduling replaces it). */
  at(
    when: Date,
    name: string,
    data: Record<string, unknown>,
    uniqueKey: Record<string, unknown>,
  ): Promise<void>;
  /**
   * Runs the job on an interval such as "5 minutes" or "1 day"; one schedule per name, shared by
   * every instance. A new schedule's first run is due at once; an existing one keeps when it runs
   * next (so a restart re-runs only what is due) and whoever holds it. Recurring jobs run one after
   * another in a process, so that at start-up they do not all reach the database at once.
   */
  every(interval: string, name: string): Promise<void>;
  /** Removes pending runs of the job whose data matches. */
  cancel(name: string, data: Record<string, unknown>): Promise<number>;
  start(): Promise<void>;
  /** Asks running jobs to stop, waits for them (up to the timeout), and unlocks whatever is left. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface SchedulerOptions {
  connection: Connection;
  logger: Logger;
  pollIntervalMs: number;
  lockLifetimeMs: number;
  /** Names this process by for lock ownership (e.g. host:pid). */
  workerName: string;
}

export function createScheduler(options: SchedulerOptions): JobScheduler {
  const db = options.connection.db;
  if (!db) throw new Error('the database connection is not open');
  const log = options.logger.child({ component: 'jobs' });
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: db, collection: 'jobs', ensureIndex: true }),
    name: options.workerName,
    processEvery: options.pollIntervalMs,
    defaultLockLifetime: options.lockLifetimeMs,
    // A job this process asks for now starts at once instead of at the next poll; jobs queued by
    // other processes, and those due later, are still found by polling.
    notificationChannel: new InMemoryNotificationChannel(),
  });
  const shutdown = new AbortController();
  const recurring = new Set<string>();
  const inTurn = oneAfterAnother();
  agenda.on('error', (error) => log.error({ err: error }, 'job scheduler error'));
  agenda.on('fail', (error: Error | string, job: { attrs?: { name?: string } }) => {
    log.error({ err: error, job: job.attrs?.name }, 'job failed');
  });

  return {
    define: (name, run, jobOptions = {}) => {
      agenda.define(
        name,
        async (job: Job<Record<string, unknown>>) => {
          const data = (job.attrs.data ?? {}) as Parameters<typeof run>[0];
          // The lock is renewed on a clock, not by the job's progress: a job slowed by a busy
          // database or a throttled API is still alive and must not be cancelled or run twice.
          const lifetime = jobOptions.lockLifetimeMs ?? options.lockLifetimeMs;
          const renewing = setInterval(() => {
            job
              .touch()
              .catch((error: unknown) => log.warn({ err: error, job: name }, 'job lock not renewed'));
          }, lifetime / 3);
          const started = Date.now();
          log.debug({ job: name, jobId: String(job.attrs._id) }, 'job started');
          try {
            if (!recurring.has(name)) await run(data, { signal: shutdown.signal });
            else
              await inTurn(async () => {
                // Stopping before its turn came: left due, for the next instance to run.
                if (shutdown.signal.aborted) job.attrs.nextRunAt = new Date();
                else await run(data, { signal: shutdown.signal });
              });
          } finally {
            clearInterval(renewing);
            log.debug({ job: name, jobId: String(job.attrs._id), ms: Date.now() - started }, 'job ended');
          }
        },
        {
          ...(jobOptions.concurrency ? { concurrency: jobOptions.concurrency } : {}),
          ...(jobOptions.lockLifetimeMs ? { lockLifetime: jobOptions.lockLifetimeMs } : {}),
        },
      );
    },
    now: async (name, data) => {
      await agenda.now(name, data);
    },
    at: async (when, name, data, uniqueKey) => {
      const job = agenda.create(name, data);
      job.unique(Object.fromEntries(Object.entries(uniqueKey).map(([key, value]) => [`data.${key}`, value])));
      job.schedule(when);
      await job.save();
    },
    every: async (interval, name) => {
      recurring.add(name);
      await scheduleRecurring(db, interval, name);
    },
    cancel: (name, data) =>
      agenda.cancel({
        name,
        data,
      }),
    start: async () => {
      await agenda.start();
      oneScanAtATime(agenda, log);
    },
    stop: async (timeoutMs = 15_000) => {
      shutdown.abort();
      const drained = await agenda.drain({ timeout: timeoutMs });
      if (drained.timedOut) await agenda.stop();
    },
  };
}

/** A queue of tasks run one at a time, in the order they were queued; a failure does not stop the rest. */
function oneAfterAnother(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const turn = last.then(task);
    last = turn.catch(() => undefined);
    return turn;
  };
}

const unitMs: Record<string, number> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/** "10 minutes", "1 day": the intervals Conduct's recurring jobs are given. */
export function intervalMs(interval: string): number {
  const match = /^\s*(\d+)\s*(second|minute|hour|day|week)s?\s*$/.exec(interval);
  if (!match) throw new Error(`not an interval: ${interval}`);
  return Number(match[1]) * unitMs[match[2]!]!;
}

/**
 * Writes a recurring job's schedule without agenda's `every`, which on each start sets the stored
 * job's `lastRunAt` and `lockedAt` back to null: a second instance starting while the first runs a
 * daily job would unlock it. A job already scheduled keeps its state; only its interval is set, and
 * a shortened interval brings its next run forward. A new one is inserted under an `_id` made from
 * its name, so two instances starting at once insert it once (the second insert is a duplicate key,
 * and MongoDB retries an upsert by `_id` as an update); agenda itself upserts by name and type,
 * which MongoDB can insert twice. Jobs stored by an older Conduct keep their own `_id`.
 */
async function scheduleRecurring(db: Db, interval: string, name: string): Promise<void> {
  const jobs = db.collection('jobs');
  const now = new Date();
  const existing = await jobs.findOne({ name, type: 'single' }, { projection: { _id: 1 } });
  if (existing) {
    await jobs.updateOne(
      { _id: existing._id },
      {
        $set: { repeatInterval: interval },
        $min: { nextRunAt: new Date(now.getTime() + intervalMs(interval)) },
      },
    );
    return;
  }
  const _id = new ObjectId(createHash('sha256').update(`conduct-job:${name}`).digest('hex').slice(0, 24));
  const inserted = jobs.updateOne(
    { _id },
    {
      $setOnInsert: {
        name,
        type: 'single',
        data: {},
        priority: 0,
        repeatInterval: interval,
        repeatTimezone: null,
        nextRunAt: now,
        lockedAt: null,
        lastRunAt: null,
        lastFinishedAt: null,
        failedAt: null,
        failCount: null,
        failReason: null,
        disabled: null,
      },
    },
    { upsert: true },
  );
  // Another instance inserted it first (a server that does not retry the upsert says so).
  await inserted.catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 11000) throw error;
  });
}

/**
 * agenda looks for due jobs on a plain interval, one query per job name each time, and starts the
 * next look even when the last has not been answered. On a database slower than the interval (the
 * embedded one on a busy machine, or a MongoDB in trouble) the looks pile up, each making the next
 * slower, until nothing else gets through (a campaign's cards stopped for minutes that way). So a
 * look that comes while the last is still waiting is skipped: the one in flight finds the same jobs.
 */
function oneScanAtATime(agenda: Agenda, log: Logger): void {
  const processor = (agenda as unknown as { jobProcessor?: { process?: () => Promise<void> } }).jobProcessor;
  const scan = processor?.process?.bind(processor);
  if (!processor || !scan) {
    log.warn('the job scheduler has changed shape: looks for due jobs may overlap on a slow database');
    return;
  }
  let scanning: Promise<void> | undefined;
  processor.process = () =>
    (scanning ??= scan().finally(() => {
      scanning = undefined;
    }));
}
