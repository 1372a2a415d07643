import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../../src/store/embedded-database';
import { devdbBinary, buildDevdbOnce } from './devdb';
import { setUpTestCa } from '../../scripts/standins/ca';
import { queryShapesDir } from './query-shapes';

/** Starts one embedded database for the whole run; each test file uses a database of its own in it. */
export default async function globalSetup(): Promise<void> {
  rmSync(queryShapesDir, { recursive: true, force: true });
  await setUpTestCa();
  buildDevdbOnce();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'conduct-test-db-'));
  const database = await startEmbeddedDatabase({ binary: devdbBinary, dataDir });
  process.env.CONDUCT_TEST_MONGODB_URI = database.uri;
  (globalThis as { conductTestDatabase?: unknown }).conductTestDatabase = database;
}
