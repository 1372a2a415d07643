import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { bindAuditKey } from '../../src/audit/key';
import { openConnection } from '../../src/store/connection';
import { createModels, ensureIndexes, type Models } from '../../src/store/models';

export interface TestDatabase {
  readonly uri: string;
  readonly name: string;
  readonly connection: Connection;
  readonly models: Models;
}

/** The embedded database of this jest worker (globalSetup starts one per worker). */
export function testDatabaseUri(): string {
  return ofThisWorker('CONDUCT_TEST_MONGODB_URIS');
}

/** The process id of this worker's embedded database (to read the CPU time it used). */
export function testDatabasePid(): number {
  return Number(ofThisWorker('CONDUCT_TEST_DATABASE_PIDS'));
}

function ofThisWorker(variable: string): string {
  const values = process.env[variable]?.split(' ').filter(Boolean) ?? [];
  if (values.length === 0) throw new Error('The test databases were not started (jest globalSetup).');
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  return values[(worker - 1) % values.length]!;
}

/** The audit trail's HMAC key in tests (production's comes from Key Vault). */
export const testAuditKey = Buffer.alloc(32, 5);

export const uniqueDatabaseName = (): string => `test_${randomBytes(6).toString('hex')}`;

/** A fresh database of its own for one test file, with every collection and index; dropped afterwards. */
export function useTestDatabase(): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    const uri = testDatabaseUri();
    const name = uniqueDatabaseName();
    const connection = await openConnection(uri, name);
    const models = createModels(connection);
    bindAuditKey(models, testAuditKey);
    await ensureIndexes(models);
    database = { uri, name, connection, models };
  });
  afterAll(async () => {
    if (!database) return;
    await database.connection.dropDatabase();
    await database.connection.close();
  });
  return () => {
    if (!database) throw new Error('useTestDatabase() is only ready inside tests');
    return database;
  };
}
