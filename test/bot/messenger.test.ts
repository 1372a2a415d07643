import { createConnector } from '../../bot/connector';
import { createMessenger, type Messenger } from '../../bot/messenger';
import type { StoredConversation } from '../../src/directory/conversations';
import { createLogger } from '../../src/logger';
import { createLocalPacer } from '../../src/store/rate-budget';
import { startConnectorStandIn, type ConnectorStandIn } from '../../scripts/standins/connector';

describe('proactive sending within Teams limits', () => {
  let connector: ConnectorStandIn;
  const conversation = (id: string): StoredConversation => ({
    id,
    serviceUrl: connector.url,
    tenantId: 'tenant',
    channelId: 'msteams',
    storedAt: new Date(),
  });
  const messenger = (overrides: Partial<Parameters<typeof createMessenger>[0]> = {}): Messenger =>
    createMessenger({
      connector: createConnector({
        appId: undefined,
        appPassword: undefined,
        tenantId: undefined,
        authorityHost: 'https://login.microsoftonline.com',
      }),
      logger: createLogger('silent'),
      ratePerSecond: 50,
      maxAttempts: 4,
      trustedServiceUrls: ['http://127.0.0.1'],
      baseBackoffMs: 20,
      maxBackoffMs: 200,
      ...overrides,
    });

  beforeEach(async () => {
    connector = await startConnectorStandIn();
  });
  afterEach(() => connector.close());

  it('delivers a card and returns the activity id Teams gave it', async () => {
    const outcome = await messenger().send(conversation('a:1'), { text: 'hello' });
    expect(outcome).toMatchObject({ status: 'sent', attempts: 1 });
    expect(connector.received).toHaveLength(1);
    expect(outcome.status === 'sent' && outcome.activityId).toBe(connector.received[0]!.id);
  });

  it('never sends faster than the configured tenant rate', async () => {
    // The moment each request is let go is the property: arrival at the stand-in adds this busy
    // process's event-loop delay, which can bunch two requests that left a full interval apart.
    const local = createLocalPacer(20);
    const released: number[] = [];
    const pacer = { ...local, take: () => local.take().then(() => void released.push(Date.now())) };
    const sender = messenger({ ratePerSecond: 20, pacer });
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => sender.send(conversation(`a:${i}`), { text: 'x' })),
    );
    const elapsed = Date.now() - started;
    expect(connector.received).toHaveLength(30);
    expect(released).toHaveLength(30);
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    for (let i = 20; i < released.length; i += 1)
      expect(released[i]! - released[i - 20]!).toBeGreaterThanOrEqual(950);
  });

  it('pauses all sending after a 429 for as long as Retry-After says, then delivers', async () => {
    connector.failNext(429, 1, 'a:first', 1);
    // The second send starts once the messenger has taken in the 429 (it logs the pause), however
    // long the first request took: the order this test is about, forced rather than waited for.
    let paused!: () => void;
    const pauseTaken = new Promise<void>((resolve) => (paused = resolve));
    const sender = messenger({
      logger: createLogger('warn', {
        write: (line: string) => {
          if (line.includes('pausing all sending')) paused();
        },
      }),
    });
    const throttledAt = Date.now();
    const first = sender.send(conversation('a:first'), { text: 'one' });
    await pauseTaken;
    const second = sender.send(conversation('a:second'), { text: 'two' });
    const outcomes = await Promise.all([first, second]);
    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'sent']);
    // The second conversation was never throttled, yet it waited out the pause too.
    expect(connector.received.map((r) => r.conversationId).sort()).toEqual(['a:first', 'a:second']);
    for (const delivered of connector.received)
      expect(delivered.at - throttledAt).toBeGreaterThanOrEqual(1_000);
    expect(outcomes[0]).toMatchObject({ attempts: 2 });
  });

  it('retries 412, 502, 503 and 504 and gives up after the configured attempts', async () => {
    connector.failNext(503, 1, 'a:flaky');
    connector.failNext(502, 1, 'a:flaky');
    expect(await messenger().send(conversation('a:flaky'), { text: 'x' })).toMatchObject({
      status: 'sent',
      attempts: 3,
    });
    connector.failNext(504, 10, 'a:down');
    const outcome = await messenger().send(conversation('a:down'), { text: 'x' });
    expect(outcome).toMatchObject({ status: 'failed', attempts: 4 });
    expect(outcome.status === 'failed' && outcome.error).toMatch(/^504/);
  });

  it('treats 403 as final: the person blocked the bot', async () => {
    connector.blocked.add('a:blocked');
    const outcome = await messenger().send(conversation('a:blocked'), { text: 'x' });
    expect(outcome).toMatchObject({ status: 'blocked', attempts: 1 });
  });

  it('does not retry a 400 and never posts to an untrusted service', async () => {
    connector.failNext(400, 1);
    expect(await messenger().send(conversation('a:bad'), { text: 'x' })).toMatchObject({
      status: 'failed',
      attempts: 1,
    });
    const untrusted = { ...conversation('a:evil'), serviceUrl: 'https://evil.example.com/' };
    expect(await messenger().send(untrusted, { text: 'x' })).toMatchObject({ status: 'failed', attempts: 0 });
  });
});
