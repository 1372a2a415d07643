import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import type { JobScheduler } from '../jobs/scheduler';
import { isDuplicateKey } from './duplicate-key';
import { before } from './filters';
import type { ProcessedActivity } from './processed-activity';

export type TurnClaim =
  | { readonly outcome: 'leased'; readonly lease: string }
  /** Done before: the stored answer of a card action, if any. */
  | { readonly outcome: 'done'; readonly response: unknown }
  /** Another delivery of the same turn is running right now. */
  | { readonly outcome: 'running' };

export interface TurnLedger {
  claim(key: string): Promise<TurnClaim>;
  complete(key: string, lease: string, response?: unknown): Promise<void>;
  /** Gives the turn back after a failure, so its redelivery runs it again. */
  release(key: string, lease: string): Promise<void>;
  /** Deletes records older than the given age; returns how many. */
  prune(olderThanMs: number): Promise<number>;
}

/** How long a turn may run before another delivery of it may take it over. */
const defaultLeaseMs = 60_000;

/** At-least-once turns, exactly-once effects (no transactions: one document per turn, by _id). */
export function createTurnLedger(
  model: Model<ProcessedActivity>,
  now: () => Date,
  leaseMs = defaultLeaseMs,
): TurnLedger {
  const leaseFrom = (at: Date): Date => new Date(at.getTime() + leaseMs);
  return {
    claim: async (key) => {
      const lease = randomUUID();
      const at = now();
      try {
        await model.create({ _id: key, at, state: 'running', lease, leasedUntil: leaseFrom(at) });
        return { outcome: 'leased', lease };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await model.findById(key).lean<ProcessedActivity>();
      if (!existing) return { outcome: 'running' }; // released a moment ago: the next redelivery runs it
      if (existing.state !== 'running') {
        const response =
          typeof existing.response === 'string' ? (JSON.parse(existing.response) as unknown) : undefined;
        return { outcome: 'done', response };
      }
      if (existing.leasedUntil && existing.leasedUntil > at) return { outcome: 'running' };
      // The lease lapsed (its worker died): take it over, only if nobody else did first.
      const taken = await model.updateOne(
        { _id: key, state: 'running', lease: existing.lease },
        { $set: { lease, leasedUntil: leaseFrom(at), at } },
      );
      return taken.modifiedCount === 1 ? { outcome: 'leased', lease } : { outcome: 'running' };
    },
    complete: async (key, lease, response) => {
      await model.updateOne(
        { _id: key, lease },
        {
          // As JSON text: a card's "$schema" is not a field name MongoDB stores.
          $set: {
            state: 'done',
            at: now(),
            ...(response === undefined ? {} : { response: JSON.stringify(response) }),
          },
          $unset: { lease: 1, leasedUntil: 1 },
        },
      );
    },
    release: async (key, lease) => {
      await model.deleteOne({ _id: key, lease, state: 'running' });
    },
    prune: async (olderThanMs) => {
      const result = await model.deleteMany({
        at: before(new Date(now().getTime() - olderThanMs)),
      });
      return result.deletedCount;
    },
  };
}

export const pruneTurnsJob = 'bot.prune-processed-turns';
/** Teams redelivers within minutes; a day covers any retry and a person re-pressing an old card. */
const keepTurnsMs = 24 * 60 * 60 * 1000;

/** Keeps the ledger small: records of finished (or abandoned) turns go after a day, every 10 minutes. */
export async function schedulePruning(jobs: JobScheduler, ledger: TurnLedger): Promise<void> {
  jobs.define(pruneTurnsJob, async () => {
    await ledger.prune(keepTurnsMs);
  });
  await jobs.every('10 minutes', pruneTurnsJob);
}
