import { stallMs, until, useCampaignWorkers } from './workers';

const people = 40;

describe('a worker that crashes mid-campaign', () => {
  const campaign = useCampaignWorkers();

  it('leaves every person with exactly one card once a new worker takes over', async () => {
    const { connector, models, worker, publishToStaff, cardsPerConversation } = campaign();
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
    );
    // Killed once it has recorded the 15 answered cards as sent: a card answered but not yet
    // recorded when a worker dies is sent again by the next one (at least once, by design).
    const sent = () => models.Delivery.countDocuments({ status: 'sent' });
    await until(async () => (await sent()) >= 15, sent, 'the first worker to record its sends');
    first.child.kill('SIGKILL');
    await first.exited;
    connector.resume();
    expect(connector.received).toHaveLength(15);

    const second = worker();
    await second.waitForLog('Conduct is listening', stallMs);
    // Nothing moves until the first worker's claim lapses, then the cards go one by one.
    await until(async () => (await sent()) === people, sent, 'the second worker to finish the campaign');
    second.child.kill('SIGTERM');
    await second.exited;

    const perConversation = cardsPerConversation();
    expect(perConversation.size).toBe(people);
    expect([...perConversation.values()].every((count) => count === 1)).toBe(true);
    expect(await models.SendBatch.countDocuments({})).toBe(0);
  }, 3_600_000);
});
