import type { RecordedSignature } from '../acknowledgements';
import { scheduleDaily } from '../jobs/daily';
import type { JobScheduler } from '../jobs/scheduler';
import type { Logger } from '../logger';
import { listenForChanges, type ChangeListeners } from '../shared/changes';
import {
  bindSummaryTimeZone,
  claimStanding,
  countSignature,
  countVersion,
  lastSummaryRebuild,
  rebuildComplianceSummaries,
  reconcileStandings,
  summarisedTenants,
  type StandingClaim,
  type SummaryModels,
} from './store';

export const summaryRebuildJob = 'compliance.rebuild';

/** How signing tells the summaries of a signature (see `claimStanding` and `countSignature`). */
export interface SignatureCounting {
  /** Counts a signature recorded without a claim. */
  signed: (signature: RecordedSignature) => Promise<void>;
  /** Claims the signer's standing before the signature is written; undefined: sign the slow way. */
  claim: (signature: RecordedSignature) => Promise<StandingClaim | undefined>;
}

/**
 * Keeps the compliance summaries current: binds their time zone and listens for signatures, cards
 * and directory changes. A summary that fails to update is logged (ids only) and put right by the
 * nightly rebuild; the change itself (the signature, the sync) has already succeeded.
 */
export function keepSummaries(
  models: SummaryModels,
  timeZone: string,
  logger: Logger,
): ChangeListeners & SignatureCounting {
  bindSummaryTimeZone(models, timeZone);
  const log = logger.child({ component: 'compliance-summaries' });
  const guarded = (what: string, work: () => Promise<unknown>) => async (): Promise<void> => {
    try {
      await work();
    } catch (error) {
      log.warn({ err: error, what }, 'compliance summary not updated; the nightly rebuild will correct it');
    }
  };
  const listeners: ChangeListeners = {
    peopleChanged: (tenantId, personIds) =>
      guarded('people', () => reconcileStandings(models, tenantId, { personIds, touch: true }))(),
    versionChanged: (tenantId, versionId) =>
      guarded('version', () => countVersion(models, tenantId, versionId))(),
  };
  listenForChanges(models.Person, listeners);
  return {
    ...listeners,
    signed: (signature) => guarded('signature', () => countSignature(models, signature))(),
    claim: async (signature) => {
      let claim: StandingClaim | undefined;
      await guarded('claim', async () => (claim = await claimStanding(models, signature)))();
      return (
        claim && {
          counted: guarded('signature', () => claim!.counted()),
          release: guarded('release', () => claim!.release()),
        }
      );
    },
  };
}

/** How often the scheduled rebuild runs. */
export const summaryRebuildIntervalMs = 24 * 60 * 60_000;

/**
 * Registers the nightly rebuild of every tenant's summaries (one run at a time across instances).
 * A tenant rebuilt less than half the interval ago (by `npm run summaries:rebuild`, a benchmark, or
 * a run of this job on another schedule) is left alone: on a new database the job is due the moment
 * Conduct starts, and at 50,000 people a rebuild just done outside the job would cost the start
 * minutes again. Half, not the whole interval, so the job's own run a day earlier never makes it skip.
 */
export async function scheduleSummaryRebuild(
  scheduler: Pick<JobScheduler, 'define' | 'every'>,
  models: SummaryModels,
  logger: Logger,
  now: () => Date = () => new Date(),
): Promise<void> {
  const log = logger.child({ component: 'compliance-summaries' });
  await scheduleDaily(scheduler, summaryRebuildJob, async () => {
    for (const tenantId of await summarisedTenants(models)) {
      const last = await lastSummaryRebuild(models, tenantId);
      if (last && now().getTime() - last.getTime() < summaryRebuildIntervalMs / 2) {
        log.info(
          { tenantId, rebuiltAt: last.toISOString() },
          'compliance summaries rebuilt recently; left alone',
        );
        continue;
      }
      const corrected = await rebuildComplianceSummaries(models, tenantId, now);
      log.info({ tenantId, ...corrected }, 'compliance summaries rebuilt');
    }
  });
}
