import { until, useCampaignWorkers } from './workers';

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
    await first.waitForLog('Conduct is listening');
    await published.start();
    await until(() => connector.received.length >= 15 && connector.heldCount > 0, 90_000, 'the first sends');
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.child.kill('SIGKILL');
    await first.exited;
    connector.resume();
    expect(connector.received).toHaveLength(15);

    const second = worker();
    await second.waitForLog('Conduct is listening');
    await until(
      async () => (await models.Delivery.countDocuments({ status: 'sent' })) === people,
      180_000,
      'the second worker to finish the campaign',
    );
    second.child.kill('SIGTERM');
    await second.exited;

    const perConversation = cardsPerConversation();
    expect(perConversation.size).toBe(people);
    expect([...perConversation.values()].every((count) => count === 1)).toBe(true);
    expect(await models.SendBatch.countDocuments({})).toBe(0);
  }, 300_000);
});
