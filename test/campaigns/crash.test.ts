import { Types } from 'mongoose';
import type { PolicyCardSender } from '../../src/campaigns/ports';
import { sendCampaign } from '../../src/campaigns/sender';
import { claimSendBatch } from '../../src/campaigns/store';
import { createLogger } from '../../src/logger';
import { stallMs, until, useCampaignWorkers } from './workers';

const people = 40;

describe('a worker that crashes mid-campaign', () => {
  const campaign = useCampaignWorkers();

  it('leaves every person with exactly one card once a new worker takes over', async () => {
    const { connector, models, worker, publishToStaff, cardsPerConversation, diagnose } = campaign();
    const published = await publishToStaff(people);

    // The first worker gets 15 cards out; the connector then stops answering, as if the
    // network went while requests were in flight, and the worker is killed.
    connector.hangAfter(15);
    const first = worker();
    await first.waitForLog('Conduct is listening', stallMs);
    await published.start();
    await until(
      () => connector.received.length >= 15 && connector.heldCount > 0,
      () => connector.received.length + connector.heldCount,
      'the first sends',
      diagnose,
    );
    // Killed once it has recorded the 15 answered cards as sent: a card answered but not yet
    // recorded when a worker dies is sent again by the next one (at least once, by design).
    const sent = () => models.Delivery.countDocuments({ status: 'sent' });
    await until(async () => (await sent()) >= 15, sent, 'the first worker to record its sends', diagnose);
    first.child.kill('SIGKILL');
    await first.exited;
    connector.resume();
    expect(connector.received).toHaveLength(15);

    const second = worker();
    await second.waitForLog('Conduct is listening', stallMs);
    // Nothing moves until the first worker's claim lapses, then the cards go one by one.
    await until(
      async () => (await sent()) === people,
      sent,
      'the second worker to finish the campaign',
      diagnose,
    );
    second.child.kill('SIGTERM');
    await second.exited;

    const perConversation = cardsPerConversation();
    expect(perConversation.size).toBe(people);
    expect([...perConversation.values()].every((count) => count === 1)).toBe(true);
    expect(await models.SendBatch.countDocuments({})).toBe(0);
  }, 3_600_000);
});

describe('a send job taken over from a crashed worker', () => {
  const campaign = useCampaignWorkers();

  // A job's lock can lapse before the claims its dead worker held on batches of cards: the worker
  // that takes the job over then finds those batches still claimed. It must wait for the claims to
  // lapse and send the cards, not end the job with them unsent until the next sweep (10 minutes).
  it('sends the cards the dead worker had claimed once their claim lapses, in the same job', async () => {
    const { models, publishToStaff } = campaign();
    const campaignId = new Types.ObjectId(await (await publishToStaff(120)).start());
    const dead = await claimSendBatch(
      models,
      campaignId,
      'a worker that died',
      new Date(),
      new Date(Date.now() + 3_600_000),
    );
    if (!dead) throw new Error('no batch to claim');
    const deadPeople = new Set(
      (await models.Delivery.find({ batchId: dead._id }).lean()).map((d) => d.personId.toString()),
    );
    // The dead worker's claim lapses only once the job has found no batch free to claim.
    let lapsedAt: number | undefined;
    const SendBatch = new Proxy(models.SendBatch, {
      get: (target, property, receiver): unknown =>
        property !== 'findOneAndUpdate'
          ? Reflect.get(target, property, receiver)
          : async (...args: Parameters<typeof target.findOneAndUpdate>) => {
              const claimed: unknown = await target.findOneAndUpdate(...args);
              if (claimed === null && lapsedAt === undefined) {
                lapsedAt = Date.now();
                await target.updateOne(
                  { _id: dead._id },
                  { $set: { claimExpiresAt: new Date(lapsedAt - 1) } },
                );
              }
              return claimed;
            },
    });
    const sentAt = new Map<string, number[]>();
    const cards: PolicyCardSender = {
      sendPolicyCard: ({ person }) => {
        const id = person._id.toString();
        sentAt.set(id, [...(sentAt.get(id) ?? []), Date.now()]);
        return Promise.resolve({ status: 'sent', activityId: undefined, attempts: 1 });
      },
      sendOverdueSummary: () => Promise.reject(new Error('not expected')),
    };

    await sendCampaign(
      {
        models: { ...models, SendBatch },
        cards,
        logger: createLogger('silent'),
        now: () => new Date(),
        concurrency: 4,
        claimMs: 3000,
        timeZone: 'Europe/London',
      },
      campaignId,
      { signal: new AbortController().signal },
    );

    expect(sentAt.size).toBe(120);
    expect([...sentAt.values()].filter((times) => times.length !== 1)).toEqual([]);
    const deadSends = [...deadPeople].map((id) => sentAt.get(id)?.[0] ?? 0);
    expect(Math.min(...deadSends)).toBeGreaterThanOrEqual(lapsedAt ?? Infinity);
    expect(await models.SendBatch.countDocuments({})).toBe(0);
  }, 120_000);
});

describe('a worker whose claim lapsed before its renewal', () => {
  const campaign = useCampaignWorkers();

  // On a slow database a live worker's renewal can come after its claim lapsed. The worker still
  // holds those cards in hand; claiming the batch again would send them twice (seen on a loaded
  // machine: 18 people sent two cards). Only another worker takes a lapsed batch over.
  it('never hands a worker back its own batch when the claim lapsed before its renewal', async () => {
    const { models, publishToStaff } = campaign();
    const campaignId = new Types.ObjectId(await (await publishToStaff(10)).start());
    const now = new Date();
    const later = new Date(now.getTime() + 60_000);
    const mine = await claimSendBatch(models, campaignId, 'slow worker', now, later);
    if (!mine) throw new Error('no batch to claim');
    await models.SendBatch.updateOne(
      { _id: mine._id },
      { $set: { claimExpiresAt: new Date(now.getTime() - 1) } },
    );
    expect(await claimSendBatch(models, campaignId, 'slow worker', new Date(), later)).toBeUndefined();
    const takenOver = await claimSendBatch(models, campaignId, 'another worker', new Date(), later);
    expect(takenOver?._id.toString()).toBe(mine._id.toString());
  }, 120_000);
});
