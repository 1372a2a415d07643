import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import { anyOf, before, isSet, unset } from '../store/filters';
import type { JobControl } from '../jobs/scheduler';
import type { Logger } from '../logger';
import type { SendOutcome } from '../notifications/outcome';
import type { Policy, PolicyVersion } from '../policies';
import type { Models } from '../store/models';
import { recipientFields, type Recipient } from './audience';
import type { Campaign, Delivery, DeliveryStatus } from './model';
import type { PolicyCardSender } from './ports';
import { batchSize } from './queue';
import { nextReminderAt } from './schedule';

export interface SenderDeps {
  models: Pick<Models, 'Campaign' | 'Delivery' | 'SendBatch' | 'Person' | 'Policy' | 'PolicyVersion'>;
  cards: PolicyCardSender;
  logger: Logger;
  now: () => Date;
  /** Cards in flight at once; the messenger paces them at the tenant rate. */
  concurrency: number;
  /** How long a batch stays claimed without news from its worker before another may take it (a crash). */
  claimMs: number;
  /** The school's time zone, in which reminders fall due. */
  timeZone: string;
}

export const unreachable =
  'Conduct is not installed for this person in Teams yet, so the card could not be sent. It will go as soon as they are reachable.';

/** A claimed batch, and how many of its cards are still to be answered. */
interface Held {
  id: Types.ObjectId;
  remaining: number;
}

interface Claimed {
  delivery: Delivery;
  person: Recipient | undefined;
  batch: Held;
}

/**
 * Sends every queued card of a campaign. A worker claims a send batch (see queue.ts) with one
 * conditional update on the small batch collection, so two workers never hold the same batch; it
 * sends only the cards that batch owns, writes each result the moment its card is answered, by id
 * alone, and deletes the batch when every card in it is answered. A worker that dies leaves only
 * its claimed batches, which lapse and are sent by the next worker; a live one keeps its claims fresh.
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
  const held = new Map<string, Held>();
  let claiming: Promise<void> | undefined;
  let exhausted = false;
  let answered = 0;

  // The next batch is claimed while the last half of this one is still being sent, so the lanes
  // never wait for the database between batches.
  const refill = (): Promise<void> =>
    (claiming ??= claimBatch(deps, campaignId, worker)
      .then((claimed) => {
        if (claimed === undefined) exhausted = true;
        else queue.push(...claimed);
        const batch = claimed?.[0]?.batch;
        if (batch) held.set(batch.id.toString(), batch);
      })
      .finally(() => {
        claiming = undefined;
      }));
  const next = async (): Promise<Claimed | undefined> => {
    while (queue.length === 0 && !exhausted && !control.signal.aborted) await refill();
    if (queue.length < batchSize / 2 && !exhausted && !control.signal.aborted) {
      // A failed prefetch is tried again, and reported, by the lane that next finds the queue empty.
      refill().catch(() => undefined);
    }
    return control.signal.aborted ? undefined : queue.shift();
  };
  const lane = async (): Promise<void> => {
    for (let item = await next(); item; item = await next()) {
      await deliver(deps, { policy, version, campaign }, item);
      answered += 1;
      item.batch.remaining -= 1;
      if (item.batch.remaining === 0) {
        held.delete(item.batch.id.toString());
        await deps.models.SendBatch.deleteOne({ _id: item.batch.id, claimedBy: worker });
      }
    }
  };
  // Claims are renewed on a clock, so a worker slowed down (a busy database, Teams throttling) keeps
  // its batches; only one that has stopped altogether lets them lapse.
  const renewing = setInterval(() => {
    renewClaims(
      deps,
      worker,
      [...held.values()].map((batch) => batch.id),
    ).catch((error: unknown) => deps.logger.warn({ err: error }, 'send batch claims not renewed'));
  }, deps.claimMs / 3);
  try {
    await Promise.all(Array.from({ length: deps.concurrency }, lane));
  } finally {
    clearInterval(renewing);
  }
  if (answered > 0) {
    deps.logger.info({ campaignId: campaignId.toString(), cards: answered }, 'campaign cards sent');
  }
  // Stopped early (the app is shutting down): every card in flight has been answered, so the
  // batches still held go back to the queue at once rather than when their claims lapse.
  await claiming?.catch(() => undefined);
  if (held.size > 0) {
    await deps.models.SendBatch.updateMany(
      { _id: anyOf([...held.values()].map((batch) => batch.id)), claimedBy: worker },
      { $unset: { claimedBy: 1, claimExpiresAt: 1 } },
    );
  }
}

/**
 * Claims the next batch of the campaign that nobody holds (or whose holder went quiet) and returns
 * its cards still to send, each marked "sending"; undefined when no batch is left.
 */
