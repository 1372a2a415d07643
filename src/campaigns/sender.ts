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

/** Deliveries claimed per round trip; the messenger paces the sends themselves. */
const batchSize = 50;

interface Claimed {
  delivery: Delivery;
  person: Recipient | undefined;
}

/**
 * Sends every pending card of a campaign. Deliveries are claimed in batches by one conditional
 * update (only still-pending ones, or ones whose claim lapsed, change hands), and each result is
 * written the moment its card is answered, by id alone — the cheapest write on every MongoDB — so a
 * worker that dies leaves only its in-flight claims, which lapse and are sent by the next worker.
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
  const queue: Claimed[] = [];
  let claiming: Promise<number> | undefined;
  let exhausted = false;
  let sinceKeepAlive = 0;

  const next = async (): Promise<Claimed | undefined> => {
    while (queue.length === 0 && !exhausted && !control.signal.aborted) {
      claiming ??= claimBatch(deps, campaignId, worker).then((claimed) => {
        queue.push(...claimed);
        if (claimed.length === 0) exhausted = true;
        return claimed.length;
      });
      await claiming.finally(() => {
        claiming = undefined;
      });
    }
    return control.signal.aborted ? undefined : queue.shift();
  };
  const lane = async (): Promise<void> => {
    for (let item = await next(); item; item = await next()) {
      await deliver(deps, { policy, version, campaign }, item);
      sinceKeepAlive += 1;
      if (sinceKeepAlive >= 20) {
        sinceKeepAlive = 0;
        await control.keepAlive();
      }
    }
  };
  await Promise.all(Array.from({ length: deps.concurrency }, lane));
}

async function claimBatch(deps: SenderDeps, campaignId: Types.ObjectId, worker: string): Promise<Claimed[]> {
  const now = deps.now();
  const claimable = {
    $or: [
      { status: 'pending', notBefore: trusted({ $exists: false }) },
      { status: 'pending', notBefore: trusted({ $lte: now }) },
      { status: 'sending', claimExpiresAt: trusted({ $lt: now }) },
    ],
  };
  const candidates = await deps.models.Delivery.find({ campaignId, ...claimable })
    .sort({ _id: 1 })
    .limit(batchSize)
    .select({ _id: 1 })
    .lean();
  if (candidates.length === 0) return [];
  const ids = candidates.map((c) => c._id);
  const claimExpiresAt = new Date(now.getTime() + deps.claimMs);
  await deps.models.Delivery.updateMany(
    { _id: trusted({ $in: ids }), ...claimable },
    { $set: { status: 'sending', claimedBy: worker, claimExpiresAt }, $inc: { attempts: 1 } },
  );
  const claimed = await deps.models.Delivery.find({
    _id: trusted({ $in: ids }),
    claimedBy: worker,
    status: 'sending',
  })
    .sort({ _id: 1 })
    .lean<Delivery[]>();
  const people = await deps.models.Person.find({ _id: trusted({ $in: claimed.map((d) => d.personId) }) })
    .select(recipientFields)
    .lean<Recipient[]>();
  const byId = new Map(people.map((person) => [person._id.toString(), person]));
  return claimed.map((delivery) => ({ delivery, person: byId.get(delivery.personId.toString()) }));
}

async function deliver(
  deps: SenderDeps,
  context: { policy: Policy; version: PolicyVersion; campaign: Campaign },
  { delivery, person }: Claimed,
): Promise<void> {
  const outcome: SendOutcome | 'unreachable' | 'gone' = !person?.active
    ? 'gone'
    : !person.conversation
      ? 'unreachable'
      : await deps.cards.sendPolicyCard({ person, ...context, delivery, reminder: false });
  const release = { claimedBy: 1, claimExpiresAt: 1 };
  const byId = { _id: delivery._id };
  if (outcome === 'gone' || outcome === 'unreachable') {
    const reason = outcome === 'gone' ? 'This person has left the directory.' : unreachable;
    await deps.models.Delivery.updateOne(byId, {
      $set: { status: 'failed', lastError: reason },
      $unset: release,
    });
    return;
  }
  if (outcome.status === 'sent') {
    const sentAt = deps.now();
    await deps.models.Delivery.updateOne(byId, {
      $set: {
        status: 'sent',
        sentAt,
        nextReminderAt: nextReminderAt(sentAt, delivery.dueAt, 0, context.campaign.reminderDays),
      },
      $unset: { ...release, lastError: 1 },
    });
    return;
  }
  await deps.models.Delivery.updateOne(byId, {
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
