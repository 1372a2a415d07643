import { lastSummaryRebuild, rebuildComplianceSummaries } from '../../src/compliance/store';
import { scheduleSummaryRebuild, summaryRebuildJob } from '../../src/compliance/summaries';
import type { JobScheduler } from '../../src/jobs/scheduler';
import { createLogger } from '../../src/logger';
import type { Models } from '../../src/store/models';
import { useTestDatabase } from '../support/database';
import { seeder } from './seed';

const hourMs = 3_600_000;

/**
 * The scheduled rebuild leaves alone a tenant whose summaries were rebuilt a short while ago outside
 * it (a benchmark, `npm run summaries:rebuild`): on a new database the job is due as Conduct starts,
 * and at 50,000 people running it again costs minutes. The clock is the job's own, set by the test.
 */
describe('the scheduled rebuild of the summaries', () => {
  const database = useTestDatabase();

  it('skips a tenant rebuilt within half its interval and rebuilds it after that', async () => {
    const models = database().models;
    const tenantId = 'tenant-rebuilt-outside';
    const seed = seeder(models, tenantId);
    const school = await seed.school('Hill School', 'HS');
    await seed.person('Ada Staff', { memberships: [{ schoolId: school, audience: 'staff' }] });
    const policy = await seed.policy('Staff policy', { audiences: ['staff'] });
    await seed.publish(policy, 'v1', { publishedAt: new Date('2026-11-01T09:00:00Z') });

    // Rebuilt outside the scheduler (as the benchmark or the command does), then the counts drift.
    const rebuiltAt = new Date('2026-11-27T08:00:00Z');
    await rebuildComplianceSummaries(models, tenantId, () => rebuiltAt);
    expect(await eligible(models, tenantId)).toBe(1);
    const summary = await models.ComplianceSummary.findOne({ tenantId }).lean();
    const [cell] = Object.keys(summary!.cells);
    await models.ComplianceSummary.updateOne(
      { _id: summary!._id },
      { $inc: { [`cells.${cell}.eligible`]: 5 } },
    );

    let clock = new Date(rebuiltAt.getTime() + hourMs);
    const job = await definedJob(models, () => clock);

    // An hour later (Conduct starting after the benchmark's rebuild): left alone.
    await job();
    expect(await eligible(models, tenantId)).toBe(6);
    expect(await lastSummaryRebuild(models, tenantId)).toEqual(rebuiltAt);

    // Thirteen hours later: rebuilt, the drift put right, and the time recorded.
    clock = new Date(rebuiltAt.getTime() + 13 * hourMs);
    await job();
    expect(await eligible(models, tenantId)).toBe(1);
    expect(await lastSummaryRebuild(models, tenantId)).toEqual(clock);
  });
});

/** The rebuild job as scheduleSummaryRebuild defines it, to be run by the test. */
async function definedJob(models: Models, now: () => Date): Promise<() => Promise<void>> {
  let run: (() => Promise<void>) | undefined;
  const scheduler: Pick<JobScheduler, 'define' | 'every'> = {
    define: (name, job) => {
      if (name === summaryRebuildJob) run = () => job({} as never, { signal: new AbortController().signal });
    },
    every: () => Promise.resolve(),
  };
  await scheduleSummaryRebuild(scheduler, models, createLogger('silent'), now);
  return run!;
}

async function eligible(models: Models, tenantId: string): Promise<number> {
  const summary = await models.ComplianceSummary.findOne({ tenantId }).lean();
  return Object.values(summary?.cells ?? {}).reduce((n, cell) => n + cell.eligible, 0);
}
