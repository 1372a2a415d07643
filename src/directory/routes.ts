import { AppError } from '../errors';
import { route, type ContractRoute } from '../http/define';
import type { Models } from '../store/models';
import type { DirectoryGraph } from './graph-client';
import { directoryContracts as api } from './contract';
import { listReachFailures, searchPeople } from './people';
import { reachPeople, type ReachDeps } from './reach';
import { grantRole, listRoleAssignments, revokeRole } from './roles';
import { createSchool, listSchools, updateSchool } from './schools';
import { syncDirectory } from './sync';

export interface DirectoryRouteDeps {
  readonly models: Models;
  /** Undefined when Graph is not configured (no app credentials): sync and reach then answer 503. */
  readonly graph: DirectoryGraph | undefined;
  /** Conduct's app id, whose Entra app roles seed trust-wide roles. */
  readonly appId: string | undefined;
  readonly reach: Pick<ReachDeps, 'teamsAppCatalogId' | 'botServiceUrl' | 'botAppId'>;
}

/** The REST API of the directory: people, reaching them, schools and roles. */
export function directoryRoutes(deps: DirectoryRouteDeps): ContractRoute[] {
  const { models } = deps;
  const graph = (): DirectoryGraph => {
    if (deps.graph) return deps.graph;
    throw new AppError(
      'unavailable',
      'Microsoft Graph is not set up on this server (MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TENANT_ID).',
    );
  };
  return [
    route(api.sync, {
      reply: async ({ actor }) => {
        const report = await syncDirectory({ models, graph: graph(), appId: deps.appId }, actor.tenantId, {
          actorId: actor.personId,
        });
        return { status: 200, body: report };
      },
    }),
    route(api.reach, {
      reply: async ({ actor, body }) => {
        const report = await reachPeople({ models, graph: graph(), ...deps.reach }, actor.tenantId, {
          actorId: actor.personId,
          limit: body.limit,
        });
        return { status: 200, body: report };
      },
    }),
    route(api.people, {
      reply: async ({ actor, query }) => ({
        status: 200,
        body: await searchPeople(models, actor, query),
      }),
    }),
    route(api.reachFailures, {
      reply: async ({ actor, query }) => ({
        status: 200,
        body: await listReachFailures(models, actor, query),
      }),
    }),
    route(api.schools, {
      reply: async ({ actor }) => ({
        status: 200,
        body: { items: await listSchools(models, actor.tenantId) },
      }),
    }),
    route(api.createSchool, {
      reply: async ({ actor, body }) => ({
        status: 201,
        body: await createSchool(models, actor, body),
      }),
    }),
    route(api.updateSchool, {
      reply: async ({ actor, params, body }) => {
        return { status: 200, body: await updateSchool(models, actor, params.id, body) };
      },
    }),
    route(api.roles, {
      reply: async ({ actor }) => ({
        status: 200,
        body: { items: await listRoleAssignments(models, actor) },
      }),
    }),
    route(api.grantRole, {
      reply: async ({ actor, body }) => ({
        status: 201,
        body: await grantRole(models, actor, body),
      }),
    }),
    route(api.revokeRole, {
      reply: async ({ actor, params }) => {
        await revokeRole(models, actor, params.id);
        return { status: 204 };
      },
    }),
  ];
}
