import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Config } from '../src/config';
import type { Logger } from '../src/logger';
import { isAppError } from '../src/errors';

/**
 * The Bot Framework adapter. With an app id it verifies every inbound token against the
 * single-tenant app registration; with none (local development only — production refuses to
 * start without one) authentication is off, and our own guard still checks tenant and serviceUrl.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
    MicrosoftAppType: config.bot.appId ? 'SingleTenant' : '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    const log = logger.child({ activityId: context.activity.id, type: context.activity.type });
    if (isAppError(error)) {
      log.warn({ code: error.code }, 'bot turn refused');
    } else {
      log.error({ err: error }, 'bot turn failed');
    }
    if (context.activity.type === 'message') {
      await context.sendActivity(
        isAppError(error)
          ? error.message
          : 'Sorry, something went wrong on our side. Please try again in a moment.',
      );
    }
  };
  return adapter;
}
