import { z } from 'zod';
import { AppError } from '../errors';
import { actorOf, type Route } from '../http/server';
import type { Models } from '../store/models';
import type { DirectoryGraph } from './graph-client';
import { idText, parseInput } from './input';
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
export function directoryRoutes(deps: DirectoryRouteDeps): Route[] {
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
      handle: async (_req, res, context) => {
        const actor = actorOf(context);
        const report = await syncDirectory({ models, graph: graph(), appId: deps.appId }, actor.tenantId, {
          actorId: actor.personId,
        });
        res.send(200, report);
      },
    },
    {
      method: 'post',
      path: '/api/directory/reach',
      access: { roles: ['it_manager', 'trust_admin'] },
      handle: async (req, res, context) => {
        const actor = actorOf(context);
        const { limit } = parseInput(reachInput, req.body);
        const report = await reachPeople({ models, graph: graph(), ...deps.reach }, actor.tenantId, {
          actorId: actor.personId,
          limit,
        });
        res.send(200, report);
      },
    },
    {
      method: 'get',
      path: '/api/directory/people',
      access: { roles: directoryReaders },
      handle: async (req, res, context) => {
        res.send(200, await searchPeople(models, actorOf(context), parseInput(peopleQueryInput, req.query)));
      },
    },
    {
      method: 'get',
      path: '/api/directory/reach-failures',
      access: { roles: reachOverseers },
      handle: async (req, res, context) => {
        const query = parseInput(reachFailuresQueryInput, req.query);
        res.send(200, await listReachFailures(models, actorOf(context), query));
      },
    },
    {
      method: 'get',
      path: '/api/schools',
      access: 'signed-in',
      handle: async (_req, res, context) => {
        res.send(200, { items: await listSchools(models, actorOf(context).tenantId) });
      },
    },
    {
      method: 'post',
      path: '/api/schools',
      access: { roles: ['trust_admin'] },
      handle: async (req, res, context) => {
        res.send(201, await createSchool(models, actorOf(context), parseInput(newSchoolInput, req.body)));
      },
    },
    {
      method: 'patch',
      path: '/api/schools/:id',
      access: { roles: ['trust_admin'] },
      handle: async (req, res, context) => {
        const { id } = parseInput(idParams, req.params);
        const changes = parseInput(schoolChangesInput, req.body);
        res.send(200, await updateSchool(models, actorOf(context), id, changes));
      },
    },
    {
      method: 'get',
      path: '/api/roles',
      access: { roles: ['trust_admin'] },
      handle: async (_req, res, context) => {
        res.send(200, { items: await listRoleAssignments(models, actorOf(context)) });
      },
    },
    {
      method: 'post',
      path: '/api/roles',
      access: { roles: ['trust_admin'] },
      handle: async (req, res, context) => {
        res.send(201, await grantRole(models, actorOf(context), parseInput(roleGrantInput, req.body)));
      },
    },
    {
      method: 'del',
      path: '/api/roles/:id',
      access: { roles: ['trust_admin'] },
      handle: async (req, res, context) => {
        const { id } = parseInput(idParams, req.params);
        await revokeRole(models, actorOf(context), id);
        res.send(204);
      },
    },
  ];
}
