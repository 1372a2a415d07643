import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Db } from 'mongodb';
import { loadConfig, type Config } from '../src/config';

export interface CompiledApp {
  readonly url: string;
  /** The process's log lines so far (JSON objects, as pino writes them). */
  readonly logs: readonly Record<string, unknown>[];
  /** The process's peak resident set so far (Linux VmHWM), in bytes. */
  peakRssBytes(): number;
  stop(): Promise<void>;
}

/**
 * Runs the compiled service (dist/src/main.js, from `npm run build`) as its own process, with the
 * Node options `npm start` (and so the container) uses, so its memory is measured as deployed.
 */
export async function spawnCompiledApp(env: Record<string, string>): Promise<CompiledApp> {
  const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  const [node, ...args] = start.split(' ');
  if (node !== 'node') throw new Error(`npm start should run node, not: ${start}`);
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // Development: the bot runs without a Bot Framework registration, for this machine only.
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      DIRECTORY_SYNC_INTERVAL_MINUTES: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const logs: Record<string, unknown>[] = [];
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // Not a log line: nothing to keep.
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Conduct did not start within 60 s')), 60_000);
    lines.on('line', (line) => {
      if (!line.includes('Conduct is listening')) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`Conduct exited with ${code}`)));
  });
  return {
    url,
    logs,
    peakRssBytes: () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
        return kb ? Number(kb) * 1024 : 0;
      } catch {
        return 0;
      }
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * POSTs JSON and waits however long the answer takes: on the embedded database hundreds of
 * concurrent requests queue behind its one-at-a-time gate for longer than fetch's five minutes.
 */
export function postWithoutTimeout(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 0 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/**
 * Settings for an in-process Conduct measured by a benchmark: its own database, the local Entra as
 * its identity provider, no directory sync, and job polling so rare that no scheduled job shares
 * the database while the API is measured.
 */
export function benchAppConfig(
  uri: string,
  database: string,
  auditKey: Buffer,
  entra: { clientId: string; clientSecret: string; tenantId: string; issuer: string; origin: string },
): Config {
  return loadConfig(
    {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      MONGODB_URI: uri,
      MONGODB_DB: database,
      AUDIT_HMAC_KEY: auditKey.toString('base64'),
      MICROSOFT_APP_ID: entra.clientId,
      MICROSOFT_APP_PASSWORD: entra.clientSecret,
      MICROSOFT_APP_TENANT_ID: entra.tenantId,
      AUTH_ISSUER: entra.issuer,
      AUTH_AUDIENCE: entra.clientId,
      ENTRA_AUTHORITY_HOST: entra.origin,
      DIRECTORY_SYNC_INTERVAL_MINUTES: '0',
      JOBS_POLL_INTERVAL_MS: '3600000',
    },
    process.cwd(),
  );
}

/** The value below which p % of the values fall (nearest rank). */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/**
 * Waits until the jobs Conduct runs when it starts (every recurring job is due on a new database:
 * the summaries' rebuild, retention, the audit check…, one after another) have finished, so that they do not share the embedded
 * database's one-at-a-time gate with the requests measured. Returns how long they took.
 */
export async function startupJobsDone(db: Db): Promise<number> {
  const started = performance.now();
  const appStarted = new Date();
  const jobs = db.collection('jobs');
  for (let quiet = 0; quiet < 2;) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const busy =
      (await jobs.countDocuments({ lockedAt: { $ne: null } })) +
      (await jobs.countDocuments({
        type: 'single',
        lastFinishedAt: null,
        nextRunAt: { $lte: appStarted },
      }));
    quiet = busy === 0 ? quiet + 1 : 0;
    if (performance.now() - started > 30 * 60_000)
      throw new Error('start-up jobs still running after 30 minutes');
  }
  return Math.round(performance.now() - started);
}
