import type { Person } from '../directory';
import type { SendOutcome } from '../notifications/outcome';
import type { Policy, PolicyVersion } from '../policies';
import type { Delivery } from './model';
import type { Recipient } from './audience';

/** What the campaign worker needs from the Teams side: implemented in bot/ with cards and the messenger. */
export interface PolicyCardSender {
  sendPolicyCard(input: {
    person: Recipient;
    policy: Policy;
    version: PolicyVersion;
    delivery: Pick<Delivery, 'dueAt'>;
    reminder: boolean;
  }): Promise<SendOutcome>;
  /** A summary of who is overdue, to a headteacher or line manager. */
  sendOverdueSummary(input: {
    to: Pick<Person, 'conversation' | 'displayName'>;
    policy: Policy;
    version: PolicyVersion;
    overdue: readonly { displayName: string; dueAt: Date }[];
    scope: string;
  }): Promise<SendOutcome>;
}
