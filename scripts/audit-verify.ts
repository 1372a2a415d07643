// npm run audit:verify — verifies every tenant's audit trail (each event's HMAC and link, the head's
// seal and count, every checkpoint) against the configured AUDIT_HMAC_KEY (or, outside production,
// this machine's .data/audit-hmac.key). Exits 1 when any chain is broken. In development, stop
// Conduct first: the embedded database's data directory serves one process at a time.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { auditKeyFromConfig, bindAuditKey } from '../src/audit/key';
import { chainProblemText, verifyAuditChain } from '../src/audit/store';
import { auditedTenants } from '../src/audit/store';
import { ConfigError, loadConfig } from '../src/config';
import { openConnection } from '../src/store/connection';
import { startEmbeddedDatabase } from '../src/store/embedded-database';
import { createModels } from '../src/store/models';

async function main(): Promise<number> {
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
  const connection = await openConnection(config.database.uri ?? embedded!.uri, config.database.name);
  try {
    const models = createModels(connection);
    bindAuditKey(models, auditKeyFromConfig(config));
    let broken = 0;
    const tenants = await auditedTenants(models, config.bot.tenantId);
    for (const tenantId of tenants) {
      const result = await verifyAuditChain(models, tenantId);
      if (result.ok) {
        process.stdout.write(`${tenantId}: intact, ${result.events} events, last MAC ${result.lastHash}\n`);
      } else {
        broken += 1;
        process.stdout.write(
          `${tenantId}: BROKEN from event ${result.brokenAt}: ${chainProblemText[result.problem]}\n`,
        );
      }
    }
    if (tenants.length === 0) process.stdout.write('No audit trail yet.\n');
    return broken === 0 ? 0 : 1;
  } finally {
    await connection.close();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
