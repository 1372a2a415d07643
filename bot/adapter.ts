import type * as BotBuilder from 'botbuilder';
import type {
  Activity,
  ConfigurationBotFrameworkAuthentication,
  InvokeResponse,
  TurnContext,
} from 'botbuilder';
import type { Config } from '../src/config';
import { lazy } from '../src/shared/lazy';

/** What a verified token says about its sender (the SDK's AuthenticateRequestResult). */
export type Authenticated = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

/** The Bot Framework SDK, as loaded on the bot's first activity. */
export type BotSdk = typeof BotBuilder;

/** The SDK's adapter, reduced to the two halves of its processing the endpoint calls. */
export interface LoadedAdapter {
  /** Verifies the request's token; rejects on anything but a valid one. */
  authenticate(activity: Activity, authorization: string): Promise<Authenticated>;
  /** Runs the turn for an authenticated activity; resolves with the invoke response, if any. */
  run(
    authenticated: Authenticated,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined>;
}

/**
 * The Bot Framework adapter. With an app id it verifies every inbound token against the
 * single-tenant app registration. Without one — only possible with NODE_ENV=development, see
 * src/config.ts — the SDK's authentication is off and the endpoint accepts activities from this
 * machine only; our own guard checks tenant and serviceUrl either way.
 *
 * The SDK is large (most of a second to load) and only the bot's endpoint uses it, so it is loaded
 * when the first activity arrives, then kept. A failed load is not kept: the next activity tries
 * again. The endpoint calls the two halves of the SDK's processing itself, so that a bad token
 * (401) is told apart from a failed turn, and neither answers with the SDK's own words. A turn's
 * failure is not handled here: it propagates to the endpoint, which gives the turn back for
 * redelivery.
 */
export interface ConductAdapter {
  /** The SDK's adapter, loading the SDK if this is the first activity. */
  load(): Promise<LoadedAdapter>;
}

export function createAdapter(
  config: Config,
  loadSdk: () => Promise<BotSdk> = () => import('botbuilder'),
): ConductAdapter {
  return { load: lazy(() => loadSdk().then((sdk) => adapterOf(sdk, config))) };
}

function adapterOf(sdk: BotSdk, config: Config): LoadedAdapter {
  const authentication = new sdk.ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
    MicrosoftAppType: config.bot.appId ? 'SingleTenant' : '',
  });
  const adapter = new (class extends sdk.CloudAdapter {
    run(...args: Parameters<LoadedAdapter['run']>): ReturnType<LoadedAdapter['run']> {
      return this.processActivity(...args);
    }
  })(authentication);
  adapter.onTurnError = (_context: TurnContext, error: Error) => Promise.reject(error);
  return {
    authenticate: (activity, authorization) => authentication.authenticateRequest(activity, authorization),
    run: (authenticated, activity, logic) => adapter.run(authenticated, activity, logic),
  };
}
