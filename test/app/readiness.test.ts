import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApp, type RunningApp } from '../../src/app';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/store/embedded-database';
import { devdbBinary } from '../support/devdb';

async function waitForStatus(url: string, status: number, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(url);
    if (response.status === status || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('/readyz follows the database', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'conduct-readyz-'));
  let database: EmbeddedDatabase;
  let app: RunningApp;

  beforeAll(async () => {
    database = await startEmbeddedDatabase({ binary: devdbBinary, dataDir });
    const config = loadConfig(
      { NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', MONGODB_URI: database.uri },
      process.cwd(),
    );
    app = await startApp(config, createLogger('silent'));
  });
  afterAll(async () => {
    await app.stop();
    await database.stop();
  });

  it('is 200 while the database answers, 503 with a reason when it dies, and 200 again after it restarts', async () => {
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);

    process.kill(database.pid, 'SIGKILL');
    const down = await waitForStatus(`${app.url}/readyz`, 503);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { status: string; reason: string };
    expect(body.status).toBe('unavailable');
    expect(body.reason).toMatch(/^database unavailable: /);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);

    const listen = new URL(database.uri).host;
    database = await startEmbeddedDatabase({ binary: devdbBinary, dataDir, listen });
    const up = await waitForStatus(`${app.url}/readyz`, 200);
    expect(up.status).toBe(200);
  });
});
