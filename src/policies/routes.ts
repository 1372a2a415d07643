import { z } from 'zod';
import { idText, parseInput } from '../directory/input';
import { actorOf, type Route } from '../http/server';
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
import { readUpload } from './upload';
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
      handle: async (req, res, context) => {
        const query = parseInput(pageQueryInput, req.query);
        res.send(200, await listPolicies(models, actorOf(context), query, new Date()));
      },
    },
    {
      method: 'post',
      path: '/api/policies',
      access: managers,
      handle: async (req, res, context) => {
        res.send(201, await createPolicy(models, actorOf(context), parseInput(newPolicyInput, req.body)));
      },
    },
    {
      method: 'get',
      path: '/api/policies/:policyId',
      access: readers,
      handle: async (req, res, context) => {
        const { policyId } = parseInput(policyParams, req.params);
        res.send(200, await getPolicy(models, actorOf(context), policyId, new Date()));
      },
    },
    {
      method: 'patch',
      path: '/api/policies/:policyId',
      access: managers,
      handle: async (req, res, context) => {
        const { policyId } = parseInput(policyParams, req.params);
        const changes = parseInput(policyChangesInput, req.body);
        res.send(200, await updatePolicy(models, actorOf(context), policyId, changes));
      },
    },
    {
      method: 'post',
      path: '/api/policies/:policyId/versions',
      access: managers,
      handle: async (req, res, context) => {
        const { policyId } = parseInput(policyParams, req.params);
        const input = parseInput(newVersionInput, req.body);
        res.send(201, await addVersion(models, actorOf(context), policyId, input));
      },
    },
    {
      method: 'get',
      path: '/api/policies/:policyId/versions/:versionId',
      // Anyone signed in: the use case shows them a published version of a policy that applies to them.
      access: 'signed-in',
      handle: async (req, res, context) => {
        const { policyId, versionId } = parseInput(versionParams, req.params);
        res.send(200, await getVersion(models, actorOf(context), policyId, versionId));
      },
    },
    {
      method: 'patch',
      path: '/api/policies/:policyId/versions/:versionId',
      access: managers,
      handle: async (req, res, context) => {
        const { policyId, versionId } = parseInput(versionParams, req.params);
        const changes = parseInput(versionChangesInput, req.body);
        res.send(200, await reviseDraft(models, actorOf(context), policyId, versionId, changes));
      },
    },
    {
      method: 'get',
      path: '/api/policies/:policyId/versions/:versionId/preview',
      access: readers,
      handle: async (req, res, context) => {
        const { policyId, versionId } = parseInput(versionParams, req.params);
        res.send(200, await previewVersion(models, deps.renderCard, actorOf(context), policyId, versionId));
      },
    },
    {
      method: 'post',
      path: '/api/policies/:policyId/versions/:versionId/publish',
      access: managers,
      handle: async (req, res, context) => {
        const { policyId, versionId } = parseInput(versionParams, req.params);
        const published = await publishPolicyVersion(
          deps,
          actorOf(context),
          policyId,
          versionId,
          context.log,
        );
        res.send(200, published);
      },
    },
    {
      method: 'post',
      path: '/api/policy-imports',
      access: managers,
      readsOwnBody: true,
      handle: async (req, res) => {
        const { filename } = parseInput(importQueryInput, req.query);
        const bytes = await readUpload(req, maxImportBytes, tooLarge);
        res.send(200, await importBody({ bytes, contentType: req.header('content-type'), filename }));
      },
    },
  ];
}
