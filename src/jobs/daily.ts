import type { JobScheduler } from './scheduler';

/**
 * Defines a daily job over the whole database and schedules it: one run at a time across instances,
 * its lock held for half an hour, so that a long run is not taken over as if its worker had died.
 */
export async function scheduleDaily(
  scheduler: Pick<JobScheduler, 'define' | 'every'>,
  name: string,
  run: () => Promise<unknown>,
): Promise<void> {
  scheduler.define(
    name,
    async () => {
      await run();
    },
    { concurrency: 1, lockLifetimeMs: 30 * 60_000 },
  );
  await scheduler.every('1 day', name);
}
