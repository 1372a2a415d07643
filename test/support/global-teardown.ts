import type { EmbeddedDatabase } from '../../src/store/embedded-database';
import { tearDownTestCa } from '../../scripts/standins/ca';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { conductTestDatabase?: EmbeddedDatabase }).conductTestDatabase;
  await database?.stop();
  tearDownTestCa();
}
