import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../../src/store/embedded-database';
import { devdbBinary, buildDevdbOnce } from './devdb';
import { setUpTestCa } from '../../scripts/standins/ca';
import { queryShapesDir } from './query-shapes';

/**
 * Starts one embedded database per jest worker; each test file uses a database of its own in its
 * worker's. devdb passes one request at a time through its gate, so with one database for the
 * whole run each worker's queries waited for the other's; with one each they run side by side.
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  rmSync(queryShapesDir, { recursive: true, force: true });
  await setUpTestCa();
  buildDevdbOnce();
  const count = Math.max(1, globalConfig.maxWorkers);
  const databases = await Promise.all(
    Array.from({ length: count }, () =>
      startEmbeddedDatabase({
        binary: devdbBinary,
        dataDir: mkdtempSync(path.join(tmpdir(), 'conduct-test-db-')),
      }),
    ),
  );
  process.env.CONDUCT_TEST_MONGODB_URIS = databases.map((database) => database.uri).join(' ');
  process.env.CONDUCT_TEST_DATABASE_PIDS = databases.map((database) => database.pid).join(' ');
  (globalThis as { conductTestDatabases?: unknown }).conductTestDatabases = databases;
}
