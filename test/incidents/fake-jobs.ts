import type { JobControl, JobScheduler } from '../../src/jobs/scheduler';
import type { IncidentMessage, IncidentNotifier } from '../../src/incidents/messages';
import type { StoredConversation } from '../../src/directory/conversations';

interface Pending {
  when: Date;
  name: string;
  data: Record<string, unknown>;
  key: string;
}

/** A scheduler in memory, driven by a fake clock: jobs run only when the test moves time on. */
/**
 * `now` runs the job straight away (as a worker would pick it up at once), so a test sees its effect
 * when the call that asked for it returns.
 */
export interface FakeJobs extends Pick<JobScheduler, 'define' | 'at' | 'cancel' | 'now'> {
  readonly pending: readonly Pending[];
  /** Moves the clock forward to `until`, running every job due on the way at its own time. */
  runUntil(until: Date): Promise<void>;
}

export function fakeClock(start: Date): { now: () => Date; set: (to: Date) => void } {
  let current = start;
  return { now: () => current, set: (to) => (current = to) };
}

export function fakeJobs(clock: { set: (to: Date) => void }): FakeJobs {
  const handlers = new Map<string, (data: Record<string, unknown>, control: JobControl) => Promise<void>>();
  const pending: Pending[] = [];
  const control: JobControl = { signal: new AbortController().signal };
  const matches = (job: Pending, name: string, data: Record<string, unknown>): boolean =>
    job.name === name && Object.entries(data).every(([key, value]) => job.data[key] === value);
  return {
    pending,
    define: (name, run) => {
      handlers.set(name, run as (data: Record<string, unknown>, control: JobControl) => Promise<void>);
    },
    now: async (name, data) => {
      const handler = handlers.get(name);
      if (!handler) throw new Error(`no handler defined for job ${name}`);
      await handler(data, control);
    },
    at: (when, name, data, uniqueKey) => {
      const key = `${name}|${JSON.stringify(uniqueKey)}`;
      const existing = pending.findIndex((job) => job.key === key);
      if (existing >= 0) pending.splice(existing, 1);
      pending.push({ when, name, data, key });
      return Promise.resolve();
    },
    cancel: (name, data) => {
      let removed = 0;
      for (let i = pending.length - 1; i >= 0; i -= 1) {
        if (matches(pending[i]!, name, data)) {
          pending.splice(i, 1);
          removed += 1;
        }
      }
      return Promise.resolve(removed);
    },
    runUntil: async (until) => {
      for (;;) {
        const due = pending
          .filter((job) => job.when.getTime() <= until.getTime())
          .sort((a, b) => a.when.getTime() - b.when.getTime())[0];
        if (!due) break;
        pending.splice(pending.indexOf(due), 1);
        clock.set(due.when);
        const handler = handlers.get(due.name);
        if (!handler) throw new Error(`no handler defined for job ${due.name}`);
        await handler(due.data, control);
      }
      clock.set(until);
    },
  };
}

/** A notifier that records what it would have sent, and to which conversation. */
export function recordingNotifier(): IncidentNotifier & {
  readonly sent: { conversationId: string; message: IncidentMessage }[];
} {
  const sent: { conversationId: string; message: IncidentMessage }[] = [];
  return {
    sent,
    send: (conversation: StoredConversation, message: IncidentMessage) => {
      sent.push({ conversationId: conversation.id, message });
      return Promise.resolve({ status: 'sent', activityId: String(sent.length), attempts: 1 });
    },
  };
}
