import type { Config } from '../src/config';
import type { Route } from '../src/http/server';
import type { Logger } from '../src/logger';
import type { Models } from '../src/store/models';
import type { Pacer } from '../src/store/rate-budget';
import { createAdapter } from './adapter';
import { createConnector } from './connector';
import { botEndpoint } from './endpoint';
import { helpRoutes } from './handlers/welcome';
import { createMessenger, type Messenger } from './messenger';
import { combineRoutes, type BotRoutes, type TurnHandler } from './router';

export interface BotOptions {
  config: Config;
  logger: Logger;
  models: Models;
  /** Each capability's commands, verbs and hooks; earlier fallbacks win over later ones. */
  capabilities: readonly Partial<BotRoutes>[];
  now?: () => Date;
}

const notUnderstood: TurnHandler = async (turn) => {
  await turn.sendText(
    'I could not tell what that is about. Type "report" to report something, or "help" to see what I can do. If a child may be at risk, tell the DSL now.',
  );
};

/** The Teams bot: POST /api/messages, dispatching through the capabilities' route table. */
export function createBot(options: BotOptions): { endpoint: Route; routes: BotRoutes } {
  const { config, logger, models } = options;
  const routes: BotRoutes = combineRoutes(
    helpRoutes(() => routes.commands, { models, now: options.now ?? (() => new Date()) }),
    ...options.capabilities,
    { fallback: notUnderstood },
  );
  const endpoint = botEndpoint(
    createAdapter(config, logger),
    { tenantId: config.bot.tenantId, trustedServiceUrls: config.bot.trustedServiceUrls },
    {
      models,
      routes,
      logger: logger.child({ component: 'bot' }),
      now: options.now ?? (() => new Date()),
      personIds: new Map(),
    },
  );
  return { endpoint, routes };
}

/** The one proactive sender of the process: every card Conduct sends first goes through it. */
export function createProactiveMessenger(config: Config, logger: Logger, pacer?: Pacer): Messenger {
  return createMessenger({
    connector: createConnector({
      appId: config.bot.appId,
      appPassword: config.bot.appPassword,
      tenantId: config.bot.tenantId,
      authorityHost: config.graph.authorityHost,
    }),
    logger,
    ratePerSecond: config.sending.ratePerSecond,
    ...(pacer ? { pacer } : {}),
    maxAttempts: config.sending.maxAttempts,
    trustedServiceUrls: config.bot.trustedServiceUrls,
  });
}
