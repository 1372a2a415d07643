import { Collection } from 'mongodb';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApp } from '../../src/app';
import { recordQueryShapes } from '../support/query-shapes';

/**
 * Conduct as a process of its own for the fuzzers (started by `startFuzzTarget` in ./harness.ts),
 * so that its memory is measured alone: a jest worker's RSS also holds jest, the fuzzer's inputs
 * and whatever the suites it ran before left in the C allocator. Configured by its environment, as
 * `src/main.ts` is; it answers the harness over the IPC channel:
 * - on start: `{ ready: { url, routes } }`;
 * - `{ id, ask: 'measure' }` → `{ id, measured }`: memory after a full garbage collection, and CPU time;
 * - `{ ask: 'stop' }`: stops Conduct as a shutdown would, then exits (0 when the stop went well).
 */
export interface Measured {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly cpuSeconds: number;
}

export type TargetMessage =
  { ready: { url: string; routes: { method: string; path: string }[] } } | { id: number; measured: Measured };

function reply(message: TargetMessage): void {
  process.send?.(message);
}

function measure(): Measured {
  // Started with --expose-gc: RSS once garbage is collected is what the process keeps.
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  const cpu = process.cpuUsage();
  return { rss, heapUsed, heapTotal, external, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function main(): Promise<void> {
  // Its queries count in the suite's index check like those of Conduct started inside jest.
  recordQueryShapes(Collection.prototype as unknown as Record<string, unknown>);
  const config = loadConfig(process.env, process.cwd());
  const app = await startApp(config, createLogger(config.logLevel));
  process.on('message', (message: { id: number; ask: 'measure' } | { ask: 'stop' }) => {
    if (message.ask === 'measure') reply({ id: message.id, measured: measure() });
    else
      app.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`stop failed: ${error instanceof Error ? error.stack : String(error)}\n`);
          process.exit(1);
        },
      );
  });
  reply({ ready: { url: app.url, routes: app.routes.map(({ method, path }) => ({ method, path })) } });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `fuzz target failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
