import type { JobScheduler } from '../jobs/scheduler';
import type { Directory } from './module';

/** The job that syncs the directory from Entra and then reaches whoever is new. */
export const directorySyncJob = 'directory.sync';

/**
 * Registers the directory job and, unless the interval is 0 or Graph is not configured, runs it
 * every `intervalMinutes` (the first run straight away on a new database; a restart keeps the
 * stored schedule). One run at a time across all instances.
 */
export async function scheduleDirectorySync(
  scheduler: Pick<JobScheduler, 'define' | 'every'>,
  directory: Pick<Directory, 'graphConfigured' | 'runScheduledSync'>,
  intervalMinutes: number,
): Promise<boolean> {
  scheduler.define(
    directorySyncJob,
    async () => {
      await directory.runScheduledSync();
    },
    // A first run in a large trust installs the app for everyone, at most 30 a second: allow an hour.
    { concurrency: 1, lockLifetimeMs: 60 * 60_000 },
  );
  if (intervalMinutes === 0 || !directory.graphConfigured) return false;
  await scheduler.every(`${intervalMinutes} minutes`, directorySyncJob);
  return true;
}
