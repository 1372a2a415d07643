import type { RecordedSignature } from '../acknowledgements';
import type { Route } from '../http/server';
import type { JobScheduler } from '../jobs/scheduler';
import type { Logger } from '../logger';
import type { Models } from '../store/models';
import { complianceRoutes } from './routes';
import { keepSummaries, scheduleSummaryRebuild, type SignatureCounting } from './summaries';

/** Compliance as the composition root sees it. */
export interface Compliance {
  readonly routes: readonly Route[];
  /** Counts a new signature in the summaries (signing tells it). */
  readonly signed: (signature: RecordedSignature) => Promise<void>;
  /** Signing's fast path: claims the signer's standing, which shows they may sign (`claimStanding`). */
  readonly claim: SignatureCounting['claim'];
  /** Registers the nightly rebuild of the summaries. */
  schedule(): Promise<void>;
}

export interface ComplianceDeps {
  readonly models: Models;
  readonly jobs: Pick<JobScheduler, 'define' | 'every'>;
  readonly logger: Logger;
  /** The time zone dates are shown and days are counted in (TIME_ZONE). */
  readonly timeZone: string;
  readonly now: () => Date;
  /** How near a policy's next review counts as due on the overview (POLICY_REVIEW_NOTICE_DAYS). */
  readonly reviewNoticeDays?: number;
}

/** Who has signed what: the overview, who is outstanding, the evidence pack and the exports. */
export function createCompliance(deps: ComplianceDeps): Compliance {
  const listeners = keepSummaries(deps.models, deps.timeZone, deps.logger);
  return {
    routes: complianceRoutes(deps),
    signed: listeners.signed,
    claim: listeners.claim,
    schedule: () => scheduleSummaryRebuild(deps.jobs, deps.models, deps.logger, deps.now),
  };
}
