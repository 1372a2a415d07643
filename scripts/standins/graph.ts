import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { standInTls } from './ca';

export interface GraphUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  /** "Guest" for B2B guests (visitors); "Member" otherwise. */
  userType?: 'Member' | 'Guest';
  managerId?: string;
}

export interface GraphGroup {
  id: string;
  displayName: string;
  /** User ids, or ids of nested groups. */
  members: string[];
}

/** How POST /users/{id}/teamwork/installedApps answers for one user. Default: installs (201). */
export type InstallBehaviour = 'installs' | 'already-installed' | 'forbidden' | 'not-found';

export interface AppRoleAssignment {
  principalId: string;
  principalType: 'User' | 'Group';
  appRoleId: string;
}

/** Everything the stand-in serves; tests change it between calls. */
export interface GraphData {
  users: GraphUser[];
  groups: GraphGroup[];
  /** Largest page the stand-in returns, whatever $top asks for. */
  pageSize: number;
  installs: Record<string, InstallBehaviour>;
  /** Conduct's service principal in the tenant: its app roles and who holds them. */
  servicePrincipal?: {
    appId: string;
    appRoles: { id: string; value: string }[];
    assignments: AppRoleAssignment[];
  };
}

/** An injected failure: the next `times` requests whose path matches answer with this status. */
export interface InjectedFailure {
  path: RegExp;
  status: 429 | 503 | 504 | 500;
  retryAfterSeconds?: number;
  times: number;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as received, e.g. "/v1.0/groups/…/members?$top=999". */
  readonly url: string;
  readonly status: number;
  /** Milliseconds (performance.now() time origin of this process) when the request arrived. */
  readonly at: number;
  readonly body: unknown;
}

export interface GraphStandIn {
  /** Use as GRAPH_BASE_URL. */
  readonly baseUrl: string;
  readonly origin: string;
  readonly data: GraphData;
  readonly requests: RecordedRequest[];
  /** Entra object ids of the users the app is installed for, by catalog app id. */
  readonly installed: Map<string, Set<string>>;
  failNext(failure: InjectedFailure): void;
  stop(): Promise<void>;
}

export interface GraphStandInOptions {
  data?: Partial<GraphData>;
  /** Checks the bearer token; without it any token is accepted. Missing tokens always get a 401. */
  verifyToken?: (token: string, resource: string) => Promise<boolean>;
}

type Handler = (match: RegExpMatchArray, query: URLSearchParams, body: unknown) => Reply;
interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const graphError = (status: number, code: string, message: string): Reply => ({
  status,
  body: { error: { code, message, innerError: { date: new Date().toISOString() } } },
});

