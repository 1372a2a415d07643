import type { Route } from '../http/server';
import { scheduleDaily } from '../jobs/daily';
import type { JobScheduler } from '../jobs/scheduler';
import type { Logger } from '../logger';
import type { Models } from '../store/models';
import { retentionJob, runRetention } from './dispose';
import { retentionRoutes } from './routes';
import { retentionStore } from './store';

/** The retention capability as the composition root sees it. */
export interface Retention {
  readonly routes: readonly Route[];
  /** Registers the daily retention run; call before jobs.start(). */
  schedule: () => Promise<void>;
}

export interface RetentionModuleDeps {
  readonly models: Models;
  readonly jobs: Pick<JobScheduler, 'define' | 'every'>;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** The retention schedule, legal holds and the daily job that disposes of what is due. */
export function createRetention(deps: RetentionModuleDeps): Retention {
  const use = { store: retentionStore(deps.models), models: deps.models, logger: deps.logger, now: deps.now };
  return {
    routes: retentionRoutes(use),
    schedule: () => scheduleDaily(deps.jobs, retentionJob, () => runRetention(use)),
  };
}
