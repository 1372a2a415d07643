import { createLogger } from '../../src/logger';
import { createScheduler, type JobScheduler, type SchedulerOptions } from '../../src/jobs/scheduler';

/**
 * A job scheduler in the test process, queueing jobs as Conduct does: it polls five times a second
 * and holds a lock for ten seconds unless `options` says otherwise.
 */
export const testScheduler = (
  connection: SchedulerOptions['connection'],
  options: Partial<Pick<SchedulerOptions, 'lockLifetimeMs' | 'workerName'>> = {},
): JobScheduler =>
  createScheduler({
    connection,
    logger: createLogger('silent'),
    pollIntervalMs: 200,
    lockLifetimeMs: 10_000,
    workerName: 'test',
    ...options,
  });
