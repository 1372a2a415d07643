import type { Connection } from 'mongoose';
import { openConnection } from '../../src/store/connection';
import { createModels } from '../../src/store/models';
import {
  createSharedPacer,
  type Pacer,
  type RateBudgetDocument,
  type RateBudgetModel,
} from '../../src/store/rate-budget';
import { useTestDatabase } from '../support/database';

const rate = 25;
const interval = 1_000 / rate;
const start = Date.parse('2026-11-26T09:00:00Z');

/**
 * An instance of Conduct with a connection of its own and a clock that stands still: each call's
 * moment is where the pacer would let it go, so the test sees the schedule the instances agreed,
 * whatever order their database calls happened to run in.
 */
interface Instance {
  readonly pacer: Pacer;
  /** Takes `count` calls one after another and returns the moment each was let go. */
  calls(count: number): Promise<number[]>;
}

describe('a send budget shared by several instances', () => {
  const db = useTestDatabase();
  const connections: Connection[] = [];
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close()));
  });

  /**
   * Holds each instance's first read of the budget until the other has read it too, so both try
   * to claim the same slots at once: the race the shared budget exists to settle.
   */
  const readTogether = (instances: number): ((model: RateBudgetModel) => RateBudgetModel) => {
    let arrived = 0;
    let release: () => void = () => undefined;
    const everyoneHasRead = new Promise<void>((resolve) => (release = resolve));
    return (model) =>
      ({
        updateOne: model.updateOne.bind(model),
        create: model.create.bind(model),
        findById: (id: string) => ({
          lean: async () => {
            const budget = await model.findById(id).lean<RateBudgetDocument>();
            arrived += 1;
            if (arrived === instances) release();
            if (arrived <= instances) await everyoneHasRead;
            return budget;
          },
        }),
      }) as unknown as RateBudgetModel;
  };

  const instance = async (
    key: string,
    options: {
      clock?: { now: number };
      wrap?: (model: RateBudgetModel) => RateBudgetModel;
    } = {},
  ): Promise<Instance> => {
    const clock = options.clock ?? { now: start };
    const connection = await openConnection(db().uri, db().name);
    connections.push(connection);
    const model = createModels(connection).RateBudget;
    let waited = 0;
    const pacer = createSharedPacer({
      model: options.wrap ? options.wrap(model) : model,
      key,
      ratePerSecond: rate,
      now: () => clock.now,
      sleep: (ms) => {
        waited = ms;
        return Promise.resolve();
      },
    });
    return {
      pacer,
      calls: async (count) => {
        const moments: number[] = [];
        for (let i = 0; i < count; i += 1) {
          waited = 0;
          await pacer.take();
          moments.push(clock.now + waited);
        }
        return moments;
      },
    };
  };

  it('lets two instances together make no more calls than the rate, evenly spaced', async () => {
    const wrap = readTogether(2);
    const [a, b] = await Promise.all([
      instance('teams-send:t1', { wrap }),
      instance('teams-send:t1', { wrap }),
    ]);
    const [fromA, fromB] = await Promise.all([a.calls(60), b.calls(60)]);
    const all = [...fromA, ...fromB].sort((x, y) => x - y);

    expect(new Set(all).size).toBe(120);
    const gaps = all.slice(1).map((moment, i) => moment - all[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(interval - 1e-6);
    // 120 calls at 25 a second take 4.8 s whichever instance made them.
    expect(all.at(-1)! - all[0]!).toBeCloseTo(119 * interval, 3);
    for (const moment of all) {
      expect(all.filter((other) => other >= moment && other < moment + 1_000).length).toBeLessThanOrEqual(
        rate,
      );
    }
  });

  it('keeps separate budgets apart', async () => {
    const [sends, installs] = await Promise.all([instance('teams-send:t2'), instance('graph-install:t2')]);
    const [s, i] = await Promise.all([sends.calls(5), installs.calls(5)]);
    expect(s[0]).toBe(start);
    expect(i[0]).toBe(start);
  });

  it('holds every instance back when one is told by Teams to wait', async () => {
    const [a, b] = await Promise.all([instance('teams-send:t3'), instance('teams-send:t3')]);
    await a.calls(1);
    await a.pacer.pause(start + 5_000);
    const [next] = await b.calls(1);
    expect(next).toBeGreaterThanOrEqual(start + 5_000);
  });
});
