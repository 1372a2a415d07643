import { Types } from 'mongoose';
import { anyOf } from '../store/filters';
import type { Models } from '../store/models';
import type { Campaign, Delivery, DeliveryStatus } from './model';

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
