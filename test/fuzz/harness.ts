import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import fc from 'fast-check';
import type { Connection } from 'mongoose';
import { bindAuditKey } from '../../src/audit/key';
import { openConnection } from '../../src/store/connection';
import { createModels, type Models } from '../../src/store/models';
import { trustEnvironment } from '../../scripts/standins/ca';
import { testAuditKey, testDatabasePid } from '../support/database';
import { repoRoot } from '../support/devdb';
import type { Measured, TargetMessage } from './server';

/**
 * The seed of every fuzz run. A failure prints the seed and fast-check's path; run it again with
 * FUZZ_SEED=<seed> (and the same code) to get the same inputs in the same order.
 */
export const fuzzSeed = Number(process.env.FUZZ_SEED ?? 20261126);

/** Inputs sent at once: enough to overlap turns and keep both cores busy, few enough to stay fair. */
export const batchSize = 8;

/** Values no field expects; each sample gets its own copy (JSON text parsed afresh). */
export const hostile: fc.Arbitrary<unknown> = fc
  .oneof(
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
    fc.constantFrom(
      'null',
      '""',
      '"__proto__"',
      '"constructor"',
      '"$where"',
      '{"$gt":""}',
      '{"$regex":".*"}',
      '{"__proto__":{"polluted":true}}',
      JSON.stringify('x'.repeat(70_000)),
      '"\\u0000\\ud800"',
      '"0000000000000000000000000"',
      '"64b000000000000000000000"',
      '-1',
      '1e308',
      '[]',
      '{}',
    ),
  )
  .map((text) => JSON.parse(text ?? 'null') as unknown);

export interface Sent {
  readonly status: number;
  /** The request and the start of the answer, for a failure message. */
  readonly what: string;
}

/** One keep-alive HTTP client for the run (cheaper than fetch per request on a busy machine). */
const agent = new Agent({ keepAlive: true, maxSockets: batchSize });

export function send(
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method, headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server closed an idle kept-alive connection just as we reused it (its keep-alive
      // timeout ran out while a slow batch ran): Node's documented race, so send again on a new
      // connection. A connection dropped on a fresh socket is still a failure.
      if (req.reusedSocket && error.code === 'ECONNRESET') send(url, options).then(resolve, reject);
      else reject(error);
    });
    req.end(options.body);
  });
}

