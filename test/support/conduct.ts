import { loadConfig } from '../../src/config';
import type { DestinationStream } from 'pino';
import { createLogger } from '../../src/logger';
import { startApp, type RunningApp } from '../../src/app';
import type { Models } from '../../src/store/models';
import type { Person } from '../../src/directory/model';
import { testAuditKey, testDatabaseUri, uniqueDatabaseName } from './database';
import {
  startConnectorStandIn,
  type ConnectorStandIn,
  type ThrottleRules,
} from '../../scripts/standins/connector';
import { startEntraStandIn, type EntraStandIn } from '../../scripts/standins/entra';
import { postActivity, testTenantId, type TeamsUser } from '../../scripts/standins/teams';

export interface BotUnderTest {
  readonly app: RunningApp;
  readonly models: Models;
  readonly connector: ConnectorStandIn;
  /** The local Entra: `entra.tokenFor({ oid })` signs a person in to the REST API. */
  readonly entra: EntraStandIn;
  /** Calls the REST API as the person with this Entra object id. */
  api: <T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { as?: string; body?: unknown },
  ) => Promise<{ status: number; body: T }>;
  /** Posts a Teams-shaped activity to /api/messages. */
  send: (activity: Record<string, unknown>) => Promise<{ status: number; body: unknown }>;
}

export interface BotTestOptions {
  env?: Record<string, string>;
  throttle?: Partial<ThrottleRules>;
  /** Where Conduct's log lines go, at level trace (e.g. to check what is never logged); default: nowhere. */
  logTo?: DestinationStream;
}

/**
 * The configuration of Conduct as production runs it, on the database `name` of this worker's
 * test database: an app registration, with people signed in through the Entra stand-in.
 */
export function registeredAppEnv(entra: EntraStandIn, name: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    MONGODB_URI: testDatabaseUri(),
    MONGODB_DB: name,
    MICROSOFT_APP_ID: entra.clientId,
    MICROSOFT_APP_PASSWORD: entra.clientSecret,
    MICROSOFT_APP_TENANT_ID: entra.tenantId,
    AUTH_ISSUER: entra.issuer,
    AUTH_AUDIENCE: `${entra.applicationIdUri},${entra.clientId}`,
    ENTRA_AUTHORITY_HOST: entra.origin,
  };
}

/**
 * The configuration of Conduct's bot in tests, on a database of its own: the bot as in local
 * development (no Bot Framework registration, so it takes activities from this machine only;
 * test/bot/authentication.test.ts covers the authenticated bot), with the connector stand-in as
 * the trusted Teams service and the Entra stand-in signing people in to the REST API.
 */
export function botTestEnv(connector: ConnectorStandIn, entra: EntraStandIn): Record<string, string> {
  return {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    MONGODB_URI: testDatabaseUri(),
    MONGODB_DB: uniqueDatabaseName(),
    AUDIT_HMAC_KEY: testAuditKey.toString('base64'),
    MICROSOFT_APP_TENANT_ID: testTenantId,
    AUTH_ISSUER: entra.issuer,
    AUTH_AUDIENCE: entra.clientId,
    BOT_TRUSTED_SERVICE_URLS: connector.url,
    // A job asked for now starts at once (agenda's in-memory notification); the poll only finds
    // jobs due later. Each poll queries once per job name (16): polling every second cost an idle
    // app 9 % of a core (its process and the database, measured), every 5 s (production's
    // default) under 1 %, and every test of a job due later passes at that pace.
    JOBS_POLL_INTERVAL_MS: '5000',
    // A short lock lifetime: agenda leaves a timer of half of it behind each job it ran.
    JOBS_LOCK_LIFETIME_MS: '10000',
    DIRECTORY_SYNC_INTERVAL_MINUTES: '0',
    // Tests talk faster than people; test/bot/limits.test.ts checks the real limit.
    BOT_TURNS_PER_MINUTE: '10000',
  };
}

/**
 * Conduct (the real composition root) on a database of its own, with Bot Framework authentication
 * off (no app id: NODE_ENV=development, loopback only) and a local connector as the trusted Teams service.
 */
export function useConductBot(options: BotTestOptions = {}): () => BotUnderTest {
  let running: BotUnderTest | undefined;
  beforeAll(async () => {
    const connector = await startConnectorStandIn(options.throttle);
    const entra = await startEntraStandIn({ tenantId: testTenantId });
    let app: RunningApp;
    try {
      const config = loadConfig({ ...botTestEnv(connector, entra), ...options.env }, process.cwd());
      app = await startApp(config, createLogger(options.logTo ? 'trace' : 'silent', options.logTo));
    } catch (error) {
      // Nothing else would stop the stand-ins (afterAll stops what started), and their open
      // servers would keep the jest worker from exiting.
      await connector.close();
      await entra.stop();
      throw error;
    }
    running = {
      app,
      models: app.models,
      connector,
      entra,
      send: (activity) => postActivity(app.url, activity),
      api: async <T>(method: string, path: string, call: { as?: string; body?: unknown } = {}) => {
        const token = call.as ? await entra.tokenFor({ oid: call.as }) : undefined;
        const response = await fetch(`${app.url}${path}`, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        });
        const text = await response.text();
        return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
      },
    };
  });
  afterAll(async () => {
    await running?.app.stop();
    await running?.connector.close();
    await running?.entra.stop();
  });
  return () => {
    if (!running) throw new Error('useConductBot() is only ready inside tests');
    return running;
  };
}

/** Adds a school and a member of it, as the directory sync would. */
export async function seedPerson(
  models: Models,
  user: TeamsUser,
  fields: { schoolId?: string; audience?: 'staff' | 'governor' | 'visitor'; jobTitle?: string } = {},
): Promise<Person> {
  const schoolId =
    fields.schoolId ??
    (
      await models.School.findOneAndUpdate(
        { tenantId: testTenantId, code: 'NHS' },
        { $setOnInsert: { name: 'North Hill School', timeZone: 'Europe/London' } },
        { upsert: true, new: true },
      )
    )._id.toString();
  const audience = fields.audience ?? 'staff';
  const created = await models.Person.create({
    tenantId: testTenantId,
    entraObjectId: user.aadObjectId,
    displayName: user.name,
    email: `${user.name.toLowerCase().replace(/\s+/g, '.')}@northhill.example.org`,
    jobTitle: fields.jobTitle ?? 'Class teacher',
    memberships: [{ schoolId, audience }],
    membershipKeys: [`${schoolId}:${audience}`],
    active: true,
  });
  return created.toObject();
}
