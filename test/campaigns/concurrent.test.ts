import { sendJob } from '../../src/campaigns/start';
import { stallMs, until, useCampaignWorkers } from './workers';

const longClaims = {
  CAMPAIGN_CLAIM_TIMEOUT_MS: '600000',
  JOBS_LOCK_LIFETIME_MS: '600000',
  LOG_LEVEL: 'debug',
};

const people = 160;

describe('two workers sending the same campaign at once', () => {
  const campaign = useCampaignWorkers();

  it('sends each person exactly one card and leaves no work queued', async () => {
    const { models, worker, jobs, publishToStaff, cardsPerConversation, diagnose } = campaign();
    const published = await publishToStaff(people);
    // Neither worker dies here, so claims and job locks last long enough that no load outlasts them.
    const workers = [worker(longClaims), worker(longClaims)];
    for (const app of workers) await app.waitForLog('Conduct is listening', stallMs);
    // Conduct's safety net queues another send job while one runs; here both start together.
    const campaignId = await published.start();
    await jobs.now(sendJob, { campaignId });
    const sent = () => models.Delivery.countDocuments({ status: 'sent' });
    await until(async () => (await sent()) === people, sent, 'the campaign to finish', diagnose);
    const reported = (): number =>
      workers
        .flatMap((app) => app.logs)
        .filter((l) => l.msg === 'campaign cards sent')
        .reduce((n, l) => n + Number(l.cards), 0);
    await until(() => reported() >= people, reported, 'both send jobs to report', diagnose);
    expect(reported()).toBe(people);
    const perConversation = cardsPerConversation();
    expect(perConversation.size).toBe(people);
    expect([...perConversation.values()].filter((count) => count !== 1)).toEqual([]);
    expect(await models.SendBatch.countDocuments({})).toBe(0);
    // Nothing went wrong on the way that a worker noticed (a job failing, the audit trail's check).
    const errors = workers
      .flatMap((app) => app.logs)
      .filter((l) => Number(l.level) >= 50)
      .map((l) => ({
        msg: l.msg,
        problem: l.problem,
        err: (l.err as { message?: string } | undefined)?.message,
      }));
    expect(errors).toEqual([]);
  }, 3_600_000);
});
