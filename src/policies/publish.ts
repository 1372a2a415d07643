import type { Logger } from 'pino';
import { hasCampaign } from '../campaigns';
import { type Actor, auditChange } from '../directory';
import { AppError, isAppError } from '../errors';
import type { Models } from '../store/models';
import { assertManages } from './access';
import { loadPolicy, type LibraryModels } from './library';
import type { Policy, PolicyVersion } from './model';
import { makeCurrent, publishVersion } from './store';
import { loadVersion, publishedAlready, versionSubject } from './versions';
import { versionView, type VersionView } from './views';

/**
 * Starts sending a just-published version to its audience (the campaigns capability). Idempotent:
 * one campaign per version, so calling it again for the same version answers the same campaign.
 */
export type StartCampaign = (input: {
  policy: Policy;
  version: PolicyVersion;
  actor: Actor;
}) => Promise<{ campaignId: string }>;

export interface PublishDeps {
  readonly models: LibraryModels & Pick<Models, 'Campaign'>;
  readonly startCampaign: StartCampaign;
}

/**
 * Publishes a draft (fixing its content hash) and starts its campaign. A published version whose
 * campaign never started (the start failed, or the server stopped in between) is finished by
 * publishing it again; one whose campaign exists, or that is no longer current, is refused.
 */
export async function publishPolicyVersion(
  deps: PublishDeps,
  actor: Actor,
  policyId: string,
  versionId: string,
  log: Pick<Logger, 'error'>,
): Promise<{ version: VersionView; campaignId: string }> {
  const { models } = deps;
  const policy = await loadPolicy(models, actor.tenantId, policyId);
  assertManages(actor, policy);
  const found = await loadVersion(models, policy, versionId);
  const version = found.status === 'draft' ? await publishDraft(models, actor, found) : found;
  if (found.status === 'published') await assertCampaignMissing(models, found);
  const current = await loadPolicy(models, actor.tenantId, policyId);
  try {
    const { campaignId } = await deps.startCampaign({ policy: current, version, actor });
    return { version: versionView(version, current), campaignId };
  } catch (error) {
    log.error({ err: error, policyVersionId: version._id.toString() }, 'campaign did not start');
    throw campaignNotStarted(version, error);
  }
}

async function publishDraft(
  models: LibraryModels,
  actor: Actor,
  draft: PolicyVersion,
): Promise<PolicyVersion> {
  const published = await publishVersion(models, draft._id, actor.personId, new Date());
  await auditChange(models, actor, 'policy_version.published', versionSubject(published), {
    policyId: published.policyId.toString(),
    contentHash: published.contentHash ?? null,
    material: published.material,
    acceptsSignaturesOf: published.acceptsSignaturesOf.map((id) => id.toString()).join(','),
  });
  return published;
}

/** A published version may only be published again to start a campaign it is missing. */
async function assertCampaignMissing(models: PublishDeps['models'], version: PolicyVersion): Promise<void> {
  if ((await hasCampaign(models, version._id)) || !(await makeCurrent(models, version)))
    throw publishedAlready(version);
}

function campaignNotStarted(version: PolicyVersion, cause: unknown): AppError {
  const reason = isAppError(cause) ? ` ${cause.message}` : '';
  return new AppError(
    isAppError(cause) && cause.status < 500 ? cause.code : 'unavailable',
    `Version ${version.label} is published, but sending it to people did not start.${reason} Publish it again to retry.`,
  );
}
