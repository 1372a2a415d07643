import { scheduleDaily } from '../jobs/daily';
import type { JobScheduler } from '../jobs/scheduler';
import { auditVerifyJob, verifyAllChains, type VerificationDeps } from './verification';

/** The audit trail as the composition root sees it (events are appended through the index). */
export interface Audit {
  /** Registers the daily verification of every chain; call before jobs.start(). */
  schedule: () => Promise<void>;
}

export interface AuditDeps extends VerificationDeps {
  readonly jobs: Pick<JobScheduler, 'define' | 'every'>;
}

/** The tamper-evident audit trail: its daily verification, which tells trust admins of a break. */
export function createAudit(deps: AuditDeps): Audit {
  const { jobs, ...verification } = deps;
  return { schedule: () => scheduleDaily(jobs, auditVerifyJob, () => verifyAllChains(verification)) };
}
