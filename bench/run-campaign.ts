import { writeFileSync, mkdirSync } from 'node:fs';
import { campaignBench, ensureBuilt } from './campaign';

async function main(): Promise<void> {
  ensureBuilt();
  const recipients = Number(process.env.BENCH_RECIPIENTS ?? 5_000);
  const throttleShare = Number(process.env.BENCH_THROTTLE_SHARE ?? 0.005);
  const result = await campaignBench({ recipients, throttleShare });
  mkdirSync('test-output', { recursive: true });
  writeFileSync('test-output/bench-campaign.json', `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
