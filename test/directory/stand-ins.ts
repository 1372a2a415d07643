import type { Pacer } from '../../src/store/rate-budget';
import { createDirectoryGraph, type DirectoryGraph } from '../../src/directory/graph-client';
import { startEntraStandIn, type EntraStandIn } from '../../scripts/standins/entra';
import { startGraphStandIn, type GraphData, type GraphStandIn } from '../../scripts/standins/graph';

export interface DirectoryStandIns {
  entra: EntraStandIn;
  graph: GraphStandIn;
  /** The real Graph client (msal-node + @microsoft/microsoft-graph-client) pointed at the stand-ins. */
  client: DirectoryGraph;
}

/** Starts Entra and Graph stand-ins for one test file; Graph accepts only tokens Entra issued for it. */
export function useDirectoryStandIns(
  data: Partial<GraphData>,
  options: { installRatePerSecond?: number } = {},
): () => DirectoryStandIns {
  let standIns: DirectoryStandIns | undefined;
  beforeAll(async () => {
    const entra = await startEntraStandIn();
    const graph = await startGraphStandIn({ data, verifyToken: entra.verifyAppToken });
    const client = graphClientFor(entra, graph, options.installRatePerSecond ?? 20);
    standIns = { entra, graph, client };
  });
  afterAll(async () => {
    await standIns?.graph.stop();
    await standIns?.entra.stop();
  });
  return () => {
    if (!standIns) throw new Error('the stand-ins are only ready inside tests');
    return standIns;
  };
}

/** A Graph client of its own (its own install rate limit) for the stand-ins. */
export function graphClientFor(
  entra: EntraStandIn,
  graph: GraphStandIn,
  installRatePerSecond: number,
  installPacer?: Pacer,
): DirectoryGraph {
  return createDirectoryGraph({
    origin: graph.origin,
    version: 'v1.0',
    authorityHost: entra.origin,
    tenantId: entra.tenantId,
    clientId: entra.clientId,
    clientSecret: entra.clientSecret,
    installRatePerSecond,
    ...(installPacer ? { installPacer } : {}),
  });
}

/** A Graph user with a predictable profile. */
export const graphUser = (id: string, name: string, extra: Partial<GraphData['users'][number]> = {}) => ({
  id,
  displayName: name,
  userPrincipalName: `${id}@trust.test`,
  mail: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@trust.test`,
  jobTitle: 'Teacher',
  department: 'Science',
  ...extra,
});
