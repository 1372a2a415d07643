// The campaigns' data: campaigns, their deliveries (one card per person) and the send batches
// workers claim. The only code that reads or writes those collections.
import { Types } from 'mongoose';
import { signatureCount, signaturesAmong } from '../acknowledgements';
import { anyOf, atOrBefore, before, isSet, notEqual, unset } from '../store/filters';
import type { Models } from '../store/models';
import type { Campaign, Delivery, DeliveryStatus, SendBatch } from './model';

type Campaigns = Pick<Models, 'Campaign'>;
type Deliveries = Pick<Models, 'Delivery'>;
type Batches = Pick<Models, 'SendBatch'>;

// Campaigns

/** A campaign of the tenant, or undefined. */
export async function findCampaign(
  models: Campaigns,
  tenantId: string,
  campaignId: Types.ObjectId | string,
): Promise<Campaign | undefined> {
  return (await models.Campaign.findOne({ _id: campaignId, tenantId }).lean<Campaign>()) ?? undefined;
}

/** A campaign by id, or undefined. */
export async function campaignById(
  models: Campaigns,
  campaignId: Types.ObjectId,
): Promise<Campaign | undefined> {
  return (await models.Campaign.findById(campaignId).lean<Campaign>()) ?? undefined;
}

/** Every campaign still sending and reminding. */
export function runningCampaignsOf(models: Campaigns): Promise<Campaign[]> {
  return models.Campaign.find({ status: 'running' }).lean<Campaign[]>();
}

/** The running campaign of a policy version, or undefined. */
export async function runningCampaignOf(
  models: Campaigns,
  policyVersionId: Types.ObjectId,
): Promise<Campaign | undefined> {
  return (
    (await models.Campaign.findOne({ policyVersionId, status: 'running' }).lean<Campaign>()) ?? undefined
  );
}

/** The version's campaign, created running unless it exists (one per version: a repeat is harmless). */
export async function openCampaign(
  models: Campaigns,
  fields: Pick<Campaign, 'tenantId' | 'policyId' | 'policyVersionId' | 'startedBy' | 'startedAt'>,
): Promise<Campaign> {
  const { policyVersionId, ...rest } = fields;
  const campaign = await models.Campaign.findOneAndUpdate(
    { policyVersionId },
    { $setOnInsert: { ...rest, status: 'running' } },
    { upsert: true, new: true, lean: true },
  );
  if (!campaign) throw new Error('campaign could not be created');
  return campaign;
}

/**
 * Stops the policy's other running campaigns: their unsent cards are withdrawn and nobody is
 * reminded of them any more. A batch a worker holds now still goes, as with any card sent the
 * moment before a new version is published (it then offers the current version).
 */
export async function completeEarlierCampaigns(
  models: Pick<Models, 'Campaign' | 'Delivery' | 'SendBatch'>,
  policyId: Types.ObjectId,
  currentId: Types.ObjectId,
  now: Date,
): Promise<void> {
  const earlier = await models.Campaign.find({ policyId, status: 'running', _id: notEqual(currentId) })
    .select({ _id: 1 })
    .lean<Pick<Campaign, '_id'>[]>();
  for (const campaign of earlier) {
    await models.Campaign.updateOne(
      { _id: campaign._id },
      { $set: { status: 'completed', completedAt: now } },
    );
    await models.SendBatch.deleteMany({ campaignId: campaign._id });
    await models.Delivery.updateMany(
      { campaignId: campaign._id, status: anyOf(['pending', 'failed']) },
      { $set: { status: 'withdrawn', lastError: 'A newer version replaced this one before it was sent.' } },
    );
    await models.Delivery.updateMany(
      { campaignId: campaign._id, nextReminderAt: isSet() },
      { $unset: { nextReminderAt: 1 } },
    );
  }
}

/** Claims today's overdue summary of a campaign; false when another worker already sent it today. */
export async function claimEscalationDay(
  models: Campaigns,
  campaignId: Types.ObjectId,
  day: string,
): Promise<boolean> {
  const claimed = await models.Campaign.updateOne(
    { _id: campaignId, escalatedOn: notEqual(day) },
    { $set: { escalatedOn: day } },
  );
  return claimed.modifiedCount === 1;
}

// Deliveries

