import { route, uploadRoute, type ContractRoute } from '../http/define';
import type { Models } from '../store/models';
import { policyContracts as api } from './contract';
import { importBody, maxImportBytes, tooLarge } from './import';
import { createPolicy, getPolicy, listPolicies, updatePolicy } from './library';
import { publishPolicyVersion, type StartCampaign } from './publish';
import type { ReviewRules } from './views';
import { addVersion, getVersion, previewVersion, reviseDraft, type RenderCard } from './versions';

export interface PolicyRouteDeps {
  readonly models: Models;
  /** Starts the campaign of a just-published version (the campaigns capability). */
  readonly startCampaign: StartCampaign;
  /** Builds a version's Adaptive Card (the bot's pure card builder), for the preview. */
  readonly renderCard: RenderCard;
  /** When policies count as due for review (default: 30 days ahead, in Europe/London). */
  readonly reviewRules?: ReviewRules;
}

/** The REST API of the policy library, which the tab's policy pages use. */
export function policyRoutes(deps: PolicyRouteDeps): ContractRoute[] {
  const { models } = deps;
  return [
    route(api.list, {
      reply: async ({ actor, query }) => ({
        status: 200,
        body: await listPolicies(models, actor, query, new Date(), deps.reviewRules),
      }),
    }),
    route(api.create, {
      reply: async ({ actor, body }) => ({
        status: 201,
        body: await createPolicy(models, actor, body),
      }),
    }),
    route(api.get, {
      reply: async ({ actor, params: { policyId } }) => {
        return { status: 200, body: await getPolicy(models, actor, policyId, new Date(), deps.reviewRules) };
      },
    }),
    route(api.update, {
      reply: async ({ actor, params: { policyId }, body }) => {
        return { status: 200, body: await updatePolicy(models, actor, policyId, body) };
      },
    }),
    route(api.addVersion, {
      reply: async ({ actor, params: { policyId }, body }) => {
        return { status: 201, body: await addVersion(models, actor, policyId, body) };
      },
    }),
    route(api.getVersion, {
      reply: async ({ actor, params: { policyId, versionId } }) => {
        return { status: 200, body: await getVersion(models, actor, policyId, versionId) };
      },
    }),
    route(api.reviseDraft, {
      reply: async ({ actor, params: { policyId, versionId }, body }) => {
        return { status: 200, body: await reviseDraft(models, actor, policyId, versionId, body) };
      },
    }),
    route(api.preview, {
      reply: async ({ actor, params: { policyId, versionId } }) => {
        return {
          status: 200,
          body: await previewVersion(models, deps.renderCard, actor, policyId, versionId),
        };
      },
    }),
    route(api.publish, {
      reply: async ({ actor, params: { policyId, versionId }, log }) => {
        return { status: 200, body: await publishPolicyVersion(deps, actor, policyId, versionId, log) };
      },
    }),
    uploadRoute(api.importText, {
      upload: { maxBytes: maxImportBytes, tooLarge },
      receive: async ({ query, body, contentType }) => {
        return {
          status: 200,
          body: await importBody({ bytes: body, contentType, filename: query.filename }),
        };
      },
    }),
  ];
}
