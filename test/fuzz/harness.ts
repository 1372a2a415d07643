import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';

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

export function closeClient(): void {
  agent.destroy();
}

/** CPU seconds used so far by the embedded database this jest run started (a child of jest's main process), if found. */
function databaseCpuSeconds(): number | undefined {
  if (!existsSync('/proc')) return undefined;
  const parents = new Set([process.pid, process.ppid]);
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? [];
      const fields = rest?.split(' ') ?? [];
      if (comm !== 'devdb' || !parents.has(Number(fields[1]))) continue;
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** RSS once garbage is collected: what the process keeps, not what it has yet to free. */
function settledMemory(): { rss: number; heap: number; heapTotal: number; external: number } {
  collectGarbage();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  return { rss, heap: heapUsed, heapTotal, external };
}

export interface FuzzFigures {
  readonly sent: number;
  readonly byStatus: Record<number, number>;
  readonly failures: Sent[];
  /** Wall-clock time of the run (depends on how busy the machine is). */
  readonly seconds: number;
  /** CPU time the run cost: this process's and the database's (when found); the load does not stretch it. */
  readonly cpuSeconds: number;
  readonly rssGrowthMb: number;
  /**
   * RSS growth less the growth of V8's reserved but free heap: what the process keeps. V8 grows
   * its heap's reservation as it sees fit and gives it back later; a leak shows here.
   */
  readonly keptGrowthMb: number;
  /**
   * Growth of what JavaScript holds after a full collection: the heap in use and the memory outside
   * it that objects own (buffers). A leak in Conduct's code shows here whatever else shares the
   * process; RSS growth of a jest worker also counts the C allocator's arenas and the other suites
   * the worker ran (suite runs have measured 50–56 MB of RSS growth with the JS heap flat).
   */
  readonly retainedGrowthMb: number;
}

/**
 * Sends `count` inputs drawn from `inputs` with fast-check (seeded, in batches sent together) and
 * counts the answers. Any answer of 500 or more fails the property, so fast-check shrinks the
 * batch to the smallest failing one and prints it with the seed. `between` runs after each batch
 * (e.g. to empty a stand-in's record of what it received, which is not Conduct's memory).
 *
 * RSS is read after the first tenth of the run (modules loaded, pools and caches warm) and at the
 * end, each time after a full garbage collection, so the growth measured is what the rest of the
 * run kept.
 */
export async function fuzz<T>(
  name: string,
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
  let afterWarmUp = { rss: 0, heap: 0, heapTotal: 0, external: 0 };
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
      if (run === warmUpRuns) afterWarmUp = settledMemory();
      if (run % warmUpRuns === 0) trend.push(Math.round(process.memoryUsage().rss / 1_048_576));
      const failed = answers.filter((answer) => answer.status >= 500 || answer.status < 100);
      if (failed.length > 0) {
        failures.push(...failed);
        throw new Error(`${name}: ${failed.map((answer) => answer.what).join('\n')}`);
      }
    }),
    { seed: fuzzSeed, numRuns: runs, endOnFailure: process.env.FUZZ_SHRINK !== '1' },
  );
  const atEnd = settledMemory();
  const cpu = process.cpuUsage(cpuBefore);
  const databaseCpuAfter = databaseCpuSeconds();
  const databaseCpu =
    databaseCpuBefore === undefined || databaseCpuAfter === undefined
      ? 'not found'
      : `${(databaseCpuAfter - databaseCpuBefore).toFixed(1)} s`;
  const figures: FuzzFigures = {
    sent,
    byStatus,
    failures,
    seconds: (Date.now() - started) / 1000,
    cpuSeconds:
      (cpu.user + cpu.system) / 1e6 +
      (databaseCpuBefore === undefined || databaseCpuAfter === undefined
        ? 0
        : databaseCpuAfter - databaseCpuBefore),
    rssGrowthMb: (atEnd.rss - afterWarmUp.rss) / 1_048_576,
    keptGrowthMb:
      (atEnd.rss -
        (atEnd.heapTotal - atEnd.heap) -
        (afterWarmUp.rss - (afterWarmUp.heapTotal - afterWarmUp.heap))) /
      1_048_576,
    retainedGrowthMb: (atEnd.heap + atEnd.external - (afterWarmUp.heap + afterWarmUp.external)) / 1_048_576,
  };
  // The figures for the record (docs/BENCHMARKS.md); jest shows them with the test output.
  process.stdout.write(
    `fuzz ${name}: ${sent} sent (seed ${fuzzSeed}), answers ${JSON.stringify(byStatus)}, ` +
      `growth after warm-up: RSS ${figures.rssGrowthMb.toFixed(1)} MB, kept ${figures.keptGrowthMb.toFixed(1)} MB, ` +
      `JS heap ${((atEnd.heap - afterWarmUp.heap) / 1_048_576).toFixed(1)} MB, ` +
      `buffers ${((atEnd.external - afterWarmUp.external) / 1_048_576).toFixed(1)} MB, ` +
      `heap reserved ${((atEnd.heapTotal - afterWarmUp.heapTotal) / 1_048_576).toFixed(1)} MB (RSS by tenths: ${trend.join(' ')}); ${figures.seconds.toFixed(1)} s ` +
      `(CPU: jest process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, database ${databaseCpu})\n`,
  );
  return figures;
}
