import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { AppError } from '../errors';
import { TeamsInstallRateLimit } from './install-rate-limit';
import { createLocalPacer, type Pacer } from '../store/rate-budget';
import { lazyMsalClient } from '../shared/msal';

export interface GraphSettings {
  /** e.g. https://graph.microsoft.com (no version). */
  readonly origin: string;
  /** e.g. v1.0 */
  readonly version: string;
  /** e.g. https://login.microsoftonline.com */
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Teams app installs (and their follow-up reads) per second; Graph allows 30 per tenant. */
  readonly installRatePerSecond: number;
  /** The tenant's install budget shared by every instance; without it this process paces alone. */
  readonly installPacer?: Pacer;
}

/** A person as Entra describes them. */
export interface EntraUser {
  readonly id: string;
  readonly displayName: string | null;
  readonly mail: string | null;
  readonly userPrincipalName: string | null;
  readonly jobTitle: string | null;
  readonly department: string | null;
  readonly userType: string | null;
}

export interface AppRoleHolder {
  readonly principalId: string;
  readonly principalType: string;
  /** The app role's value, e.g. "ITManager". */
  readonly value: string;
}

export type InstallOutcome =
  | { readonly outcome: 'installed' | 'already-installed' }
  | { readonly outcome: 'failed'; readonly status: number; readonly code: string };

/** The few Graph calls the directory needs, typed and parsed. */
export interface DirectoryGraph {
  /** Users in the group, nested groups included, every page. Throws an AppError if Graph refuses. */
  listGroupUsers(groupId: string): Promise<EntraUser[]>;
  getUser(id: string): Promise<EntraUser | undefined>;
  /** Every user's manager, by user id, for the whole tenant. */
  listManagers(): Promise<Map<string, string>>;
  /** Who holds which of the app's roles; undefined when the app has no service principal here. */
  listAppRoleHolders(appId: string): Promise<AppRoleHolder[] | undefined>;
  installApp(userId: string, catalogAppId: string): Promise<InstallOutcome>;
  /** The id of the 1:1 chat between the user and the installed app, or a failure. */
  installedAppChat(
    userId: string,
    catalogAppId: string,
  ): Promise<{ chatId: string } | { status: number; code: string }>;
}

const userFields = 'id,displayName,mail,userPrincipalName,jobTitle,department,userType';
const nullableText = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
const userSchema = z.object({
  id: z.string().min(1),
  displayName: nullableText,
  mail: nullableText,
  userPrincipalName: nullableText,
  jobTitle: nullableText,
  department: nullableText,
  userType: nullableText,
});
const pageSchema = z.object({ value: z.array(z.unknown()), '@odata.nextLink': z.string().optional() });
const managerSchema = z.object({ id: z.string(), manager: z.object({ id: z.string() }).nullish() });
const servicePrincipalSchema = z.object({
  appRoles: z.array(z.object({ id: z.string(), value: z.string().nullish() })),
});
const assignmentSchema = z.object({
  principalId: z.string(),
  principalType: z.string(),
  appRoleId: z.string(),
});
const installationsSchema = z.object({ value: z.array(z.object({ id: z.string() })) });
const chatSchema = z.object({ id: z.string().min(1) });

interface GraphErrorLike {
  statusCode: number;
  code: string | null;
}
const asGraphError = (error: unknown): GraphErrorLike | undefined =>
  typeof (error as { statusCode?: unknown })?.statusCode === 'number' ? (error as GraphErrorLike) : undefined;

/** Microsoft Graph through the official client, signed in with msal-node client credentials. */
export function createDirectoryGraph(settings: GraphSettings): DirectoryGraph {
  const msal = lazyMsalClient({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    authority: `${settings.authorityHost}/${settings.tenantId}`,
    knownAuthorities: [new URL(settings.authorityHost).host],
  });
  const scopes = [`${settings.origin}/.default`];
  const authProvider = {
    getAccessToken: async (): Promise<string> => {
      // Outside the try: a failure to load msal-node is ours, not a sign-in refused.
      const client = await msal();
      try {
        const result = await client.acquireTokenByClientCredential({ scopes });
        if (result?.accessToken) return result.accessToken;
      } catch {
        // The message from msal can carry request details; the fixed message below says what to check.
      }
      throw new AppError(
        'unavailable',
        'Conduct could not sign in to Microsoft Graph. Check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID.',
      );
    },
  };
  const client = Client.initWithMiddleware({
    baseUrl: `${settings.origin}/`,
    defaultVersion: settings.version,
    customHosts: new Set([new URL(settings.origin).hostname]),
    middleware: [
      new AuthenticationHandler(authProvider),
      new RetryHandler(new RetryHandlerOptions(2, 5)),
      new RedirectHandler(new RedirectHandlerOptions()),
      new TelemetryHandler(),
      new TeamsInstallRateLimit(settings.installPacer ?? createLocalPacer(settings.installRatePerSecond)),
      new HTTPMessageHandler(),
    ],
  });
  return graphCalls(client, settings.origin, settings.version);
}

