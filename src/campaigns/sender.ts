import { randomUUID } from 'node:crypto';
import { trusted, type Types } from 'mongoose';
import type { JobControl } from '../jobs/scheduler';
import type { Logger } from '../logger';
import type { SendOutcome } from '../notifications/outcome';
import type { Policy, PolicyVersion } from '../policies/model';
import type { Models } from '../store/models';
import { recipientFields, type Recipient } from './audience';
import type { Campaign, Delivery } from './model';
import type { PolicyCardSender } from './ports';
import { nextReminderAt } from './schedule';

export interface SenderDeps {
  models: Pick<Models, 'Campaign' | 'Delivery' | 'Person' | 'Policy' | 'PolicyVersion'>;
  cards: PolicyCardSender;
  logger: Logger;
  now: () => Date;
  /** Cards in flight at once; the messenger paces them at the tenant rate. */
  concurrency: number;
  /** How long a claim holds before another worker may take the delivery over (a crash). */
  claimMs: number;
}

export const unreachable =
  'Conduct is not installed for this person in Teams yet, so the card could not be sent. It will go as soon as they are reachable.';

/**
 * Sends every pending card of a campaign. Each delivery is claimed with one atomic update before its
 * card goes, and marked with one atomic update after, so two workers never send the same card and a
 * worker that dies mid-campaign leaves only its few in-flight claims, which lapse and are retried.
 */
export async function sendCampaign(
  deps: SenderDeps,
  campaignId: Types.ObjectId,
  control: JobControl,
): Promise<void> {
  const campaign = await deps.models.Campaign.findById(campaignId).lean<Campaign>();
  if (!campaign || campaign.status !== 'running') return;
  const [policy, version] = await Promise.all([
    deps.models.Policy.findById(campaign.policyId).lean<Policy>(),
    deps.models.PolicyVersion.findById(campaign.policyVersionId).lean<PolicyVersion>(),
  ]);
  if (!policy || !version) return;
  const worker = randomUUID();
  let sinceKeepAlive = 0;
  const lane = async (): Promise<void> => {
    while (!control.signal.aborted) {
      const delivery = await claimNext(deps, campaignId, worker);
      if (!delivery) return;
      await deliver(deps, { policy, version, campaign }, delivery, worker);
      sinceKeepAlive += 1;
      if (sinceKeepAlive >= 20) {
        sinceKeepAlive = 0;
        await control.keepAlive();
      }
    }
  };
  await Promise.all(Array.from({ length: deps.concurrency }, lane));
}

async function claimNext(
  deps: SenderDeps,
  campaignId: Types.ObjectId,
  worker: string,
): Promise<Delivery | null> {
  const now = deps.now();
  return deps.models.Delivery.findOneAndUpdate(
    {
      campaignId,
      $or: [
        { status: 'pending', notBefore: trusted({ $exists: false }) },
        { status: 'pending', notBefore: trusted({ $lte: now }) },
        { status: 'sending', claimExpiresAt: trusted({ $lt: now }) },
      ],
    },
    {
      $set: { status: 'sending', claimedBy: worker, claimExpiresAt: new Date(now.getTime() + deps.claimMs) },
      $inc: { attempts: 1 },
    },
    { sort: { _id: 1 }, new: true, lean: true },
  );
}

async function deliver(
  deps: SenderDeps,
  context: { policy: Policy; version: PolicyVersion; campaign: Campaign },
  delivery: Delivery,
  worker: string,
): Promise<void> {
  const person = await deps.models.Person.findById(delivery.personId)
    .select(recipientFields)
    .lean<Recipient>();
  const outcome: SendOutcome | 'unreachable' | 'gone' = !person?.active
    ? 'gone'
    : !person.conversation
      ? 'unreachable'
      : await deps.cards.sendPolicyCard({ person, ...context, delivery, reminder: false });
  const mine = { _id: delivery._id, status: 'sending', claimedBy: worker };
  const release = { claimedBy: 1, claimExpiresAt: 1 };
  if (outcome === 'gone' || outcome === 'unreachable') {
    const reason = outcome === 'gone' ? 'This person has left the directory.' : unreachable;
    await deps.models.Delivery.updateOne(mine, {
      $set: { status: 'failed', lastError: reason },
      $unset: release,
    });
    return;
  }
  if (outcome.status === 'sent') {
    const sentAt = deps.now();
    await deps.models.Delivery.updateOne(mine, {
      $set: {
        status: 'sent',
        sentAt,
        ...(outcome.activityId ? { activityId: outcome.activityId } : {}),
        nextReminderAt: nextReminderAt(sentAt, delivery.dueAt, 0, context.campaign.reminderDays),
      },
      $unset: { ...release, lastError: 1 },
    });
    return;
  }
  await deps.models.Delivery.updateOne(mine, {
    $set: { status: outcome.status, lastError: outcome.error.slice(0, 500) },
    $unset: release,
  });
  deps.logger.warn(
    { deliveryId: delivery._id.toString(), status: outcome.status },
    'policy card not delivered',
  );
}

/** Counts of a campaign's deliveries by status, and how many have signed. */
export async function campaignProgress(
  models: Pick<Models, 'Delivery'>,
  campaignId: Types.ObjectId,
): Promise<{ counts: Record<string, number>; signed: number; total: number }> {
  const groups = await models.Delivery.aggregate<{ _id: string; n: number }>([
    { $match: { campaignId } },
    { $group: { _id: '$status', n: { $sum: 1 } } },
  ]);
  const counts: Record<string, number> = {
    pending: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    blocked: 0,
    withdrawn: 0,
  };
  for (const group of groups) counts[group._id] = group.n;
  const signed = await models.Delivery.countDocuments({ campaignId, signedAt: trusted({ $exists: true }) });
  return { counts, signed, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}
