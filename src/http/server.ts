import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import restify, { type Request, type Response } from 'restify';
import type { Actor } from '../directory/actor';
import type { Role } from '../directory/model';
import { AppError } from '../errors';
import { describeError } from './errors';

/**
 * Who may call a route. "public": anyone (health, the bot endpoint, which checks its own tokens).
 * "signed-in": any person with a valid token. Roles: a person holding one of them, for the school
 * the request concerns or for the trust — the use case checks the school, the route declares the roles.
 */
export type Access = 'public' | 'signed-in' | { readonly roles: readonly Role[] };

/** One entry of the route table: a thin handler that parses, calls a use case and answers. */
export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'del';
  path: string;
  access: Access;
  handle: (req: Request, res: Response, context: RequestContext) => Promise<void>;
  /** The handler reads the raw request body itself (a file upload); the JSON body parser leaves it alone. */
  readsOwnBody?: boolean;
}

export interface RequestContext {
  readonly id: string;
  readonly log: Logger;
  /** The signed-in person; present on every route whose access is not "public". */
  readonly actor?: Actor;
}

/** Verifies the request's bearer token and loads the person and their roles (on every request). */
export interface Authenticator {
  authenticate(req: Request): Promise<Actor>;
}

export interface HttpServerOptions {
  logger: Logger;
  authenticator?: Authenticator;
  /** Resolves when the service can take work; rejects with a reason that is safe to show. */
  readiness: () => Promise<void>;
  routes: readonly Route[];
  bodyLimitBytes?: number;
}

export interface HttpServer {
  listen(host: string, port: number): Promise<AddressInfo>;
  /** Stops taking requests, lets in-flight ones finish (up to the timeout), then drops the rest. */
  close(timeoutMs: number): Promise<void>;
}

const contexts = new WeakMap<Request, RequestContext>();
const requestIdPattern = /^[A-Za-z0-9._-]{1,100}$/;

/** The signed-in person of a route whose access is not "public". */
export function actorOf(context: RequestContext): Actor {
  if (!context.actor) throw new Error('a signed-in route ran without an actor');
  return context.actor;
}

export function requestContext(req: Request): RequestContext {
  const context = contexts.get(req);
  if (!context) throw new Error('request context is missing');
  return context;
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger } = options;
  const server = restify.createServer({ name: 'conduct', handleUncaughtExceptions: false });

  server.pre((req, res, next) => {
    const offered = req.header('x-request-id');
    const id = offered && requestIdPattern.test(offered) ? offered : randomUUID();
    const started = process.hrtime.bigint();
    const log = logger.child({ reqId: id });
    contexts.set(req, { id, log });
    res.header('x-request-id', id);
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info(
        { method: req.method, route: req.getRoute()?.path ?? null, status: res.statusCode, ms },
        'request',
      );
    });
    next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // maxBodySize is read by restify's body reader but missing from its type definitions.
  const bodyOptions = { mapParams: false, maxBodySize: options.bodyLimitBytes ?? 1_048_576 };
  const ownBodyPaths = new Set(
    options.routes.filter((route) => route.readsOwnBody).map((route) => route.path),
  );
  const readsOwnBody = (req: Request): boolean => ownBodyPaths.has(String(req.getRoute()?.path ?? ''));
  const skipForOwnBody =
    (parse: restify.RequestHandler): restify.RequestHandler =>
    (req, res, next) => {
      if (readsOwnBody(req)) next();
      else void parse(req, res, next);
    };
  server.use(restify.plugins.jsonBodyParser(bodyOptions).map(skipForOwnBody));

  server.on('restifyError', (req: Request, res: Response, error: unknown, callback: () => void) => {
    const context = contexts.get(req) ?? { id: randomUUID(), log: logger };
    const { status, body } = describeError(error, context.id, context.log);
    Object.assign(error as object, { statusCode: status, toJSON: () => body });
    res.status(status);
    callback();
  });

  const routes: Route[] = [...healthRoutes(options.readiness), ...options.routes];
  for (const route of routes) {
    server[route.method](route.path, (req: Request, res: Response, next: restify.Next) => {
      const context = requestContext(req);
      withActor(route, req, context, options.authenticator)
        .then((withActorContext) => route.handle(req, res, withActorContext))
        .then(
          () => next(),
          (error: unknown) => {
            const { status, body } = describeError(error, context.id, context.log);
            res.send(status, body);
            next(false);
          },
        );
    });
  }

  return {
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => {
          server.server.off('error', reject);
          resolve(server.address());
        });
      }),
    close: async (timeoutMs) => {
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      server.server.closeIdleConnections();
      const timer = setTimeout(() => server.server.closeAllConnections(), timeoutMs);
      await closed;
      clearTimeout(timer);
    },
  };
}

async function withActor(
  route: Route,
  req: Request,
  context: RequestContext,
  authenticator: Authenticator | undefined,
): Promise<RequestContext> {
  if (route.access === 'public') return context;
  if (!authenticator) throw new Error(`route ${route.path} needs sign-in but no authenticator is configured`);
  const actor = await authenticator.authenticate(req);
  if (route.access !== 'signed-in' && !route.access.roles.some((role) => actor.holds(role))) {
    throw new AppError('forbidden', 'You do not have a role that allows this.');
  }
  return { ...context, actor };
}

function healthRoutes(readiness: () => Promise<void>): Route[] {
  return [
    {
      method: 'get',
      path: '/healthz',
      access: 'public',
      handle: async (_req, res) => {
        res.send(200, { status: 'alive' });
        return Promise.resolve();
      },
    },
    {
      method: 'get',
      path: '/readyz',
      access: 'public',
      handle: async (_req, res) => {
        try {
          await readiness();
          res.send(200, { status: 'ready' });
        } catch (error) {
          const reason = error instanceof Error ? error.message : 'not ready';
          res.send(503, { status: 'unavailable', reason });
        }
      },
    },
  ];
}
