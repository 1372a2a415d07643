import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../src/config';

/** What a verified token says about its sender (the SDK's AuthenticateRequestResult). */
export type Authenticated = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

/**
 * The Bot Framework adapter. With an app id it verifies every inbound token against the
 * single-tenant app registration. Without one — only possible with NODE_ENV=development, see
 * src/config.ts — the SDK's authentication is off and the endpoint accepts activities from this
 * machine only; our own guard checks tenant and serviceUrl either way.
 *
 * The endpoint calls the two halves of the SDK's processing itself, so that a bad token (401) is
 * told apart from a failed turn, and neither answers with the SDK's own words. A turn's failure is
 * not handled here: it propagates to the endpoint, which gives the turn back for redelivery.
 */
export class ConductAdapter extends CloudAdapter {
  constructor(private readonly authentication: ConfigurationBotFrameworkAuthentication) {
    super(authentication);
    this.onTurnError = (_context: TurnContext, error: Error) => Promise.reject(error);
  }

  /** Verifies the request's token; rejects on anything but a valid one. */
  authenticate(activity: Activity, authorization: string): Promise<Authenticated> {
    return this.authentication.authenticateRequest(activity, authorization);
  }

  /** Runs the turn for an authenticated activity; resolves with the invoke response, if any. */
  run(
    authenticated: Authenticated,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authenticated, activity, logic);
  }
}

export function createAdapter(config: Config): ConductAdapter {
  return new ConductAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.bot.appId ?? '',
      MicrosoftAppPassword: config.bot.appPassword ?? '',
      MicrosoftAppTenantId: config.bot.tenantId ?? '',
      MicrosoftAppType: config.bot.appId ? 'SingleTenant' : '',
    }),
  );
}
