/**
 * `npm run bench [name …]`: runs the benchmarks (all by default) and writes each one's figures to
 * test-output/bench-<name>.json. docs/BENCHMARKS.md records the figures of a reference run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { campaignBench, ensureBuilt } from './campaign';
import { complianceBench } from './compliance';
import { intentBench } from './intent';
import { subjectAccessBench } from './subject-access';

const benchmarks: Record<string, () => Promise<unknown>> = {
  compliance: () =>
    complianceBench({
      sizes: (process.env.BENCH_PEOPLE ?? '1000,10000').split(',').map(Number),
      iterations: Number(process.env.BENCH_ITERATIONS ?? 20),
      signers: Number(process.env.BENCH_SIGNERS ?? 500),
    }),
  campaign: () =>
    campaignBench({
      recipients: Number(process.env.BENCH_RECIPIENTS ?? 5_000),
      throttleShare: Number(process.env.BENCH_THROTTLE_SHARE ?? 0.005),
    }),
  intent: () => Promise.resolve(intentBench()),
  'subject-access': () =>
    subjectAccessBench({
      sizes: (process.env.BENCH_PEOPLE ?? '1000,10000').split(',').map(Number),
      iterations: Number(process.env.BENCH_ITERATIONS ?? 5),
    }),
};

/** Benchmarks that run the code in place (in process) and need no build of the app. */
const withoutBuild = new Set(['intent', 'compliance', 'subject-access']);

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    throw new Error(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`,
    );
  }
  const selected = names.length > 0 ? names : Object.keys(benchmarks);
  if (selected.some((name) => !withoutBuild.has(name))) ensureBuilt();
  mkdirSync('test-output', { recursive: true });
  for (const name of selected) {
    process.stdout.write(`\n== ${name}\n`);
    const result = await benchmarks[name]!();
    writeFileSync(`test-output/bench-${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}

// A stopped app can leave a timer behind (agenda's lock check); the figures are written by then.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