/** A local Microsoft Graph over https: data-driven, paging with absolute nextLinks, recording every request. */
export async function startGraphStandIn(options: GraphStandInOptions = {}): Promise<GraphStandIn> {
  const data: GraphData = { users: [], groups: [], pageSize: 100, installs: {}, ...options.data };
  const requests: RecordedRequest[] = [];
  const failures: InjectedFailure[] = [];
  const installed = new Map<string, Set<string>>();
  let origin = '';

  const page = (items: unknown[], query: URLSearchParams, path: string): Reply => {
    const top = Math.min(Number(query.get('$top') ?? data.pageSize) || data.pageSize, data.pageSize);
    const skip = Number(query.get('$skiptoken') ?? '0');
    const next = new URLSearchParams(query);
    next.set('$skiptoken', String(skip + top));
    const more = skip + top < items.length;
    return {
      status: 200,
      body: {
        value: items.slice(skip, skip + top),
        ...(more ? { '@odata.nextLink': `${origin}${path}?${next.toString()}` } : {}),
      },
    };
  };
  const user = (id: string): GraphUser | undefined => data.users.find((u) => u.id === id);
  const projectUser = (u: GraphUser) => ({
    '@odata.type': '#microsoft.graph.user',
    id: u.id,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
    mail: u.mail ?? null,
    jobTitle: u.jobTitle ?? null,
    department: u.department ?? null,
    userType: u.userType ?? 'Member',
  });
  const usersOf = (groupId: string, transitive: boolean, seen = new Set<string>()): GraphUser[] => {
    const group = data.groups.find((g) => g.id === groupId);
    if (!group || seen.has(groupId)) return [];
    seen.add(groupId);
    return group.members.flatMap((memberId) => {
      const found = user(memberId);
      if (found) return [found];
      return transitive ? usersOf(memberId, true, seen) : [];
    });
  };
  const installationId = (userId: string, appId: string) =>
    Buffer.from(`${userId}##${appId}`).toString('base64url');

  const routes: [string, RegExp, Handler][] = [
    [
      'GET',
      /^\/v1\.0\/groups\/([^/]+)\/(members|transitiveMembers)\/microsoft\.graph\.user$/,
      (m, q) => {
        const groupId = decodeURIComponent(m[1]!);
        if (!data.groups.some((g) => g.id === groupId)) {
          return graphError(404, 'Request_ResourceNotFound', `Resource '${groupId}' does not exist.`);
        }
        const unique = [
          ...new Map(usersOf(groupId, m[2] === 'transitiveMembers').map((u) => [u.id, u])).values(),
        ];
        return page(unique.map(projectUser), q, m[0]);
      },
    ],
    [
      'GET',
      /^\/v1\.0\/users$/,
      (m, q) =>
        page(
          data.users.map((u) => ({
            ...projectUser(u),
            ...(q.get('$expand')?.startsWith('manager') && u.managerId
              ? { manager: { id: u.managerId } }
              : {}),
          })),
          q,
          m[0],
        ),
    ],
    [
      'GET',
      /^\/v1\.0\/users\/([^/]+)$/,
      (m) => {
        const found = user(decodeURIComponent(m[1]!));
        return found
          ? { status: 200, body: projectUser(found) }
          : graphError(404, 'Request_ResourceNotFound', 'No such user.');
      },
    ],
    [
      'POST',
      /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/,
      (m, _q, body) => {
        const userId = decodeURIComponent(m[1]!);
        const bind = (body as Record<string, unknown> | null)?.['teamsApp@odata.bind'];
        const appId =
          typeof bind === 'string' ? /appCatalogs\/teamsApps\/([^/]+)$/.exec(bind)?.[1] : undefined;
        if (!appId) return graphError(400, 'BadRequest', 'teamsApp@odata.bind is required.');
        const behaviour = data.installs[userId] ?? 'installs';
        if (!user(userId) || behaviour === 'not-found') return graphError(404, 'NotFound', 'User not found.');
        if (behaviour === 'forbidden') {
          return graphError(
            403,
            'Forbidden',
            'Failed to execute Teams backend request. The user does not have a Teams licence or the app is blocked by policy.',
          );
        }
        const holders = installed.get(appId) ?? new Set<string>();
        installed.set(appId, holders);
        if (behaviour === 'already-installed' || holders.has(userId)) {
          holders.add(userId);
          return graphError(409, 'Conflict', 'App is already installed.');
        }
        holders.add(userId);
        // Graph answers 201 with no body; a JSON content type on it is what trips clients up, so keep it.
        return { status: 201, headers: { 'content-type': 'application/json' } };
      },
    ],
    [
      'GET',
      /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/,
      (m, q) => {
        const userId = decodeURIComponent(m[1]!);
        const appId = /teamsApp\/id eq '([^']+)'/.exec(q.get('$filter') ?? '')?.[1];
        const apps = [...installed.entries()].filter(
          ([id, holders]) => holders.has(userId) && (appId === undefined || id === appId),
        );
        return {
          status: 200,
          body: {
            value: apps.map(([id]) => ({
              id: installationId(userId, id),
              teamsAppDefinition: { id: `${id}-definition`, teamsAppId: id, displayName: 'Conduct' },
            })),
          },
        };
      },
    ],
    [
      'GET',
      /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps\/([^/]+)\/chat$/,
      (m) => {
        const userId = decodeURIComponent(m[1]!);
        const [owner, appId] = Buffer.from(decodeURIComponent(m[2]!), 'base64url').toString().split('##');
        if (owner !== userId || !appId || !installed.get(appId)?.has(userId)) {
          return graphError(404, 'NotFound', 'Installation not found.');
        }
        return { status: 200, body: { id: `19:${userId}_${appId}@unq.gbl.spaces`, chatType: 'oneOnOne' } };
      },
    ],
    [
      'GET',
      /^\/v1\.0\/servicePrincipals\(appId='([^']+)'\)$/,
      (m) => {
        const sp = data.servicePrincipal;
        if (!sp || sp.appId !== decodeURIComponent(m[1]!))
          return graphError(404, 'Request_ResourceNotFound', 'No such service principal.');
        return { status: 200, body: { id: `sp-${sp.appId}`, appId: sp.appId, appRoles: sp.appRoles } };
      },
    ],
    [
      'GET',
      /^\/v1\.0\/servicePrincipals\(appId='([^']+)'\)\/appRoleAssignedTo$/,
      (m, q) => {
        const sp = data.servicePrincipal;
        if (!sp || sp.appId !== decodeURIComponent(m[1]!))
          return graphError(404, 'Request_ResourceNotFound', 'No such service principal.');
        return page(
          sp.assignments.map((a, i) => ({ id: `assignment-${i}`, ...a, resourceId: `sp-${sp.appId}` })),
          q,
          m[0],
        );
      },
    ],
  ];

  const answer = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    at: number,
  ): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const path = decodeURIComponent(url.pathname);
    const send = (reply: Reply): void => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', status: reply.status, at, body });
      const type = reply.body === undefined ? {} : { 'content-type': 'application/json' };
      res.writeHead(reply.status, { ...type, ...reply.headers });
      res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    };
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || (options.verifyToken && !(await options.verifyToken(token, origin)))) {
      send(graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.'));
      return;
    }
    const failure = failures.find((f) => f.path.test(path) && f.times > 0);
    if (failure) {
      failure.times -= 1;
      send({
        ...graphError(
          failure.status,
          failure.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
          'Try again later.',
        ),
        headers:
          failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) },
      });
      return;
    }
    for (const [method, pattern, handle] of routes) {
      const match = pattern.exec(path);
      if (match && method === req.method) {
        send(handle(match, url.searchParams, body));
        return;
      }
    }
    send(graphError(400, 'BadRequest', `Unsupported request: ${req.method} ${path}`));
  };

  const tls = standInTls();
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      answer(req, res, body, at).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: `${origin}/v1.0`,
    origin,
    data,
    requests,
    installed,
    failNext: (failure) => failures.push({ ...failure }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
