// npm run audit:verify — verifies every tenant's audit trail (each event's HMAC and link, the head's
// seal and count, every checkpoint) against the configured AUDIT_HMAC_KEY (or, outside production,
// this machine's .data/audit-hmac.key). Exits 1 when any chain is broken. In development, stop
// Conduct first: the embedded database's data directory serves one process at a time.
import { auditKeyFromConfig, bindAuditKey } from '../src/audit/key';
import { auditedTenants, chainProblemText, verifyAuditChain } from '../src/audit/store';
import { ConfigError } from '../src/config';
import { withConfiguredDatabase } from './database';

function main(): Promise<number> {
  return withConfiguredDatabase(async (models, config) => {
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
  });
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
