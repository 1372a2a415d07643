import type { Types } from 'mongoose';
import { anyOf, isSet, notEqual } from '../store/filters';
import { appendAuditEvent } from '../audit';
import type { Actor } from '../directory';
import type { JobScheduler } from '../jobs/scheduler';
import type { Policy, PolicyVersion } from '../policies';
import type { Models } from '../store/models';
import { eligiblePeople } from './audience';
import type { Campaign } from './model';
import { queueNewDeliveries } from './queue';

export const sendJob = 'campaign.send';

const dayMs = 86_400_000;

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
  const campaign = await deps.models.Campaign.findOneAndUpdate(
    { policyVersionId: input.version._id },
    {
      $setOnInsert: {
        tenantId: input.policy.tenantId,
        policyId: input.policy._id,
        status: 'running',
        startedBy: input.actor.personId,
        startedAt: now,
      },
    },
    { upsert: true, new: true, lean: true },
  );
  if (!campaign) throw new Error('campaign could not be created');
  await withdrawEarlierCampaigns(deps, input.policy._id, campaign._id, now);
  const created = await enrolAudience(deps, campaign, input.policy, input.version, now);
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

/** Adds a delivery for each eligible person who has none yet (new joiners too); returns how many. */
export async function enrolAudience(
  deps: Pick<CampaignDeps, 'models'>,
  campaign: Pick<Campaign, '_id' | 'tenantId'>,
  policy: Policy,
  version: PolicyVersion,
  now: Date,
): Promise<number> {
  const people = await eligiblePeople(deps.models, policy);
  const [existing, carried] = await Promise.all([
    deps.models.Delivery.find({ campaignId: campaign._id }).select({ personId: 1 }).lean(),
    signaturesStillValid(deps, version),
  ]);
  const skip = new Set([...existing.map((d) => d.personId.toString()), ...carried]);
  const dueAt = new Date(now.getTime() + version.dueDays * dayMs);
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

/** People who signed this version, or an earlier one whose signature still counts. */
async function signaturesStillValid(
  deps: Pick<CampaignDeps, 'models'>,
  version: PolicyVersion,
): Promise<string[]> {
  const versions: Types.ObjectId[] = [version._id, ...(version.acceptsSignaturesOf ?? [])];
  const signed = await deps.models.Acknowledgement.find({ policyVersionId: anyOf(versions) })
    .select({ personId: 1 })
    .lean();
  return signed.map((ack) => ack.personId.toString());
}

async function withdrawEarlierCampaigns(
  deps: Pick<CampaignDeps, 'models'>,
  policyId: Types.ObjectId,
  currentId: Types.ObjectId,
  now: Date,
): Promise<void> {
  const earlier = await deps.models.Campaign.find({
    policyId,
    status: 'running',
    _id: notEqual(currentId),
  })
    .select({ _id: 1 })
    .lean();
  for (const campaign of earlier) {
    await deps.models.Campaign.updateOne(
      { _id: campaign._id },
      { $set: { status: 'completed', completedAt: now } },
    );
    // Cards not yet out are withdrawn; a batch a worker holds now still goes, as with any card sent
    // the moment before a new version is published (it then offers the current version).
    await deps.models.SendBatch.deleteMany({ campaignId: campaign._id });
    await deps.models.Delivery.updateMany(
      { campaignId: campaign._id, status: anyOf(['pending', 'failed']) },
      { $set: { status: 'withdrawn', lastError: 'A newer version replaced this one before it was sent.' } },
    );
    await deps.models.Delivery.updateMany(
      { campaignId: campaign._id, nextReminderAt: isSet() },
      { $unset: { nextReminderAt: 1 } },
    );
  }
}
