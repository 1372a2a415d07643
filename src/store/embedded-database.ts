import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface EmbeddedDatabase {
  readonly uri: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  binary: string;
  dataDir: string;
  /** host:port; port 0 picks a free one. */
  listen?: string;
  startTimeoutMs?: number;
  onLog?: (line: string) => void;
}

/**
 * Starts the development database (infra/devdb: FerretDB over SQLite behind a serialising gate)
 * and resolves once it prints its mongodb:// URI.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  if (!existsSync(options.binary)) {
    throw new Error(
      `The embedded database is not built (${options.binary} is missing). Run "npm run devdb:build", or set MONGODB_URI.`,
    );
  }
  mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    options.binary,
    ['-listen', options.listen ?? '127.0.0.1:0', '-data', options.dataDir, '-exit-with-stdin'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  if (options.onLog) {
    const log = options.onLog;
    createInterface({ input: child.stderr }).on('line', (line) => log(line));
  } else {
    child.stderr.resume();
  }
  const uri = await readUri(child, options.startTimeoutMs ?? 60_000);
  return { uri, pid: child.pid ?? -1, stop: () => stopProcess(child) };
}

function readUri(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (message: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(message));
    };
    const timer = setTimeout(
      () => fail(`The embedded database did not start within ${timeoutMs} ms.`),
      timeoutMs,
    );
    lines.on('line', (line) => {
      if (!line.startsWith('mongodb://')) return;
      clearTimeout(timer);
      lines.removeAllListeners('line');
      child.off('exit', onExit);
      resolve(line.trim());
    });
    const onExit = (code: number | null): void =>
      fail(`The embedded database exited during start-up (code ${code}).`);
    child.once('exit', onExit);
    child.once('error', (error) => fail(`The embedded database could not be started: ${error.message}`));
  });
}

async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
