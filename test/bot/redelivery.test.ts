import type { AddressInfo } from 'node:net';
import { createBot, type Bot } from '../../bot';
import { card, paragraph } from '../../bot/cards/card';
import { policyVerbs } from '../../bot/cards/policy-card';
import type { BotRoutes } from '../../bot/router';
import { loadConfig } from '../../src/config';
import { createHttpServer, type HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { useTestDatabase } from '../support/database';
import { startConnectorStandIn, type ConnectorStandIn } from '../../scripts/standins/connector';
import { cardAction, message, postActivity, teamsUser, testTenantId } from '../../scripts/standins/teams';

/**
 * The bot with one test capability whose handlers fail the first time they run (as a turn does
 * when the database times out), then record their effect idempotently and answer.
 */
describe('a turn that fails is run again on redelivery, and a turn that succeeded never twice', () => {
  const db = useTestDatabase();
  let connector: ConnectorStandIn;
  let server: HttpServer;
  let bot: Bot;
  let url = '';
  const failuresLeft = { note: 1, stamp: 1 };

  const effects = async (key: string): Promise<number> =>
    (await db().models.Counter.findById(key).lean())?.value ?? 0;

  const capability: Partial<BotRoutes> = {
    commands: [
      {
        name: 'note',
        description: 'records a note',
        matches: (text) => text.startsWith('note'),
        handle: async (turn) => {
          if (failuresLeft.note-- > 0) throw new Error('database timed out');
          await db().models.Counter.updateOne({ _id: turn.text }, { $inc: { value: 1 } }, { upsert: true });
          await turn.sendText(`Noted: ${turn.text}`);
        },
      },
    ],
    verbs: {
      stamp: async (_turn, data) => {
        if (failuresLeft.stamp-- > 0) throw new Error('database timed out');
        await db().models.Counter.updateOne(
          { _id: `stamp ${String(data.n)}` },
          { $inc: { value: 1 } },
          { upsert: true },
        );
        return card([paragraph(`Stamped ${String(data.n)}`)]);
      },
      // A card that shows the current state, under the verb of the policy card's refresh.
      [policyVerbs.refresh]: async () => card([paragraph(`Stamps so far: ${await effects('stamp 7')}`)]),
    },
  };

  beforeAll(async () => {
    connector = await startConnectorStandIn();
    const config = loadConfig(
      {
        NODE_ENV: 'development',
        MICROSOFT_APP_TENANT_ID: testTenantId,
        BOT_TRUSTED_SERVICE_URLS: connector.url,
      },
      '/',
    );
    const logger = createLogger('silent');
    bot = createBot({ config, logger, models: db().models, capabilities: [capability] });
    server = createHttpServer({ logger, readiness: () => Promise.resolve(), routes: [bot.endpoint] });
    const address: AddressInfo = await server.listen('127.0.0.1', 0);
    url = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    bot.close();
    await server.close(1_000);
    await connector.close();
  });

  it('a message: 503 with Retry-After, then one effect and one reply, then nothing more', async () => {
    const kim = teamsUser('Kim Retry');
    const activity = message(kim, connector.url, 'note the fire door is jammed');
    const replies = () => connector.received.filter((r) => r.conversationId === kim.conversationId);

    const first = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('5');
    expect(await first.text()).not.toMatch(/database timed out|stack/);
    expect(await effects('note the fire door is jammed')).toBe(0);
    expect(replies()).toHaveLength(0);

    expect((await postActivity(url, activity)).status).toBe(200);
    expect((await postActivity(url, activity)).status).toBe(200);

    expect(await effects('note the fire door is jammed')).toBe(1);
    expect(replies().map((r) => r.activity.text)).toEqual(['Noted: note the fire door is jammed']);
  });

  it('a card press retried with new activity ids: one effect, and every retry gets the same card', async () => {
    const sam = teamsUser('Sam Press');
    const press = () => ({ ...cardAction(sam, connector.url, 'stamp', { n: 7 }), replyToId: 'card-1' });

    const failed = await postActivity(url, press());
    expect(failed.status).toBe(503);
    const answered = await postActivity(url, press());
    const again = await postActivity(url, press());

    expect(answered).toMatchObject({
      status: 200,
      body: { statusCode: 200, value: { body: [{ text: 'Stamped 7' }] } },
    });
    expect(again).toEqual(answered);
    expect(await effects('stamp 7')).toBe(1);
    // The same press on another card is another action.
    await postActivity(url, { ...press(), replyToId: 'card-2' });
    expect(await effects('stamp 7')).toBe(2);
  });

  it('answers every press of a refresh afresh: it shows the current state and has no effect to repeat', async () => {
    const ria = teamsUser('Ria Refresh');
    const refresh = () => ({
      ...cardAction(ria, connector.url, policyVerbs.refresh, { versionId: 'v1' }),
      replyToId: 'card-3',
    });
    const textOf = (answer: { body: unknown }) => JSON.stringify(answer.body);

    const before = await postActivity(url, refresh());
    await db().models.Counter.updateOne({ _id: 'stamp 7' }, { $inc: { value: 1 } }, { upsert: true });
    const after = await postActivity(url, refresh());

    expect(textOf(before)).toContain(`Stamps so far: ${(await effects('stamp 7')) - 1}`);
    expect(textOf(after)).toContain(`Stamps so far: ${await effects('stamp 7')}`);
  });

  it('prunes records of finished turns after a day', async () => {
    const { ProcessedActivity } = db().models;
    expect(await ProcessedActivity.countDocuments({ state: 'done' })).toBeGreaterThan(0);
    expect(await bot.ledger.prune(24 * 60 * 60 * 1000)).toBe(0);
    expect(await bot.ledger.prune(0)).toBeGreaterThan(0);
    expect(await ProcessedActivity.countDocuments({})).toBe(0);
  });
});
