// Conduct's process: reads and checks the configuration, then starts the app (./app.ts). Only the
// configuration and the logger are loaded before the check, so a bad configuration is refused in
// well under a second, before the bot, the database client and the capabilities are loaded.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './logger';

async function main(): Promise<void> {
  const rootDir = process.cwd();
  const envFile = path.join(rootDir, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  let config: Config;
  try {
    config = loadConfig(process.env, rootDir);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  const { startApp } = await import('./app');
  const app = await startApp(config, logger);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Conduct failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
