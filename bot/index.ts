import type { Config } from '../src/config';
import type { RawRoute } from '../src/http/server';
import type { Logger } from '../src/logger';
import type { Models } from '../src/store/models';
import type { Pacer } from '../src/store/rate-budget';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { createAdapter, type BotSdk } from './adapter';
import { createConnector } from './connector';
import { botEndpoint } from './endpoint';
import { helpRoutes } from './handlers/welcome';
import { createMessenger, type Messenger } from './messenger';
import { combineRoutes, type BotRoutes, type TurnHandler } from './router';
import { routeConsoleToLogger } from './sdk-console';
import { createTurnLedger, type TurnLedger } from '../src/store/turn-ledger';

export interface BotOptions {
  config: Config;
  logger: Logger;
  models: Models;
  /** Each capability's commands, verbs and hooks; earlier fallbacks win over later ones. */
  capabilities: readonly Partial<BotRoutes>[];
  now?: () => Date;
  /** Loads the Bot Framework SDK (on the first activity); a test may make it fail. */
  loadSdk?: () => Promise<BotSdk>;
}

export interface Bot {
  endpoint: RawRoute;
  routes: BotRoutes;
  /** Records of turns taken, for the pruning job. */
  ledger: TurnLedger;
  /** Gives the console back (the SDK's console output goes through the logger while the bot runs). */
  close(): void;
}

const notUnderstood: TurnHandler = async (turn) => {
  await turn.sendText(
    'I could not tell what that is about. Type "report" to report something, or "help" to see what I can do. If a child may be at risk, tell the DSL now.',
  );
};

/** The Teams bot: POST /api/messages, dispatching through the capabilities' route table. */
export function createBot(options: BotOptions): Bot {
  const { config, logger, models } = options;
  const now = options.now ?? (() => new Date());
  const routes: BotRoutes = combineRoutes(
    helpRoutes(() => routes.commands, { models, now: options.now ?? (() => new Date()) }),
    ...options.capabilities,
    { fallback: notUnderstood },
  );
  const localOnly = config.bot.appId === undefined;
  if (localOnly) {
    logger.warn(
      { host: config.http.host },
      'THE BOT IS UNAUTHENTICATED: MICROSOFT_APP_ID is not set, so /api/messages accepts activities without a token — from this machine only (NODE_ENV=development). Set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID to require Bot Framework tokens.',
    );
  }
  const release = routeConsoleToLogger(logger);
  const adapter = createAdapter(config, options.loadSdk);
  const ledger = createTurnLedger(models.ProcessedActivity, now);
  const endpoint = botEndpoint({
    adapter,
    localOnly,
    guard: { tenantId: config.bot.tenantId, trustedServiceUrls: config.bot.trustedServiceUrls },
    deps: { models, routes, logger: logger.child({ component: 'bot' }), now, personIds: new Map() },
    ledger,
    limiter: new RateLimiterMemory({ points: config.botTurnsPerMinute, duration: 60 }),
  });
  return { endpoint, routes, ledger, close: release };
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