function graphCalls(client: Client, origin: string, version: string): DirectoryGraph {
  const allPages = async (firstPath: string, what: string): Promise<unknown[]> => {
    const items: unknown[] = [];
    let next: string | undefined = firstPath;
    while (next) {
      // Our token goes wherever the link points: follow only links back to the configured Graph.
      if (next.startsWith('https://') && !next.startsWith(`${origin}/`)) {
        throw new AppError(
          'unavailable',
          `Microsoft Graph sent a next-page link to another host while listing ${what}.`,
        );
      }
      const page = pageSchema.parse(await call(() => client.api(next!).get(), what));
      items.push(...page.value);
      next = page['@odata.nextLink'];
    }
    return items;
  };

  return {
    listGroupUsers: async (groupId) => {
      const path = `/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$select=${userFields}&$top=999`;
      const users = await allPages(path, `the members of group ${groupId}`);
      return users.map((user) => userSchema.parse(user));
    },
    getUser: async (id) => {
      try {
        return userSchema.parse(
          await client
            .api(`/users/${encodeURIComponent(id)}`)
            .select(userFields)
            .get(),
        );
      } catch (error) {
        if (asGraphError(error)?.statusCode === 404) return undefined;
        throw graphUnavailable(error, `user ${id}`);
      }
    },
    listManagers: async () => {
      const rows = await allPages('/users?$select=id&$expand=manager($select=id)&$top=999', 'managers');
      const managers = new Map<string, string>();
      for (const row of rows.map((r) => managerSchema.parse(r))) {
        if (row.manager) managers.set(row.id, row.manager.id);
      }
      return managers;
    },
    listAppRoleHolders: async (appId) => {
      const principal = `/servicePrincipals(appId='${encodeURIComponent(appId)}')`;
      let roles: z.infer<typeof servicePrincipalSchema>;
      try {
        roles = servicePrincipalSchema.parse(await client.api(principal).select('id,appRoles').get());
      } catch (error) {
        if (asGraphError(error)?.statusCode === 404) return undefined;
        throw graphUnavailable(error, 'the app roles of Conduct');
      }
      const valueById = new Map(roles.appRoles.map((role) => [role.id, role.value ?? '']));
      const assignments = await allPages(`${principal}/appRoleAssignedTo?$top=999`, 'app role assignments');
      return assignments
        .map((a) => assignmentSchema.parse(a))
        .map((a) => ({
          principalId: a.principalId,
          principalType: a.principalType,
          value: valueById.get(a.appRoleId) ?? '',
        }))
        .filter((holder) => holder.value !== '');
    },
    installApp: async (userId, catalogAppId) => {
      try {
        await client.api(`/users/${encodeURIComponent(userId)}/teamwork/installedApps`).post({
          'teamsApp@odata.bind': `${origin}/${version}/appCatalogs/teamsApps/${catalogAppId}`,
        });
        return { outcome: 'installed' };
      } catch (error) {
        const graphError = asGraphError(error);
        if (!graphError) throw error;
        if (graphError.statusCode === 409) return { outcome: 'already-installed' };
        // The client reports a 201 whose empty body it could not parse as an error; it is a success.
        if (graphError.statusCode >= 200 && graphError.statusCode < 300) return { outcome: 'installed' };
        return { outcome: 'failed', status: graphError.statusCode, code: graphError.code ?? '' };
      }
    },
    installedAppChat: async (userId, catalogAppId) => {
      const apps = `/users/${encodeURIComponent(userId)}/teamwork/installedApps`;
      try {
        const found = installationsSchema.parse(
          await client
            .api(apps)
            .expand('teamsAppDefinition')
            .filter(`teamsApp/id eq '${catalogAppId.replace(/'/g, "''")}'`)
            .get(),
        );
        const installation = found.value[0];
        if (!installation) return { status: 404, code: 'InstallationNotFound' };
        const chat = chatSchema.parse(
          await client.api(`${apps}/${encodeURIComponent(installation.id)}/chat`).get(),
        );
        return { chatId: chat.id };
      } catch (error) {
        const graphError = asGraphError(error);
        if (!graphError) throw error;
        return { status: graphError.statusCode, code: graphError.code ?? '' };
      }
    },
  };
}

async function call(request: () => Promise<unknown>, what: string): Promise<unknown> {
  try {
    return await request();
  } catch (error) {
    throw graphUnavailable(error, what);
  }
}

function graphUnavailable(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const graphError = asGraphError(error);
  if (graphError?.statusCode === 404) {
    return new AppError(
      'unavailable',
      `Microsoft Graph could not find ${what}. Check the group ids set for the schools.`,
    );
  }
  if (graphError?.statusCode === 403 || graphError?.statusCode === 401) {
    return new AppError(
      'unavailable',
      `Microsoft Graph refused to list ${what}: the app registration lacks a permission (e.g. GroupMember.Read.All, User.Read.All) or admin consent.`,
    );
  }
  const status = graphError ? ` (HTTP ${graphError.statusCode})` : '';
  return new AppError(
    'unavailable',
    `Microsoft Graph did not answer while listing ${what}${status}. Try again later.`,
  );
}
