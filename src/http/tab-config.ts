import type { Config } from '../config';
import { requiredScope, type Role } from '../directory';
import type { Models } from '../store/models';
import type { ApiRoute } from './route';

/** What the tab needs to sign people in outside Teams: the OpenID issuer, the app and the scope to ask for. */
export interface TabConfig {
  /** Null when sign-in is not configured (AUTH_ISSUER, and AUTH_AUDIENCE or MICROSOFT_APP_ID). */
  signIn: { issuer: string; clientId: string; scopes: string[] } | null;
}

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
export function tabConfigRoute(config: Pick<Config, 'auth' | 'bot'>): ApiRoute {
  const body = tabConfig(config);
  return {
    method: 'get',
    path: '/api/tab-config',
    access: 'public',
    reply: () => Promise.resolve({ status: 200, body }),
  };
}

/** Who is signed in and which roles they hold where: the tab shows only the pages those roles open. */
export interface MeView {
  personId: string;
  displayName: string;
  roles: { role: Role; scope: string; schoolName: string | null }[];
}

/** GET /api/me: the signed-in person and their roles, read fresh like every request's. */
export function meRoute(models: Pick<Models, 'School'>): ApiRoute {
  return {
    method: 'get',
    path: '/api/me',
    access: 'signed-in',
    reply: async ({ actor }) => {
      const schools = await models.School.find({ tenantId: actor.tenantId })
        .select({ name: 1 })
        .lean<{ _id: { toString(): string }; name: string }[]>();
      const nameOf = new Map(schools.map((s) => [s._id.toString(), s.name]));
      const body: MeView = {
        personId: actor.personId.toString(),
        displayName: actor.displayName,
        roles: actor.roles.map((held) => ({
          role: held.role,
          scope: held.scopeKey,
          schoolName: nameOf.get(held.scopeKey) ?? null,
        })),
      };
      return { status: 200, body };
    },
  };
}
