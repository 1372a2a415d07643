import { sendJob } from '../../src/campaigns/start';
import { until, useCampaignWorkers } from './workers';

const people = 160;

describe('two workers sending the same campaign at once', () => {
  const campaign = useCampaignWorkers();

  it('sends each person exactly one card and leaves no work queued', async () => {
    const { models, worker, jobs, publishToStaff, cardsPerConversation } = campaign();
    const published = await publishToStaff(people);
    const workers = [worker(), worker()];
    for (const app of workers) await app.waitForLog('Conduct is listening');
    // Conduct's safety net queues another send job while one runs; here both start together.
    const campaignId = await published.start();
    await jobs.now(sendJob, { campaignId });
    await until(
      async () => (await models.Delivery.countDocuments({ status: 'sent' })) === people,
      180_000,
      'the campaign to finish',
    );
    const reported = (): number =>
      workers
        .flatMap((app) => app.logs)
        .filter((l) => l.msg === 'campaign cards sent')
        .reduce((n, l) => n + Number(l.cards), 0);
    await until(() => reported() >= people, 60_000, 'both send jobs to report');
    expect(reported()).toBe(people);
    const perConversation = cardsPerConversation();
    expect(perConversation.size).toBe(people);
    expect([...perConversation.values()].filter((count) => count !== 1)).toEqual([]);
    expect(await models.SendBatch.countDocuments({})).toBe(0);
  }, 300_000);
});