/** CPU seconds used so far by this worker's embedded database (started by jest's global setup), where /proc shows it. */
function databaseCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync(`/proc/${testDatabasePid()}/stat`, 'utf8');
    const fields = /^\d+ \(.*\) (.*)$/s.exec(stat)?.[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export interface FuzzTarget {
  readonly url: string;
  /** The route table as served (besides /healthz and /readyz). */
  readonly routes: readonly { method: string; path: string }[];
  /** The target's database, opened from the test (to seed it). */
  readonly models: Models;
  /** Still running (it never crashed)? */
  running(): boolean;
  /** The target's memory after a full garbage collection, and its CPU time so far. */
  measure(): Promise<Measured>;
  /** Stops Conduct, waits for the process to end, drops its database. */
  stop(): Promise<void>;
}

/**
 * Starts Conduct in a process of its own (./server.ts), configured by `env` as src/main.ts would
 * be, so that the fuzzers measure its memory alone. Its log lines (at `env.LOG_LEVEL`) go to
 * /dev/null: written as in production, kept by nobody. The end of its stderr goes in any error.
 */
export async function startFuzzTarget(env: Record<string, string>): Promise<FuzzTarget> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'test/fuzz/server.ts'],
    {
      cwd: repoRoot,
      // The stand-ins' certificates are trusted as they are in jest (the test CA).
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...trustEnvironment(), ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const waiting = new Map<number, (measured: Measured) => void>();
  let asked = 0;
  const ready = new Promise<{ url: string; routes: { method: string; path: string }[] }>(
    (resolve, reject) => {
      child.on('message', (message: TargetMessage) => {
        if ('ready' in message) resolve(message.ready);
        else waiting.get(message.id)?.(message.measured);
      });
      void exited.then((code) => reject(new Error(`the fuzz target exited (${code}): ${stderr}`)));
    },
  );
  const { url, routes } = await ready;
  let connection: Connection;
  try {
    connection = await openConnection(env.MONGODB_URI!, env.MONGODB_DB!);
  } catch (error) {
    child.kill();
    throw error;
  }
  const models = createModels(connection);
  bindAuditKey(models, testAuditKey);
  return {
    url,
    routes,
    models,
    running: () => child.exitCode === null && child.signalCode === null,
    measure: () =>
      new Promise((resolve, reject) => {
        const id = ++asked;
        waiting.set(id, (measured) => {
          waiting.delete(id);
          resolve(measured);
        });
        void exited.then((code) => reject(new Error(`the fuzz target exited (${code}): ${stderr}`)));
        child.send({ id, ask: 'measure' });
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.send({ ask: 'stop' });
      const code = await exited;
      await connection.dropDatabase();
      await connection.close();
      if (code !== 0) throw new Error(`the fuzz target did not stop cleanly (${code}): ${stderr}`);
    },
  };
}

/** A stand-in server a fuzz test talks to (the connector's closes, the others stop). */
type StandIn = { stop(): Promise<void> } | { close(): Promise<void> };

/** What a fuzz test runs against: Conduct in its own process, and the stand-ins it talks to. */
export interface Fuzzing<S extends Record<string, StandIn>> {
  readonly target: FuzzTarget;
  readonly standIns: S;
}

/**
 * Before the file's tests, starts the stand-ins and then Conduct (configured from them); after
 * them, closes the fuzzer's HTTP client, stops Conduct (dropping its database), then the stand-ins
 * in the reverse order of their start.
 *
 * The bound that matters is the CPU each fuzz test asserts (under 2 minutes). Wall time is not: on
 * a 2-core machine at load 15, 2,000 API requests took over 150 s of wall time (a fresh-clone run
 * failed so), so the file's time limit is 10 minutes, which only a hung fuzzer should reach.
 */
export function useFuzzing<S extends Record<string, StandIn>>(
  startStandIns: () => Promise<S>,
  startTarget: (standIns: S) => Promise<FuzzTarget>,
): () => Fuzzing<S> {
  jest.setTimeout(600_000);
  let standIns: S | undefined;
  let target: FuzzTarget | undefined;
  beforeAll(async () => {
    standIns = await startStandIns();
    target = await startTarget(standIns);
  });
  afterAll(async () => {
    agent.destroy();
    await target?.stop();
    for (const standIn of Object.values(standIns ?? {}).reverse()) {
      await ('stop' in standIn ? standIn.stop() : standIn.close());
    }
  });
  return () => {
    if (!standIns || !target) throw new Error('useFuzzing() is only ready inside tests');
    return { target, standIns };
  };
}

export interface FuzzFigures {
  readonly sent: number;
  readonly byStatus: Record<number, number>;
  readonly failures: Sent[];
  /** Wall-clock time of the run (depends on how busy the machine is). */
  readonly seconds: number;
  /**
   * CPU time the run cost: the fuzzer's (this process), Conduct's (the target process) and the
   * database's (when found); the machine's other load does not stretch it.
   */
  readonly cpuSeconds: number;
  /** Growth of the target process's RSS from the end of the warm-up to the end, each after a full collection. */
  readonly rssGrowthMb: number;
}

const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(1);

/**
 * Sends `count` inputs drawn from `inputs` with fast-check (seeded, in batches sent together) to
 * `target` and counts the answers. Any answer of 500 or more fails the property, so fast-check
 * shrinks the batch to the smallest failing one and prints it with the seed. `between` runs after
 * each batch (e.g. to empty a stand-in's record of what it received, which is not Conduct's memory).
 *
 * The target's RSS is read after the first tenth of the run (modules loaded, pools and caches
 * warm) and at the end, each time after a full garbage collection, so the growth measured is what
 * Conduct kept from the rest of the run.
 */
export async function fuzz<T>(
  name: string,
  target: FuzzTarget,
  inputs: fc.Arbitrary<T>,
  count: number,
  sendOne: (input: T) => Promise<Sent>,
  between: () => void = () => undefined,
): Promise<FuzzFigures> {
  const byStatus: Record<number, number> = {};
  const failures: Sent[] = [];
  const runs = Math.ceil(count / batchSize);
  const warmUpRuns = Math.ceil(runs / 10);
  let run = 0;
  let sent = 0;
  const before = await target.measure();
  let afterWarmUp = before;
  const trend: number[] = [];
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  const databaseCpuBefore = databaseCpuSeconds();
  await fc.assert(
    fc.asyncProperty(fc.array(inputs, { minLength: batchSize, maxLength: batchSize }), async (batch) => {
      const answers = await Promise.all(batch.map(sendOne));
      sent += answers.length;
      for (const answer of answers) byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
      between();
      run += 1;
      if (run % warmUpRuns === 0) {
        const measured = await target.measure();
        if (run === warmUpRuns) afterWarmUp = measured;
        trend.push(Math.round(measured.rss / 1_048_576));
      }
      const failed = answers.filter((answer) => answer.status >= 500 || answer.status < 100);
      if (failed.length > 0) {
        failures.push(...failed);
        throw new Error(`${name}: ${failed.map((answer) => answer.what).join('\n')}`);
      }
    }),
    { seed: fuzzSeed, numRuns: runs, endOnFailure: process.env.FUZZ_SHRINK !== '1' },
  );
  const atEnd = await target.measure();
  const cpu = process.cpuUsage(cpuBefore);
  const fuzzerCpu = (cpu.user + cpu.system) / 1e6;
  const targetCpu = atEnd.cpuSeconds - before.cpuSeconds;
  const databaseCpuAfter = databaseCpuSeconds();
  const databaseCpu =
    databaseCpuBefore === undefined || databaseCpuAfter === undefined
      ? undefined
      : databaseCpuAfter - databaseCpuBefore;
  const figures: FuzzFigures = {
    sent,
    byStatus,
    failures,
    seconds: (Date.now() - started) / 1000,
    cpuSeconds: fuzzerCpu + targetCpu + (databaseCpu ?? 0),
    rssGrowthMb: (atEnd.rss - afterWarmUp.rss) / 1_048_576,
  };
  // The figures for the record (docs/BENCHMARKS.md); jest shows them with the test output.
  process.stdout.write(
    `fuzz ${name}: ${sent} sent (seed ${fuzzSeed}), answers ${JSON.stringify(byStatus)}; ` +
      `Conduct's process after warm-up: RSS ${mb(afterWarmUp.rss)} MB, growth ${mb(atEnd.rss - afterWarmUp.rss)} MB ` +
      `(JS heap ${mb(atEnd.heapUsed - afterWarmUp.heapUsed)} MB, buffers ${mb(atEnd.external - afterWarmUp.external)} MB, ` +
      `heap reserved ${mb(atEnd.heapTotal - afterWarmUp.heapTotal)} MB; RSS by tenths: ${trend.join(' ')}); ` +
      `${figures.seconds.toFixed(1)} s (CPU: fuzzer ${fuzzerCpu.toFixed(1)} s, Conduct ${targetCpu.toFixed(1)} s, ` +
      `database ${databaseCpu === undefined ? 'not found' : `${databaseCpu.toFixed(1)} s`})\n`,
  );
  return figures;
}

/**
 * What every fuzz run must show: all `count` inputs sent, none answered 5xx (or not at all),
 * Conduct still running and healthy, its memory flat (RSS growth under 50 MB after warm-up) and
 * the run under 2 minutes of CPU (the wall clock on a shared machine depends on its other load).
 */
export async function expectUnharmed(target: FuzzTarget, figures: FuzzFigures, count: number): Promise<void> {
  expect(figures.sent).toBeGreaterThanOrEqual(count);
  expect(figures.failures).toEqual([]);
  expect(target.running()).toBe(true);
  expect((await send(`${target.url}/healthz`, { method: 'GET' })).status).toBe(200);
  expect(figures.rssGrowthMb).toBeLessThan(50);
  expect(figures.cpuSeconds).toBeLessThan(120);
}
