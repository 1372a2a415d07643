import { loadConfig } from '../../src/config';
import type { ErrorBody } from '../../src/http/errors';
import { createLogger } from '../../src/logger';
import { startApp, type RunningApp } from '../../src/app';
import { openConnection } from '../../src/store/connection';
import type { Models } from '../../src/store/models';
import { registeredAppEnv } from '../support/conduct';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';
import { startEntraStandIn, type EntraStandIn } from '../../scripts/standins/entra';
import { startGraphStandIn, type GraphData, type GraphStandIn } from '../../scripts/standins/graph';

export const catalogAppId = 'catalog-app-conduct';

export interface ConductUnderTest {
  readonly app: RunningApp;
  readonly models: Models;
  readonly entra: EntraStandIn;
  readonly graph: GraphStandIn;
  readonly tenantId: string;
  readonly databaseName: string;
  /** Calls the API; `token` goes in the Authorization header as a bearer token. */
  call<T = unknown>(method: string, path: string, options?: CallOptions): Promise<Answer<T>>;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** An API answer as a test reads it: the success shape it expects, or the error body. */
export interface Answer<T> {
  status: number;
  body: T & Partial<ErrorBody>;
}

/**
 * The configuration of Conduct as production runs it, on the database `name`, talking to the local Graph.
 */
export function standInTestEnv(
  entra: EntraStandIn,
  graph: GraphStandIn,
  name: string,
): Record<string, string> {
  return {
    ...registeredAppEnv(entra, name),
    GRAPH_BASE_URL: graph.baseUrl,
    TEAMS_APP_CATALOG_ID: catalogAppId,
    // The tests sync on demand; a scheduled run at start-up would race them.
    DIRECTORY_SYNC_INTERVAL_MINUTES: '0',
  };
}

/**
 * The whole of Conduct (the composition root, startApp) on a database of its own, signed in
 * through a local Entra and talking to a local Graph, both over https.
 */
export function useConductWithStandIns(data: Partial<GraphData> = {}): () => ConductUnderTest {
  let running: ConductUnderTest | undefined;
  beforeAll(async () => {
    const entra = await startEntraStandIn();
    const graph = await startGraphStandIn({ data, verifyToken: entra.verifyAppToken });
    const name = uniqueDatabaseName();
    const config = loadConfig(standInTestEnv(entra, graph, name), process.cwd());
    const app = await startApp(config, createLogger('silent'));
    running = {
      app,
      models: app.models,
      entra,
      graph,
      tenantId: entra.tenantId,
      databaseName: name,
      call: async <T>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> => {
        const response = await fetch(`${app.url}${path}`, {
          method,
          headers: {
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...options.headers,
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
        });
        const text = await response.text();
        return { status: response.status, body: (text ? JSON.parse(text) : {}) as Answer<T>['body'] };
      },
    };
  });
  afterAll(async () => {
    if (!running) return;
    await running.app.stop();
    const cleanup = await openConnection(testDatabaseUri(), running.databaseName);
    await cleanup.dropDatabase();
    await cleanup.close();
    await running.graph.stop();
    await running.entra.stop();
  });
  return () => {
    if (!running) throw new Error('Conduct is only running inside tests');
    return running;
  };
}
