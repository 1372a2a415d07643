import { z } from 'zod';
import { idText, parseInput } from '../shared/input';
import type { Route } from '../http/server';
import type { Models } from '../store/models';
import { policyManagers, policyReaders } from './access';
import { importBody, maxImportBytes, tooLarge } from './import';
import {
  importQueryInput,
  newPolicyInput,
  newVersionInput,
  pageQueryInput,
  policyChangesInput,
  versionChangesInput,
} from './input';
import { createPolicy, getPolicy, listPolicies, updatePolicy } from './library';
import { publishPolicyVersion, type StartCampaign } from './publish';
import { addVersion, getVersion, previewVersion, reviseDraft, type RenderCard } from './versions';

export interface PolicyRouteDeps {
  readonly models: Models;
  /** Starts the campaign of a just-published version (the campaigns capability). */
  readonly startCampaign: StartCampaign;
  /** Builds a version's Adaptive Card (the bot's pure card builder), for the preview. */
  readonly renderCard: RenderCard;
}

const policyParams = z.object({ policyId: idText });
const versionParams = z.object({ policyId: idText, versionId: idText });

/** The REST API of the policy library, which the tab's policy pages use. */
export function policyRoutes(deps: PolicyRouteDeps): Route[] {
  const { models } = deps;
  const managers = { roles: policyManagers };
  const readers = { roles: policyReaders };
  return [
    {
      method: 'get',
      path: '/api/policies',
      access: readers,
      reply: async ({ actor, query }) => ({
        status: 200,
        body: await listPolicies(models, actor, parseInput(pageQueryInput, query), new Date()),
      }),
    },
    {
      method: 'post',
      path: '/api/policies',
      access: managers,
      reply: async ({ actor, body }) => ({
        status: 201,
        body: await createPolicy(models, actor, parseInput(newPolicyInput, body)),
      }),
    },
    {
      method: 'get',
      path: '/api/policies/:policyId',
      access: readers,
      reply: async ({ actor, params }) => {
        const { policyId } = parseInput(policyParams, params);
        return { status: 200, body: await getPolicy(models, actor, policyId, new Date()) };
      },
    },
    {
      method: 'patch',
      path: '/api/policies/:policyId',
      access: managers,
      reply: async ({ actor, params, body }) => {
        const { policyId } = parseInput(policyParams, params);
        const changes = parseInput(policyChangesInput, body);
        return { status: 200, body: await updatePolicy(models, actor, policyId, changes) };
      },
    },
    {
      method: 'post',
      path: '/api/policies/:policyId/versions',
      access: managers,
      reply: async ({ actor, params, body }) => {
        const { policyId } = parseInput(policyParams, params);
        const input = parseInput(newVersionInput, body);
        return { status: 201, body: await addVersion(models, actor, policyId, input) };
      },
    },
    {
      method: 'get',
      path: '/api/policies/:policyId/versions/:versionId',
      // Anyone signed in: the use case shows them a published version of a policy that applies to them.
      access: 'signed-in',
      reply: async ({ actor, params }) => {
        const { policyId, versionId } = parseInput(versionParams, params);
        return { status: 200, body: await getVersion(models, actor, policyId, versionId) };
      },
    },
    {
      method: 'patch',
      path: '/api/policies/:policyId/versions/:versionId',
      access: managers,
      reply: async ({ actor, params, body }) => {
        const { policyId, versionId } = parseInput(versionParams, params);
        const changes = parseInput(versionChangesInput, body);
        return { status: 200, body: await reviseDraft(models, actor, policyId, versionId, changes) };
      },
    },
    {
      method: 'get',
      path: '/api/policies/:policyId/versions/:versionId/preview',
      access: readers,
      reply: async ({ actor, params }) => {
        const { policyId, versionId } = parseInput(versionParams, params);
        return {
          status: 200,
          body: await previewVersion(models, deps.renderCard, actor, policyId, versionId),
        };
      },
    },
    {
      method: 'post',
      path: '/api/policies/:policyId/versions/:versionId/publish',
      access: managers,
      reply: async ({ actor, params, log }) => {
        const { policyId, versionId } = parseInput(versionParams, params);
        return { status: 200, body: await publishPolicyVersion(deps, actor, policyId, versionId, log) };
      },
    },
    {
      method: 'post',
      path: '/api/policy-imports',
      access: managers,
      upload: { maxBytes: maxImportBytes, tooLarge },
      receive: async ({ query, body, contentType }) => {
        const { filename } = parseInput(importQueryInput, query);
        return { status: 200, body: await importBody({ bytes: body, contentType, filename }) };
      },
    },
  ];
}
