import type { EmbeddedDatabase } from '../../src/store/embedded-database';
import { tearDownTestCa } from '../../scripts/standins/ca';
import { checkRecordedQueryShapes } from './query-index-check';

export default async function globalTeardown(): Promise<void> {
  const databases = (globalThis as { conductTestDatabases?: EmbeddedDatabase[] }).conductTestDatabases;
  await Promise.all((databases ?? []).map((database) => database.stop()));
  tearDownTestCa();
  // On MongoDB no request may scan a collection: every query Conduct issued must have an index.
  const { unserved } = checkRecordedQueryShapes();
  if (unserved.length > 0) {
    throw new Error(
      `Queries no declared index serves (see test-output/query-shapes.md):\n${unserved.join('\n')}`,
    );
  }
}
