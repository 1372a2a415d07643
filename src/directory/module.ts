import type { Config } from '../config';
import type { Route } from '../http/server';
import type { JobScheduler } from '../jobs/scheduler';
import type { Models } from '../store/models';
import { createSharedPacer } from '../store/rate-budget';
import { createDirectoryGraph, type DirectoryGraph } from './graph-client';
import { scheduleDirectorySync } from './jobs';
import { reachPeople, type ReachReport } from './reach';
import { directoryRoutes } from './routes';
import { syncDirectory, type DirectorySyncReport } from './sync';

/** The directory capability as the composition root and the scheduler see it. */
export interface Directory {
  readonly routes: readonly Route[];
  /** Whether Graph is configured; without it sync and reach are unavailable. */
  readonly graphConfigured: boolean;
  /** Syncs the configured tenant from Entra (the scheduler calls this on DIRECTORY_SYNC_INTERVAL_MINUTES). */
  syncConfiguredTenant(): Promise<DirectorySyncReport | undefined>;
  /** Installs Conduct for the configured tenant's people who cannot be reached yet. */
  reachConfiguredTenant(): Promise<ReachReport | undefined>;
  /**
   * The periodic job (every DIRECTORY_SYNC_INTERVAL_MINUTES): sync, then reach whoever is new.
   * Does nothing when Graph is not configured.
   */
  runScheduledSync(): Promise<{ sync?: DirectorySyncReport; reach?: ReachReport }>;
  /** Registers that job and runs it every DIRECTORY_SYNC_INTERVAL_MINUTES; call before jobs.start(). */
  schedule(): Promise<void>;
}

export interface DirectoryDeps {
  readonly config: Config;
  readonly models: Models;
  readonly jobs: Pick<JobScheduler, 'define' | 'every'>;
}

/** Builds the directory from the configuration: Graph through the bot's app registration. */
export function createDirectory({ config, models, jobs }: DirectoryDeps): Directory {
  const graph = graphFromConfig(config, models);
  const tenantId = config.bot.tenantId;
  const reach = {
    teamsAppCatalogId: config.directory.teamsAppCatalogId,
    botServiceUrl: config.directory.botServiceUrl,
    botAppId: config.bot.appId,
  };
  const syncConfiguredTenant = async (): Promise<DirectorySyncReport | undefined> =>
    graph && tenantId ? syncDirectory({ models, graph, appId: config.bot.appId }, tenantId) : undefined;
  const reachConfiguredTenant = async (): Promise<ReachReport | undefined> =>
    graph && tenantId && reach.teamsAppCatalogId
      ? reachPeople({ models, graph, ...reach }, tenantId)
      : undefined;
  const directory: Directory = {
    routes: directoryRoutes({ models, graph, appId: config.bot.appId, reach }),
    graphConfigured: graph !== undefined,
    syncConfiguredTenant,
    reachConfiguredTenant,
    runScheduledSync: async () => {
      const sync = await syncConfiguredTenant();
      const reached = await reachConfiguredTenant();
      return { ...(sync ? { sync } : {}), ...(reached ? { reach: reached } : {}) };
    },
    schedule: async () => {
      await scheduleDirectorySync(jobs, directory, config.directory.syncIntervalMinutes);
    },
  };
  return directory;
}

function graphFromConfig(config: Config, models: Models): DirectoryGraph | undefined {
  const { appId, appPassword, tenantId } = config.bot;
  if (!appId || !appPassword || !tenantId) return undefined;
  return createDirectoryGraph({
    origin: config.graph.origin,
    version: config.graph.version,
    authorityHost: config.graph.authorityHost,
    tenantId,
    clientId: appId,
    clientSecret: appPassword,
    installRatePerSecond: config.directory.installRatePerSecond,
    installPacer: createSharedPacer({
      model: models.RateBudget,
      key: `graph-install:${tenantId}`,
      ratePerSecond: config.directory.installRatePerSecond,
    }),
  });
}
