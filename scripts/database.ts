// The database a maintenance command works on: MONGODB_URI's, or the embedded one in .data/devdb
// (whose data directory serves one process at a time: stop Conduct first).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../src/config';
import { openConnection } from '../src/store/connection';
import { startEmbeddedDatabase } from '../src/store/embedded-database';
import { createModels, type Models } from '../src/store/models';

/** Runs the work with the configured database's models, then closes it (and stops the embedded one). */
export async function withConfiguredDatabase<T>(
  work: (models: Models, config: Config) => Promise<T>,
): Promise<T> {
  const rootDir = process.cwd();
  const envFile = path.join(rootDir, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig(process.env, rootDir);
  const embedded =
    config.database.uri === undefined
      ? await startEmbeddedDatabase({
          binary: config.database.embedded.binary,
          dataDir: config.database.embedded.dataDir,
        })
      : undefined;
  try {
    const connection = await openConnection(config.database.uri ?? embedded!.uri, config.database.name);
    try {
      return await work(createModels(connection), config);
    } finally {
      await connection.close();
    }
  } finally {
    await embedded?.stop();
  }
}
