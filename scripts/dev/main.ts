import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { createScheduler } from '../../src/jobs/scheduler';
import { createLogger } from '../../src/logger';
import { startApp } from '../../src/app';
import { startPlayground, type Playground } from '../standins/playground';
import { startDevSignIn, type DevSignIn } from '../dev-entra';
import { announce, announceFailure } from './announce';
import { seedSampleData, type SamplePerson } from './sample-data';

/*
 * `npm run dev`: Conduct with the embedded database and, unless a real bot registration is
 * configured, Microsoft's Agents Playground standing in for Teams, with our sample school.
 */

const localTenant = '6f1a3c52-0d7e-4b8a-9c1e-2b5d8f4a7c10';
const people: Omit<SamplePerson, 'conversation'>[] = [
  {
    name: 'Sam Taylor',
    aadObjectId: '2d9c1f64-5b3a-4e7d-8f21-6a0c9e4b7d31',
    jobTitle: 'IT manager',
    roles: [
      'trust_admin',
      'it_manager',
      'ict_helpdesk',
      'online_safety_officer',
      'dsl',
      'dpo',
      'headteacher',
    ],
  },
  { name: 'Priya Shah', aadObjectId: '8b4e2a17-3c6d-4f90-a1b2-7c5d9e0f3a42', jobTitle: 'Year 2 teacher' },
  { name: 'Tom Baker', aadObjectId: '5c7a9e31-2f4b-4d68-b3c1-9e8f0a2d6b53', jobTitle: 'Teaching assistant' },
  {
    name: 'Grace Okafor',
    aadObjectId: '1e3b5d79-8a2c-4f46-9d0e-3b7f1c5a9e64',
    jobTitle: 'School business manager',
  },
  { name: 'Hugh Fraser', aadObjectId: '9f2d4b68-1e3a-4c57-8b9d-0a6e2f4c8d75', jobTitle: 'Site manager' },
  { name: 'Lena Novak', aadObjectId: '3a6c8e02-4d1f-4b79-a5c3-8d2e0b6f1a86', jobTitle: 'Year 6 teacher' },
];

async function main(): Promise<void> {
  const envFile = path.join(process.cwd(), '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const env: Record<string, string | undefined> = { ...process.env };
  const port = Number(env.PORT ?? 3978);
  let playground: Playground | undefined;
  if (!env.MICROSOFT_APP_ID) {
    playground = await startPlayground({
      botEndpoint: `http://127.0.0.1:${port}/api/messages`,
      tenantId: env.MICROSOFT_APP_TENANT_ID ?? localTenant,
      currentUser: people[0]!,
      users: people.slice(1),
      port: Number(env.PLAYGROUND_PORT ?? 56150),
      // The Playground hands what the bot sent before anyone connected to the first page opened.
      watch: false,
    });
    env.MICROSOFT_APP_TENANT_ID = playground.tenantId;
    env.BOT_TRUSTED_SERVICE_URLS = [env.BOT_TRUSTED_SERVICE_URLS, playground.serviceUrl]
      .filter(Boolean)
      .join(',');
  }
  // The tab signs in against a local Entra (the tests' stand-in) unless a real issuer is configured.
  let signIn: DevSignIn | undefined;
  if (playground && !env.AUTH_ISSUER) {
    signIn = await startDevSignIn({ tenantId: playground.tenantId, signInAs: people[0]!.aadObjectId });
    Object.assign(env, signIn.env);
  }
  const config = loadConfig(env, process.cwd());
  const logger = createLogger(config.logLevel);
  const app = await startApp(config, logger);
  if (playground) {
    const jobs = createScheduler({
      connection: app.connection,
      logger,
      pollIntervalMs: config.jobs.pollIntervalMs,
      lockLifetimeMs: config.jobs.lockLifetimeMs,
      workerName: 'dev-seed',
    });
    const seeded = await seedSampleData(app.models, jobs, config.reminders.timeZone, playground.tenantId, [
      { ...people[0]!, conversation: { id: playground.personalChatId, serviceUrl: playground.serviceUrl } },
      ...people.slice(1),
    ]);
    announce([
      '',
      `Conduct is running at ${app.url} (health: ${app.url}/readyz)`,
      `Chat with the bot in the Agents Playground: ${playground.url}`,
      `  You are ${people[0]!.name}, IT manager of our sample school.`,
      seeded
        ? '  The sample policy was just published: its card is waiting in your chat. Sign it there.'
        : '  Sample data already exists (delete .data/devdb to start afresh).',
      '  Try "help", "my policies", or tell the bot about a problem, e.g. "I clicked a link in a strange email".',
      `The dashboard: ${app.url}/tab/admin (signed in as ${people[0]!.name})`,
      ...(signIn
        ? [`  First open ${signIn.certificateUrl} once and accept the local sign-in service's certificate.`]
        : []),
      'Press Ctrl+C to stop.',
      '',
    ]);
  }
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void Promise.allSettled([app.stop(), playground?.stop(), signIn?.stop()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  announceFailure(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
