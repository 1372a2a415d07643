import { Schema, type Model } from 'mongoose';
import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';
import { isDuplicateKey } from './duplicate-key';

/** One shared budget: the earliest moment the next call may go, for every instance of Conduct. */
export interface RateBudgetDocument {
  _id: string;
  /** Milliseconds since the epoch. */
  next: number;
}

export const rateBudgetSchema = new Schema<RateBudgetDocument>(
  {
    _id: { type: String, required: true },
    next: { type: Number, required: true },
  },
  { versionKey: false },
);

/** Paces calls to an outside service: `take` resolves when the next call may go. */
export interface Pacer {
  take(): Promise<void>;
  /** Nobody calls before `untilMs` (the service throttled us): every instance waits. */
  pause(untilMs: number): Promise<void>;
}

/** The budget's collection, as far as the pacer uses it. */
export type RateBudgetModel = Pick<Model<RateBudgetDocument>, 'findById' | 'updateOne' | 'create'>;

export interface SharedPacerOptions {
  model: RateBudgetModel;
  /** The budget's name, e.g. "teams-send:<tenant>". */
  key: string;
  ratePerSecond: number;
  /** How far ahead one reservation reaches: fewer database round trips, coarser sharing. */
  reserveMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told each step (debug logging; no personal data). */
  trace?: (fields: Record<string, unknown>, message: string) => void;
}

/**
 * A rate shared by every process on one database. Each process reserves a few evenly spaced
 * slots at a time with one conditional update on the budget's document, so that instances
 * together never exceed the rate and no one-second window holds more than it.
 */
export function createSharedPacer(options: SharedPacerOptions): Pacer {
  const { model, key } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const interval = 1_000 / options.ratePerSecond;
  const perReservation = Math.max(1, Math.round((options.reserveMs ?? 400) / interval));
  let slots: number[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  /** Moves `next` with one conditional update, trying again when another instance moved it first. */
  const advance = async (target: (current: number) => number | undefined): Promise<void> => {
    for (let tries = 1; ; tries += 1) {
      options.trace?.({ tries }, 'rate budget: moving');
      const budget = await model.findById(key).lean<RateBudgetDocument>();
      const next = target(budget?.next ?? 0);
      if (next === undefined) return;
      const won = budget
        ? (await model.updateOne({ _id: key, next: budget.next }, { $set: { next } })).modifiedCount === 1
        : await model.create({ _id: key, next }).then(
            () => true,
            (error: unknown) => {
              if (isDuplicateKey(error)) return false;
              throw error;
            },
          );
      if (won) return;
    }
  };

  // The next reservation is made while this one's last slots are still being spent, when more calls
  // are already waiting, so the database's round trip does not leave a gap in the schedule.
  let reserving: Promise<void> | undefined;
  let waiting = 0;
  let pausedUntil = 0;
  const reserve = (): Promise<void> =>
    (reserving ??= (async () => {
      let start = 0;
      await advance((current) => {
        start = Math.max(current, now());
        return start + perReservation * interval;
      });
      slots.push(...Array.from({ length: perReservation }, (_, i) => start + i * interval));
      options.trace?.({ slots: slots.length, firstInMs: start - now() }, 'rate budget: slots reserved');
    })().finally(() => {
      reserving = undefined;
    }));

  const takeOne = async (): Promise<void> => {
    // A slot whose moment has long passed is given up rather than spent late next to another's.
    // Slots before a pause are dropped here too: a reservation ahead may land after the pause began.
    slots = slots.filter((slot) => slot >= now() - interval && slot >= pausedUntil);
    while (slots.length === 0) await reserve();
    const slot = slots.shift()!;
    // A failed reservation ahead is tried again, and reported, by the call that finds no slot left.
    if (slots.length <= perReservation / 2 && waiting > 1) reserve().catch(() => undefined);
    const wait = slot - now();
    if (wait > 0) await sleep(wait);
  };

  return {
    take: () => {
      waiting += 1;
      const turn = queue.then(takeOne).finally(() => {
        waiting -= 1;
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
    pause: async (untilMs) => {
      pausedUntil = Math.max(pausedUntil, untilMs);
      slots = slots.filter((slot) => slot >= untilMs);
      await advance((current) => (current >= untilMs ? undefined : untilMs));
    },
  };
}

/** One process's own pacing, evenly spaced: for a single instance without a database, or a test. */
export function createLocalPacer(ratePerSecond: number): Pacer {
  const queue = new RateLimiterQueue(new RateLimiterMemory({ points: 1, duration: 1 / ratePerSecond }), {
    maxQueueSize: 10_000_000,
  });
  return {
    take: async () => {
      await queue.removeTokens(1);
    },
    pause: () => Promise.resolve(),
  };
}