async function claimBatch(
  deps: SenderDeps,
  campaignId: Types.ObjectId,
  worker: string,
): Promise<Claimed[] | undefined> {
  const now = deps.now();
  const batch = await deps.models.SendBatch.findOneAndUpdate(
    {
      campaignId,
      $or: [{ claimedBy: unset() }, { claimExpiresAt: before(now) }],
    },
    { $set: { claimedBy: worker, claimExpiresAt: new Date(now.getTime() + deps.claimMs) } },
    { new: true, lean: true },
  );
  if (!batch) return undefined;
  // By id, one each: an index hit on every MongoDB, where a `$in` would make the embedded database
  // read every delivery (and every person) ever stored for each batch.
  const found = await Promise.all(
    batch.deliveryIds.map((id) => deps.models.Delivery.findById(id).lean<Delivery>()),
  );
  const owned = found.filter(
    (delivery): delivery is Delivery =>
      delivery !== null &&
      delivery.batchId?.equals(batch._id) === true &&
      (delivery.status === 'pending' || delivery.status === 'sending'),
  );
  if (owned.length === 0) {
    await deps.models.SendBatch.deleteOne({ _id: batch._id, claimedBy: worker });
    return [];
  }
  await deps.models.Delivery.bulkWrite(
    owned.map((delivery) => ({
      updateOne: {
        filter: { _id: delivery._id },
        update: { $set: { status: 'sending' }, $inc: { attempts: 1 } },
      },
    })),
    { ordered: false },
  );
  const people = await Promise.all(
    owned.map((delivery) =>
      deps.models.Person.findById(delivery.personId).select(recipientFields).lean<Recipient>(),
    ),
  );
  const held: Held = { id: batch._id, remaining: owned.length };
  return owned.map((delivery, i) => ({
    delivery: { ...delivery, status: 'sending' as const, attempts: delivery.attempts + 1 },
    person: people[i] ?? undefined,
    batch: held,
  }));
}

/** Tells other workers this one is still sending its batches, so their claims do not lapse. */
async function renewClaims(deps: SenderDeps, worker: string, batches: Types.ObjectId[]): Promise<void> {
  if (batches.length === 0) return;
  await deps.models.SendBatch.updateMany(
    { _id: anyOf(batches), claimedBy: worker },
    { $set: { claimExpiresAt: new Date(deps.now().getTime() + deps.claimMs) } },
  );
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
  const byId = { _id: delivery._id };
  if (outcome === 'gone' || outcome === 'unreachable') {
    const reason = outcome === 'gone' ? 'This person has left the directory.' : unreachable;
    await deps.models.Delivery.updateOne(byId, {
      $set: { status: 'failed', lastError: reason },
    });
    return;
  }
  if (outcome.status === 'sent') {
    const sentAt = deps.now();
    await deps.models.Delivery.updateOne(byId, {
      $set: {
        status: 'sent',
        sentAt,
        nextReminderAt: nextReminderAt(
          sentAt,
          delivery.dueAt,
          0,
          context.campaign.reminderDays,
          deps.timeZone,
        ),
      },
      $unset: { lastError: 1 },
    });
    return;
  }
  await deps.models.Delivery.updateOne(byId, {
    $set: { status: outcome.status, lastError: outcome.error.slice(0, 500) },
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
): Promise<{ counts: Record<DeliveryStatus, number>; signed: number; total: number }> {
  const groups = await models.Delivery.aggregate<{ _id: DeliveryStatus; n: number }>([
    { $match: { campaignId } },
    { $group: { _id: '$status', n: { $sum: 1 } } },
  ]);
  const counts: Record<DeliveryStatus, number> = {
    pending: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    blocked: 0,
    withdrawn: 0,
  };
  for (const group of groups) counts[group._id] = group.n;
  const signed = await models.Delivery.countDocuments({ campaignId, signedAt: isSet() });
  return { counts, signed, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}
