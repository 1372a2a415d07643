import type { Person } from '../directory';
import type { JobScheduler } from '../jobs/scheduler';
import type { Models } from '../store/models';
import type { PermissionNotifier } from './messages';
import type { PermissionStore } from './store';

/** What the permission use cases are given by the factory (module.ts). */
export interface PermissionDeps {
  readonly store: PermissionStore;
  /** The audit trail, and the directory's people and roles (who may decide, whom to tell). */
  readonly models: Pick<Models, 'AuditEvent' | 'AuditHead' | 'RoleAssignment' | 'Person' | 'School'>;
  readonly notifier: PermissionNotifier;
  readonly jobs: Pick<JobScheduler, 'at' | 'cancel'>;
  readonly now: () => Date;
  readonly timeZone: string;
  /** Whether the person has signed the current version of the policy; undefined when there is no such policy. */
  readonly signedCurrent: (
    person: Requester,
    policyId: string,
  ) => Promise<{ readonly title: string; readonly signed: boolean } | undefined>;
}

/** The person asking, as the directory knows them. */
export type Requester = Person;
