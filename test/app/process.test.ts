import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { spawnApp, type AppProcess } from '../support/app-process';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';
import { devdbBinary } from '../support/devdb';

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function stop(app: AppProcess): Promise<number | null> {
  app.child.kill('SIGTERM');
  return app.exited;
}

describe('running Conduct as a process', () => {
  it('uses the database named by MONGODB_URI and does not start the embedded one', async () => {
    const dbName = uniqueDatabaseName();
    const app = spawnApp({
      PORT: '0',
      MONGODB_URI: testDatabaseUri(),
      MONGODB_DB: dbName,
      DEVDB_BINARY: '/nonexistent/devdb',
    });
    try {
      const listening = await app.waitForLog('Conduct is listening');
      expect(app.logs.some((l) => l.msg === 'using the database named by MONGODB_URI')).toBe(true);
      expect(app.logs.some((l) => l.msg === 'using the embedded development database')).toBe(false);
      const ready = await fetch(`${String(listening.url)}/readyz`);
      expect(ready.status).toBe(200);

      const connection = await mongoose.createConnection(testDatabaseUri(), { dbName }).asPromise();
      const collections = (await connection.db!.listCollections().toArray()).map((c) => c.name);
      await connection.dropDatabase();
      await connection.close();
      expect(collections).toEqual(
        expect.arrayContaining(['people', 'acknowledgements', 'policy_versions', 'incidents']),
      );
    } finally {
      expect(await stop(app)).toBe(0);
    }
  });

  it('starts the embedded database itself when MONGODB_URI is unset, and stops it on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'conduct-app-db-'));
    const app = spawnApp({ PORT: '0', DEVDB_DATA_DIR: dataDir, DEVDB_BINARY: devdbBinary });
    const embedded = await app.waitForLog('using the embedded development database');
    const listening = await app.waitForLog('Conduct is listening');
    const ready = await fetch(`${String(listening.url)}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect(existsSync(dataDir)).toBe(true);

    const devdbPid = embedded.pid as number;
    expect(isRunning(devdbPid)).toBe(true);
    expect(await stop(app)).toBe(0);
    expect(isRunning(devdbPid)).toBe(false);
    expect(app.logs.some((l) => l.msg === 'Conduct stopped')).toBe(true);
  });
});
