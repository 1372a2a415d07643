import { z } from 'zod';
import { AppError } from '../errors';
import type { ApiRoute } from '../http/server';
import type { Models } from '../store/models';
import type { DirectoryGraph } from './graph-client';
import { idText, parseInput } from '../shared/input';
import {
  directoryReaders,
  listReachFailures,
  peopleQueryInput,
  reachFailuresQueryInput,
  reachOverseers,
  searchPeople,
} from './people';
import { reachPeople, type ReachDeps } from './reach';
import { grantRole, listRoleAssignments, revokeRole, roleGrantInput } from './roles';
import { createSchool, listSchools, newSchoolInput, schoolChangesInput, updateSchool } from './schools';
import { syncDirectory } from './sync';

export interface DirectoryRouteDeps {
  readonly models: Models;
  /** Undefined when Graph is not configured (no app credentials): sync and reach then answer 503. */
  readonly graph: DirectoryGraph | undefined;
  /** Conduct's app id, whose Entra app roles seed trust-wide roles. */
  readonly appId: string | undefined;
  readonly reach: Pick<ReachDeps, 'teamsAppCatalogId' | 'botServiceUrl' | 'botAppId'>;
}

const idParams = z.object({ id: idText });
const reachInput = z.strictObject({ limit: z.number().int().min(1).max(2_000).default(200) });

/** The REST API of the directory: people, reaching them, schools and roles. */
export function directoryRoutes(deps: DirectoryRouteDeps): ApiRoute[] {
  const { models } = deps;
  const graph = (): DirectoryGraph => {
    if (deps.graph) return deps.graph;
    throw new AppError(
      'unavailable',
      'Microsoft Graph is not set up on this server (MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TENANT_ID).',
    );
  };
  return [
    {
      method: 'post',
      path: '/api/directory/sync',
      access: { roles: ['it_manager', 'trust_admin'] },
      reply: async ({ actor }) => {
        const report = await syncDirectory({ models, graph: graph(), appId: deps.appId }, actor.tenantId, {
          actorId: actor.personId,
        });
        return { status: 200, body: report };
      },
    },
    {
      method: 'post',
      path: '/api/directory/reach',
      access: { roles: ['it_manager', 'trust_admin'] },
      reply: async ({ actor, body }) => {
        const { limit } = parseInput(reachInput, body);
        const report = await reachPeople({ models, graph: graph(), ...deps.reach }, actor.tenantId, {
          actorId: actor.personId,
          limit,
        });
        return { status: 200, body: report };
      },
    },
    {
      method: 'get',
      path: '/api/directory/people',
      access: { roles: directoryReaders },
      reply: async ({ actor, query }) => ({
        status: 200,
        body: await searchPeople(models, actor, parseInput(peopleQueryInput, query)),
      }),
    },
    {
      method: 'get',
      path: '/api/directory/reach-failures',
      access: { roles: reachOverseers },
      reply: async ({ actor, query }) => ({
        status: 200,
        body: await listReachFailures(models, actor, parseInput(reachFailuresQueryInput, query)),
      }),
    },
    {
      method: 'get',
      path: '/api/schools',
      access: 'signed-in',
      reply: async ({ actor }) => ({
        status: 200,
        body: { items: await listSchools(models, actor.tenantId) },
      }),
    },
    {
      method: 'post',
      path: '/api/schools',
      access: { roles: ['trust_admin'] },
      reply: async ({ actor, body }) => ({
        status: 201,
        body: await createSchool(models, actor, parseInput(newSchoolInput, body)),
      }),
    },
    {
      method: 'patch',
      path: '/api/schools/:id',
      access: { roles: ['trust_admin'] },
      reply: async ({ actor, params, body }) => {
        const { id } = parseInput(idParams, params);
        const changes = parseInput(schoolChangesInput, body);
        return { status: 200, body: await updateSchool(models, actor, id, changes) };
      },
    },
    {
      method: 'get',
      path: '/api/roles',
      access: { roles: ['trust_admin'] },
      reply: async ({ actor }) => ({
        status: 200,
        body: { items: await listRoleAssignments(models, actor) },
      }),
    },
    {
      method: 'post',
      path: '/api/roles',
      access: { roles: ['trust_admin'] },
      reply: async ({ actor, body }) => ({
        status: 201,
        body: await grantRole(models, actor, parseInput(roleGrantInput, body)),
      }),
    },
    {
      method: 'del',
      path: '/api/roles/:id',
      access: { roles: ['trust_admin'] },
      reply: async ({ actor, params }) => {
        const { id } = parseInput(idParams, params);
        await revokeRole(models, actor, id);
        return { status: 204 };
      },
    },
  ];
}
