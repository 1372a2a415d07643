import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Types } from 'mongoose';
import type { JobControl } from '../jobs/scheduler';
import type { Logger } from '../logger';
import type { SendOutcome } from '../notifications/outcome';
import { findPersonById } from '../directory';
import { policyWithVersion, type Policy, type PolicyVersion } from '../policies';
import type { Models } from '../store/models';
import { recipientFields, type Recipient } from './audience';
import type { Campaign, Delivery } from './model';
import type { PolicyCardSender } from './ports';
import {
  batchSize,
  campaignById,
  claimSendBatch,
  finishBatch,
  nextClaimLapse,
  recordDeliveryOutcome,
  releaseBatches,
  renewBatchClaims,
  takeBatchDeliveries,
} from './store';
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

/** How often a job waiting for another worker's batches looks again, at most. */
const recheckMs = 2000;

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
 * The job ends only when no batch of the campaign is left, so a job that finds the rest claimed by
 * another worker waits until they are sent or their claims lapse.
 */
export async function sendCampaign(
  deps: SenderDeps,
  campaignId: Types.ObjectId,
  control: JobControl,
): Promise<void> {
  const campaign = await campaignById(deps.models, campaignId);
  if (!campaign || campaign.status !== 'running') return;
  const found = await policyWithVersion(deps.models, campaign.policyId, campaign.policyVersionId);
  if (!found) return;
  const { policy, version } = found;
  const worker = randomUUID();
  deps.logger.debug({ campaignId: campaignId.toString(), worker }, 'sending campaign cards');
  const queue: Claimed[] = [];
  const held = new Map<string, Held>();
  let claiming: Promise<void> | undefined;
  let exhausted = false;
  let answered = 0;

  // The next batch is claimed while the last half of this one is still being sent, so the lanes
  // never wait for the database between batches.
  const refill = (): Promise<void> =>
    (claiming ??= claimBatch(deps, campaignId, worker)
      .then(async (claimed) => {
        if (claimed === undefined) {
          await awaitOthersClaims();
          return;
        }
        queue.push(...claimed);
        const batch = claimed[0]?.batch;
        if (batch) held.set(batch.id.toString(), batch);
        deps.logger.debug(
          { campaignId: campaignId.toString(), batchId: batch?.id.toString(), cards: claimed.length },
          'send batch claimed',
        );
      })
      .finally(() => {
        claiming = undefined;
      }));
  // No batch is free. The rest may be held by a live worker (it sends them) or by one that died:
  // its claims lapse later than its job's lock can, so the job taken over from it must wait for
  // them rather than end with its cards unsent. Checked again every few seconds at most, so the job
  // ends soon after the other worker finishes (one read of the small batch collection each time).
  const awaitOthersClaims = async (): Promise<void> => {
    const lapse = await nextClaimLapse(deps.models, campaignId, worker);
    if (lapse === undefined) {
      exhausted = true;
      return;
    }
    const wait = Math.min(Math.max(lapse.getTime() - deps.now().getTime(), 100), recheckMs);
    deps.logger.debug(
      { campaignId: campaignId.toString(), waitMs: wait },
      'no send batch free; waiting for other workers',
    );
    await sleep(wait, undefined, { signal: control.signal }).catch(() => undefined);
  };
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
        await finishBatch(deps.models, item.batch.id, worker);
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
  await releaseBatches(
    deps.models,
    [...held.values()].map((batch) => batch.id),
    worker,
  );
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
  const batch = await claimSendBatch(
    deps.models,
    campaignId,
    worker,
    now,
    new Date(now.getTime() + deps.claimMs),
  );
  if (!batch) return undefined;
  const owned = await takeBatchDeliveries(deps.models, batch);
  if (owned.length === 0) {
    await finishBatch(deps.models, batch._id, worker);
    return [];
  }
  const people = await Promise.all(
    owned.map((delivery) => findPersonById<Recipient>(deps.models, delivery.personId, recipientFields)),
  );
  const held: Held = { id: batch._id, remaining: owned.length };
  return owned.map((delivery, i) => ({
    delivery,
    person: people[i],
    batch: held,
  }));
}

/** Tells other workers this one is still sending its batches, so their claims do not lapse. */
async function renewClaims(deps: SenderDeps, worker: string, batches: Types.ObjectId[]): Promise<void> {
  await renewBatchClaims(deps.models, batches, worker, new Date(deps.now().getTime() + deps.claimMs));
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
  if (outcome === 'gone' || outcome === 'unreachable') {
    const error = outcome === 'gone' ? 'This person has left the directory.' : unreachable;
    await recordDeliveryOutcome(deps.models, delivery._id, { status: 'failed', error });
    return;
  }
  if (outcome.status === 'sent') {
    const sentAt = deps.now();
    await recordDeliveryOutcome(deps.models, delivery._id, {
      status: 'sent',
      sentAt,
      nextReminderAt: nextReminderAt(sentAt, delivery.dueAt, 0, context.campaign.reminderDays, deps.timeZone),
    });
    return;
  }
  await recordDeliveryOutcome(deps.models, delivery._id, { status: outcome.status, error: outcome.error });
  deps.logger.warn(
    { deliveryId: delivery._id.toString(), status: outcome.status },
    'policy card not delivered',
  );
}
