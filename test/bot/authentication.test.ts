import { createHmac, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import type { RawRequest, RawResponse } from '../../src/http/server';
import { createBot } from '../../bot';
import { redactSdkLine } from '../../bot/sdk-console';
import { loadConfig } from '../../src/config';
import { isAppError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import type { Models } from '../../src/store/models';
import { seedPerson, useConductBot } from '../support/conduct';
import { message, personalActivity, teamsUser, testTenantId } from '../../scripts/standins/teams';

const appId = '5b8f2c1e-7a34-4d6b-9e0f-1c2d3e4f5a6b';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Claims a Bot Framework channel token would carry, for this app and this serviceUrl. */
const channelClaims = (serviceUrl: string): Record<string, unknown> => ({
  iss: 'https://api.botframework.com',
  aud: appId,
  serviceurl: serviceUrl,
  nbf: Math.floor(Date.now() / 1000) - 60,
  exp: Math.floor(Date.now() / 1000) + 3600,
});

function forgedTokens(serviceUrl: string): Record<string, string> {
  const claims = channelClaims(serviceUrl);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsInput = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'not-a-microsoft-key' })}.${b64(claims)}`;
  return {
    'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
    'HS256 signed with the app id': `${unsigned}.${createHmac('sha256', appId).update(unsigned).digest('base64url')}`,
    'RS256 signed by a stranger': `${rsInput}.${sign('RSA-SHA256', Buffer.from(rsInput), privateKey).toString('base64url')}`,
    'not a token at all': 'hello',
  };
}

describe('the bot with an app registration (NODE_ENV=test, production alike)', () => {
  const lines: string[] = [];
  const bot = useConductBot({
    env: { NODE_ENV: 'test', MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: 'secret' },
    logTo: { write: (line: string) => lines.push(line) },
  });

  it('refuses activities without a token, or with a forged one, with 401 and none of the SDK’s words', async () => {
    const { app, connector, models } = bot();
    const victim = teamsUser('Head Teacher');
    await seedPerson(models, victim);
    const activity = message(victim, connector.url, 'sign');
    const post = (authorization?: string) =>
      fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(activity),
      });

    const answers: { name: string; status: number; body: string }[] = [];
    const none = await post();
    answers.push({ name: 'no token', status: none.status, body: await none.text() });
    for (const [name, token] of Object.entries(forgedTokens(connector.url))) {
      const response = await post(`Bearer ${token}`);
      answers.push({ name, status: response.status, body: await response.text() });
    }

    expect(answers.map(({ name, status }) => [name, status])).toEqual(answers.map(({ name }) => [name, 401]));
    for (const { body } of answers) {
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'unauthenticated' } });
      expect(body).not.toMatch(/jwt|token extractor|Unauthorized|stack|at .*\.js/i);
    }
    expect(connector.received).toHaveLength(0);
    const stored = await models.Person.findOne({ entraObjectId: victim.aadObjectId }).lean();
    expect(stored?.conversation).toBeUndefined();
    const logs = lines.join('\n');
    expect(logs).not.toContain('BEGIN');
    expect(logs).not.toContain('PUBLIC KEY');
  });
});

describe('the bot without an app registration (NODE_ENV=development)', () => {
  const config = loadConfig({ NODE_ENV: 'development', MICROSOFT_APP_TENANT_ID: testTenantId }, '/');

  const requestFrom = (remoteAddress: string): RawRequest =>
    ({ socket: { remoteAddress }, body: {}, headers: {} }) as unknown as RawRequest;

  it('says loudly that it is unauthenticated, and takes activities from this machine only', async () => {
    const lines: string[] = [];
    const bot = createBot({
      config,
      logger: createLogger('info', { write: (line: string) => lines.push(line) }),
      models: { ProcessedActivity: {} } as unknown as Models,
      capabilities: [],
    });
    try {
      expect(lines.join('\n')).toMatch(/"level":40.*THE BOT IS UNAUTHENTICATED.*this machine only/);
      const refusal = await bot.endpoint
        .handle(requestFrom('192.0.2.7'), {} as RawResponse, {
          id: 'r',
          log: createLogger('silent'),
        })
        .catch((error: unknown) => error);
      expect(isAppError(refusal) && refusal.status).toBe(403);
      expect(String((refusal as Error).message)).toMatch(/only takes activities from this machine/);
      // From loopback the same (empty) request gets past that check, to the activity check (400).
      const local = await bot.endpoint
        .handle(requestFrom('::ffff:127.0.0.1'), {} as RawResponse, { id: 'r', log: createLogger('silent') })
        .catch((error: unknown) => error);
      expect(isAppError(local) && local.status).toBe(400);
    } finally {
      bot.close();
    }
  });
  it('answers 503 with Retry-After, not 401, and logs why, when the Bot Framework SDK cannot be loaded', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    let loads = 0;
    const bot = createBot({
      config,
      logger,
      models: { ProcessedActivity: {} } as unknown as Models,
      capabilities: [],
      loadSdk: () => {
        loads += 1;
        return Promise.reject(new Error('Cannot find module botbuilder'));
      },
    });
    const headers = new Map<string, unknown>();
    const response = {
      header: (name: string, value: unknown) => headers.set(name, value),
    } as unknown as RawResponse;
    const request = {
      socket: { remoteAddress: '127.0.0.1' },
      headers: {},
      body: message(teamsUser('Sam Sdk'), 'https://smba.trafficmanager.net/', 'help'),
    } as unknown as RawRequest;
    try {
      for (const delivery of ['first', 'redelivered']) {
        const failure = await bot.endpoint
          .handle(request, response, { id: 'r', log: logger })
          .catch((error: unknown) => error);
        expect([delivery, isAppError(failure) && failure.status]).toEqual([delivery, 503]);
      }
      expect(headers.get('retry-after')).toBe('5');
      // A failed load is not kept: the redelivered activity tried again.
      expect(loads).toBe(2);
      expect(lines.filter((line) => /"level":50.*SDK could not be loaded/.test(line))).toHaveLength(2);
    } finally {
      bot.close();
    }
  });
});

describe('bad input to the bot', () => {
  const lines: string[] = [];
  const bot = useConductBot({ logTo: { write: (line: string) => lines.push(line) } });
  const canary = `CANARY-${randomUUID()}`;

  const post = async (body: unknown) => {
    const { app } = bot();
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };

  it('answers malformed activities 400 with a short reason, before the SDK sees them', async () => {
    const { connector } = bot();
    const user = teamsUser(`Pat ${canary}`);
    const valid = message(user, connector.url, canary);
    const malformed: Record<string, unknown> = {
      'serviceUrl a number': { serviceUrl: 1 },
      'no type': { ...valid, type: undefined },
      'type a number': { ...valid, type: 7 },
      'conversation null': { ...valid, conversation: null },
      'conversation id a number': { ...valid, conversation: { id: 5, tenantId: testTenantId } },
      'from id an object': { ...valid, from: { id: { canary } } },
      'recipient missing': { ...valid, recipient: undefined },
      'membersAdded not a list': { ...valid, membersAdded: canary },
      'channelData tenant id a number': { ...valid, channelData: { tenant: { id: 1 } } },
      'an array': [valid],
      'a string': JSON.stringify(canary),
    };
    for (const [name, body] of Object.entries(malformed)) {
      const answer = await post(body);
      expect([name, answer.status]).toEqual([name, 400]);
      expect(answer.text.length).toBeLessThan(600);
      expect(answer.text).not.toContain(canary);
    }
    const wrong = await post({ ...valid, conversation: null });
    expect(JSON.parse(wrong.text)).toMatchObject({
      error: { code: 'bad_request', details: [{ path: 'conversation', message: 'expected object' }] },
    });
    expect(connector.received).toHaveLength(0);
  });

  it('refuses an activity whose two tenant fields disagree', async () => {
    const { connector } = bot();
    const user = teamsUser('Tess Tenant');
    const activity = message(user, connector.url, 'help');
    (activity.channelData as { tenant: { id: string } }).tenant.id = 'another-tenant';
    expect((await post(activity)).status).toBe(403);
    const onlyConversation = message(user, connector.url, 'help');
    delete onlyConversation.channelData;
    expect((await post(onlyConversation)).status).toBe(200);
  });

  it('answers invokes it does not handle with 200 and no body, as Teams expects', async () => {
    const { connector } = bot();
    const user = teamsUser('Ivy Invoke');
    for (const name of ['composeExtension/query', 'task/fetch', 'signin/verifyState', 'constructor']) {
      const answer = await post(
        personalActivity(user, connector.url, { type: 'invoke', name, value: canary }),
      );
      expect([name, answer.status, answer.text]).toEqual([name, 200, '']);
    }
    const unknownVerb = await post(
      personalActivity(user, connector.url, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: '__proto__', data: { canary } } },
      }),
    );
    expect(unknownVerb.status).toBe(200);
    expect(JSON.parse(unknownVerb.text)).toMatchObject({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
    });
  });

  it('never writes the personal data it was sent into a log', async () => {
    const { connector, models } = bot();
    const user = teamsUser(`Casey ${canary}`);
    await seedPerson(models, user);
    await post(message(user, connector.url, `help ${canary}`));
    await post(message(user, connector.url, `I clicked a link from ${canary}`));
    await post({ ...message(user, connector.url, canary), serviceUrl: `https://${canary}.example/` });
    await post(`{"type":"message","text":"${canary}`);
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.join('\n')).not.toContain(canary);
  });
});

describe("the SDK's console output", () => {
  it('goes to the log as one line without key material, tokens or quoted values', () => {
    const pem =
      '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----';
    expect(redactSdkLine([`Error finding key for token. Available keys: ${pem}`])).toBe(
      'Error finding key for token. Available keys: [removed]',
    );
    expect(
      redactSdkLine([new Error(`Invalid token eyJhbGciOi.eyJpc3MiOi.c2ln for "Pat Smith"\n  at x.js:1`)]),
    ).toBe('Error: Invalid token [token removed] for [quoted text removed]');
    expect(redactSdkLine([pem])).toBe('[key material removed]');
  });
});
