import type { EmbeddedDatabase } from '../../src/store/embedded-database';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { conductTestDatabase?: EmbeddedDatabase }).conductTestDatabase;
  await database?.stop();
}
