// npm run summaries:rebuild — recounts every tenant's compliance summaries from the records (what the
// nightly job `compliance.rebuild` does) and says how many standings and cells it corrected. In
// development, stop Conduct first: the embedded database's data directory serves one process at a time.
import { bindSummaryTimeZone, rebuildComplianceSummaries, summarisedTenants } from '../src/compliance/store';
import { ensureIndexes } from '../src/store/models';
import { withConfiguredDatabase } from './database';

withConfiguredDatabase(async (models, config) => {
  await ensureIndexes(models);
  bindSummaryTimeZone(models, config.reminders.timeZone);
  const tenants = await summarisedTenants(models);
  for (const tenantId of tenants) {
    const corrected = await rebuildComplianceSummaries(models, tenantId);
    process.stdout.write(
      `${tenantId}: rebuilt; corrected ${corrected.standings} standings and ${corrected.cells} summary cells\n`,
    );
  }
  if (tenants.length === 0) process.stdout.write('No policies yet: nothing to summarise.\n');
}).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
