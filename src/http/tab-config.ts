import type { Config } from '../config';
import { requiredScope, schoolNames } from '../directory';
import type { Models } from '../store/models';
import { route, type ContractRoute } from './define';
import { tabContracts, type Me, type TabConfig } from './tab-contract';

export type { TabConfig };

const appIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The app the tab signs in as: Conduct's app registration (MICROSOFT_APP_ID), or — when the bot
 * runs without one, as in local development — the app id among the accepted audiences. The scope of
 * Conduct's API is on the Application ID URI (api://…) when one is accepted, else on the app id
 * itself, which Entra also accepts as the resource.
 */
export function tabConfig(config: Pick<Config, 'auth' | 'bot'>): TabConfig {
  const { issuer, audiences } = config.auth;
  const clientId = config.bot.appId ?? audiences.find((audience) => appIdPattern.test(audience));
  if (!issuer || !clientId || audiences.length === 0) return { signIn: null };
  const resource = audiences.find((audience) => audience.startsWith('api://')) ?? clientId;
  return { signIn: { issuer, clientId, scopes: [`${resource}/${requiredScope}`, 'openid', 'profile'] } };
}

/** GET /api/tab-config: public, since the tab needs it before anyone is signed in. */
export function tabConfigRoute(config: Pick<Config, 'auth' | 'bot'>): ContractRoute {
  const body = tabConfig(config);
  return route(tabContracts.config, { reply: () => Promise.resolve({ status: 200, body }) });
}

/** GET /api/me: the signed-in person and their roles, read fresh like every request's, and the school's time zone. */
export function meRoute(models: Pick<Models, 'School'>, timeZone: string): ContractRoute {
  return route(tabContracts.me, {
    reply: async ({ actor }) => {
      const nameOf = await schoolNames(models, actor.tenantId);
      const body: Me = {
        personId: actor.personId.toString(),
        displayName: actor.displayName,
        roles: actor.roles.map((held) => ({
          role: held.role,
          scope: held.scopeKey,
          schoolName: nameOf.get(held.scopeKey) ?? null,
        })),
        timeZone,
      };
      return { status: 200, body };
    },
  });
}