/** The ids (as text) of the people who already have a delivery of the campaign. */
export async function enrolledPeople(models: Deliveries, campaignId: Types.ObjectId): Promise<string[]> {
  const existing = await models.Delivery.find({ campaignId })
    .select({ personId: 1 })
    .lean<Pick<Delivery, 'personId'>[]>();
  return existing.map((d) => d.personId.toString());
}

/** One page of a campaign's deliveries, oldest first, optionally in one state. */
export async function deliveryPage(
  models: Deliveries,
  campaignId: Types.ObjectId,
  status: DeliveryStatus | undefined,
  page: { page: number; pageSize: number },
): Promise<{ total: number; deliveries: Delivery[] }> {
  const filter = { campaignId, ...(status ? { status } : {}) };
  const [total, deliveries] = await Promise.all([
    models.Delivery.countDocuments(filter),
    models.Delivery.find(filter)
      .sort({ _id: 1 })
      .skip((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .lean<Delivery[]>(),
  ]);
  return { total, deliveries };
}

/** Cards sent and not signed whose next reminder is due (of the people named, if any; else all). */
export function deliveriesToRemind(
  models: Deliveries,
  campaignId: Types.ObjectId,
  select: { dueBy: Date } | { personIds: readonly Types.ObjectId[] | undefined },
): Promise<Delivery[]> {
  return models.Delivery.find({
    campaignId,
    status: 'sent',
    signedAt: unset(),
    ...('dueBy' in select
      ? { nextReminderAt: atOrBefore(select.dueBy) }
      : select.personIds
        ? { personId: anyOf(select.personIds) }
        : {}),
  }).lean<Delivery[]>();
}

/** Cards of a campaign past their due date and not signed, in any state but withdrawn. */
export function overdueDeliveries(
  models: Deliveries,
  campaignId: Types.ObjectId,
  now: Date,
): Promise<Delivery[]> {
  return models.Delivery.find({
    campaignId,
    dueAt: before(now),
    signedAt: unset(),
    status: anyOf(['sent', 'failed', 'blocked', 'pending']),
  }).lean<Delivery[]>();
}

/**
 * Claims a delivery's next reminder (one atomic update), so two workers never both send it: false
 * when another took it, or the person signed meanwhile.
 */
export async function claimReminder(
  models: Deliveries,
  delivery: Delivery,
  next: Date | undefined,
): Promise<boolean> {
  const claimed = await models.Delivery.updateOne(
    { _id: delivery._id, remindersSent: delivery.remindersSent, signedAt: unset() },
    { $set: { nextReminderAt: next }, $inc: { remindersSent: 1 } },
  );
  return claimed.modifiedCount === 1;
}

/** Records what became of a card: sent (with its next reminder), or why it did not go. */
export async function recordDeliveryOutcome(
  models: Deliveries,
  deliveryId: Types.ObjectId,
  outcome:
    | { status: 'sent'; sentAt: Date; nextReminderAt: Date | undefined }
    | { status?: 'failed' | 'blocked'; error: string },
): Promise<void> {
  await models.Delivery.updateOne(
    { _id: deliveryId },
    'sentAt' in outcome
      ? {
          $set: { status: 'sent', sentAt: outcome.sentAt, nextReminderAt: outcome.nextReminderAt },
          $unset: { lastError: 1 },
        }
      : {
          $set: {
            lastError: outcome.error.slice(0, 500),
            ...(outcome.status ? { status: outcome.status } : {}),
          },
        },
  );
}

/**
 * Of these deliveries, the ones whose person has not signed their version. Signing writes nothing to
 * deliveries (the acknowledgement is the one record of a signature, so a signature costs no write
 * here); the signers found now have their delivery marked signed, so that later reads of unsigned
 * deliveries leave them out without asking again.
 */
export async function withoutSigners(
  models: Pick<Models, 'Delivery' | 'Acknowledgement'>,
  deliveries: readonly Delivery[],
): Promise<Delivery[]> {
  const byVersion = new Map<string, Delivery[]>();
  for (const delivery of deliveries) {
    const key = delivery.policyVersionId.toString();
    const group = byVersion.get(key);
    if (group) group.push(delivery);
    else byVersion.set(key, [delivery]);
  }
  const unsigned: Delivery[] = [];
  for (const group of byVersion.values()) {
    const signed = await signaturesAmong(
      models,
      group[0]!.policyVersionId,
      group.map((d) => d.personId),
    );
    const marks = group.flatMap((d) => {
      const signedAt = signed.get(d.personId.toString());
      if (!signedAt) unsigned.push(d);
      return signedAt
        ? [
            {
              updateOne: {
                filter: { _id: d._id },
                update: { $set: { signedAt }, $unset: { nextReminderAt: 1 as const } },
              },
            },
          ]
        : [];
    });
    if (marks.length > 0) await models.Delivery.bulkWrite(marks, { ordered: false });
  }
  return unsigned;
}

/** Counts of a campaign's deliveries by status, and how many have signed its version. */
export async function campaignProgress(
  models: Pick<Models, 'Delivery' | 'Acknowledgement'>,
  { _id: campaignId, policyVersionId }: Pick<Campaign, '_id' | 'policyVersionId'>,
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
  const signed = await signatureCount(models, policyVersionId);
  return { counts, signed, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

// Send batches

/** Cards per send batch: what a worker claims in one round trip. */
export const batchSize = 50;

type QueueModels = Pick<Models, 'Delivery' | 'SendBatch'>;
type NewDelivery = Omit<
  Delivery,
  '_id' | 'batchId' | 'attempts' | 'remindersSent' | 'createdAt' | 'updatedAt'
>;

/**
 * Creates deliveries and queues their cards. Each batch is written before its deliveries, so a crash
 * in between leaves only a batch naming cards that do not exist (skipped by the worker), never a
 * card that waits with no batch to send it. Returns how many deliveries were created; a person a
 * concurrent enrolment reached first keeps that one (the unique index keeps one card each).
 */
export async function queueNewDeliveries(
  models: QueueModels,
  campaign: Pick<Campaign, '_id' | 'tenantId'>,
  fresh: readonly NewDelivery[],
): Promise<number> {
  let created = 0;
  for (const chunk of chunks(fresh)) {
    const batchId = new Types.ObjectId();
    const deliveries = chunk.map((delivery) => ({ ...delivery, _id: new Types.ObjectId(), batchId }));
    await models.SendBatch.create({
      _id: batchId,
      tenantId: campaign.tenantId,
      campaignId: campaign._id,
      deliveryIds: deliveries.map((d) => d._id),
    });
    try {
      created += (await models.Delivery.insertMany(deliveries, { ordered: false })).length;
    } catch (error) {
      if (!onlyDuplicates(error)) throw error;
      created += (error as { insertedDocs?: unknown[] }).insertedDocs?.length ?? 0;
    }
  }
  return created;
}

/** Puts a campaign's cards in the given states back in the queue (resending); returns how many. */
export async function requeueDeliveries(
  models: QueueModels,
  campaign: Pick<Campaign, '_id' | 'tenantId'>,
  status: readonly DeliveryStatus[],
): Promise<number> {
  const waiting = await models.Delivery.find({ campaignId: campaign._id, status: anyOf(status) })
    .select({ _id: 1 })
    .lean();
  let requeued = 0;
  for (const chunk of chunks(waiting.map((d) => d._id))) {
    const batch = await models.SendBatch.create({
      tenantId: campaign.tenantId,
      campaignId: campaign._id,
      deliveryIds: chunk,
    });
    // Only cards still in those states move: one sent or signed meanwhile stays as it is, and
    // since its batchId is not this batch's, the worker leaves it alone.
    const result = await models.Delivery.updateMany(
      { _id: anyOf(chunk), status: anyOf(status) },
      { $set: { status: 'pending', batchId: batch._id }, $unset: { lastError: 1 } },
    );
    requeued += result.modifiedCount;
  }
  return requeued;
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += batchSize) yield items.slice(i, i + batchSize);
}

function onlyDuplicates(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
  return (
    Array.isArray(writeErrors) &&
    writeErrors.length > 0 &&
    writeErrors.every((e) => (e.code ?? e.err?.code) === 11000)
  );
}

/**
 * Claims the next batch of the campaign that nobody holds (or whose holder went quiet), until
 * `until`; undefined when no batch is left.
 */
export async function claimSendBatch(
  models: Batches,
  campaignId: Types.ObjectId,
  worker: string,
  now: Date,
  until: Date,
): Promise<SendBatch | undefined> {
  // A batch whose claim lapsed is taken over from another worker, never from this one: this worker
  // still holds it and is sending its cards (its renewal came late, the database being slow), and
  // taking it again would send them twice.
  const batch = await models.SendBatch.findOneAndUpdate(
    {
      campaignId,
      $or: [{ claimedBy: unset() }, { claimExpiresAt: before(now), claimedBy: notEqual(worker) }],
    },
    { $set: { claimedBy: worker, claimExpiresAt: until } },
    { new: true, lean: true },
  );
  return batch ?? undefined;
}

/**
 * The batch's cards still to send, each marked "sending" (and counted as an attempt). Read by id,
 * one each: an index hit on every MongoDB, where a `$in` would make the embedded database read every
 * delivery ever stored for each batch.
 */
export async function takeBatchDeliveries(
  models: Deliveries,
  batch: Pick<SendBatch, '_id' | 'deliveryIds'>,
): Promise<Delivery[]> {
  const found = await Promise.all(
    batch.deliveryIds.map((id) => models.Delivery.findById(id).lean<Delivery>()),
  );
  const owned = found.filter(
    (delivery): delivery is Delivery =>
      delivery !== null &&
      delivery.batchId?.equals(batch._id) === true &&
      (delivery.status === 'pending' || delivery.status === 'sending'),
  );
  if (owned.length === 0) return [];
  await models.Delivery.bulkWrite(
    owned.map((delivery) => ({
      updateOne: {
        filter: { _id: delivery._id },
        update: { $set: { status: 'sending' }, $inc: { attempts: 1 } },
      },
    })),
    { ordered: false },
  );
  return owned.map((delivery) => ({
    ...delivery,
    status: 'sending' as const,
    attempts: delivery.attempts + 1,
  }));
}

/**
 * When the first claim another worker holds on the campaign's batches lapses (now, for a batch
 * nobody holds); undefined when no other worker holds any.
 */
export async function nextClaimLapse(
  models: Batches,
  campaignId: Types.ObjectId,
  worker: string,
): Promise<Date | undefined> {
  const batch = await models.SendBatch.findOne({ campaignId, claimedBy: notEqual(worker) })
    .sort({ claimExpiresAt: 1 })
    .select({ claimExpiresAt: 1 })
    .lean<Pick<SendBatch, 'claimExpiresAt'>>();
  if (!batch) return undefined;
  return batch.claimExpiresAt ?? new Date(0);
}

/** Deletes a batch the worker holds (every card in it answered). */
export async function finishBatch(models: Batches, batchId: Types.ObjectId, worker: string): Promise<void> {
  await models.SendBatch.deleteOne({ _id: batchId, claimedBy: worker });
}

/** Keeps the worker's claims on its batches fresh until `until`. */
export async function renewBatchClaims(
  models: Batches,
  batchIds: readonly Types.ObjectId[],
  worker: string,
  until: Date,
): Promise<void> {
  if (batchIds.length === 0) return;
  await models.SendBatch.updateMany(
    { _id: anyOf(batchIds), claimedBy: worker },
    { $set: { claimExpiresAt: until } },
  );
}

/** Gives the worker's batches back to the queue at once (it is stopping). */
export async function releaseBatches(
  models: Batches,
  batchIds: readonly Types.ObjectId[],
  worker: string,
): Promise<void> {
  if (batchIds.length === 0) return;
  await models.SendBatch.updateMany(
    { _id: anyOf(batchIds), claimedBy: worker },
    { $unset: { claimedBy: 1, claimExpiresAt: 1 } },
  );
}

/** Whether any card of the campaign is still queued. */
export async function hasQueuedCards(models: Batches, campaignId: Types.ObjectId): Promise<boolean> {
  return (await models.SendBatch.exists({ campaignId })) !== null;
}

/** Whether the version has a campaign (it was sent to people). */
export async function hasCampaign(models: Campaigns, policyVersionId: Types.ObjectId): Promise<boolean> {
  return (await models.Campaign.exists({ policyVersionId })) !== null;
}

/** When the person's cards of these versions are due, keyed by the version's id as text. */
export async function dueDatesFor(
  models: Deliveries,
  personId: Types.ObjectId,
  versionIds: readonly Types.ObjectId[],
): Promise<Map<string, Date>> {
  const deliveries = await models.Delivery.find({ personId, policyVersionId: anyOf(versionIds) })
    .select({ policyVersionId: 1, dueAt: 1 })
    .lean<Pick<Delivery, 'policyVersionId' | 'dueAt'>[]>();
  return new Map(deliveries.map((d) => [d.policyVersionId.toString(), d.dueAt]));
}
