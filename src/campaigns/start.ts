import { signersOf } from '../acknowledgements';
import { appendAuditEvent } from '../audit';
import { versionChanged } from '../shared/changes';
import type { Actor } from '../directory';
import type { JobScheduler } from '../jobs/scheduler';
import type { Policy, PolicyVersion } from '../policies';
import { dueDateAfter } from '../shared/time';
import type { Models } from '../store/models';
import { eligiblePeople } from './audience';
import type { Campaign } from './model';
import { completeEarlierCampaigns, enrolledPeople, openCampaign, queueNewDeliveries } from './store';

export const sendJob = 'campaign.send';

export interface CampaignDeps {
  models: Pick<
    Models,
    | 'Campaign'
    | 'Delivery'
    | 'SendBatch'
    | 'Person'
    | 'School'
    | 'Acknowledgement'
    | 'AuditEvent'
    | 'AuditHead'
    | 'Policy'
    | 'PolicyVersion'
  >;
  jobs: Pick<JobScheduler, 'now'>;
  now: () => Date;
  /** The school's time zone (TIME_ZONE): a due date is a calendar day there. */
  timeZone: string;
}

/**
 * Starts sending a published version: one campaign per version (a repeated start is harmless), one
 * delivery per person in its audience, then the worker is woken. Earlier campaigns of the policy
 * stop; their unsent cards are withdrawn. People whose signature of an earlier version still counts
 * (a non-material change) get no card.
 */
export async function startCampaign(
  deps: CampaignDeps,
  input: { policy: Policy; version: PolicyVersion; actor: Pick<Actor, 'personId'> },
): Promise<{ campaignId: string }> {
  const now = deps.now();
  const campaign = await openCampaign(deps.models, {
    tenantId: input.policy.tenantId,
    policyId: input.policy._id,
    policyVersionId: input.version._id,
    startedBy: input.actor.personId,
    startedAt: now,
  });
  await completeEarlierCampaigns(deps.models, input.policy._id, campaign._id, now);
  const created = await enrolAudience(deps, campaign, input.policy, input.version, now);
  await versionChanged(deps.models.Campaign, input.policy.tenantId, input.version._id);
  await appendAuditEvent(deps.models, {
    tenantId: input.policy.tenantId,
    actorId: input.actor.personId,
    action: 'campaign.started',
    subject: { kind: 'campaign', id: campaign._id.toString() },
    details: { policyVersionId: input.version._id.toString(), recipients: created },
    at: now,
  });
  await deps.jobs.now(sendJob, { campaignId: campaign._id.toString() });
  return { campaignId: campaign._id.toString() };
}

/**
 * Adds a delivery for each eligible person who has none yet (new joiners too); returns how many. Each
 * is due at the end of the day `dueDays` calendar days on, in the school's time zone.
 */
export async function enrolAudience(
  deps: Pick<CampaignDeps, 'models' | 'timeZone'>,
  campaign: Pick<Campaign, '_id' | 'tenantId'>,
  policy: Policy,
  version: PolicyVersion,
  now: Date,
): Promise<number> {
  const people = await eligiblePeople(deps.models, policy);
  const [existing, carried] = await Promise.all([
    enrolledPeople(deps.models, campaign._id),
    signersOf(deps.models, [version._id, ...(version.acceptsSignaturesOf ?? [])]),
  ]);
  const skip = new Set([...existing, ...carried]);
  const dueAt = dueDateAfter(now, version.dueDays, deps.timeZone);
  const fresh = people
    .filter((person) => !skip.has(person._id.toString()))
    .map((person) => ({
      tenantId: campaign.tenantId,
      campaignId: campaign._id,
      policyVersionId: version._id,
      personId: person._id,
      status: 'pending' as const,
      dueAt,
    }));
  if (fresh.length === 0) return 0;
  return queueNewDeliveries(deps.models, campaign, fresh);
}
