import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import restify, { type Request, type Response } from 'restify';
import type { Actor } from '../directory';
import { AppError, isAppError } from '../errors';
import { declaredStatuses, type Contract } from './contract';
import { contractBreach, contractOf } from './define';
import { describeError } from './errors';
import { healthRoutes } from './health';
import { writeReply } from './reply';
import type { HandlerInput, RequestContext, Route } from './route';
import { readUpload } from './upload';

export type * from './route';

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
  /** Check every answer against its route's contract and answer 500 when it breaks it (in tests). */
  checkContracts?: boolean;
}

export interface HttpServer {
  listen(host: string, port: number): Promise<AddressInfo>;
  /** Stops taking requests, lets in-flight ones finish (up to the timeout), then drops the rest. */
  close(timeoutMs: number): Promise<void>;
}

const contexts = new WeakMap<Request, RequestContext>();
const requestIdPattern = /^[A-Za-z0-9._-]{1,100}$/;

function requestContext(req: Request): RequestContext {
  const context = contexts.get(req);
  if (!context) throw new Error('request context is missing');
  return context;
}

/** The restify server that serves the route table; the only place that knows restify. */
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
  const uploadPaths = new Set(
    options.routes.filter((route) => 'receive' in route).map((route) => route.path),
  );
  const isUpload = (req: Request): boolean => uploadPaths.has(String(req.getRoute()?.path ?? ''));
  const skipForUpload =
    (parse: restify.RequestHandler): restify.RequestHandler =>
    (req, res, next) => {
      if (isUpload(req)) next();
      else void parse(req, res, next);
    };
  server.use(restify.plugins.jsonBodyParser(bodyOptions).map(skipForUpload));

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
      const check = options.checkContracts ? contractOf(route) : undefined;
      serve(route, req, res, context, options.authenticator, check).then(
        () => next(),
        (error: unknown) => {
          const { status, body, retryAfterSeconds } = describeError(
            breachOr(check, error, context),
            context.id,
            context.log,
          );
          if (retryAfterSeconds !== undefined) res.header('retry-after', String(retryAfterSeconds));
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

/** Checks access, hands the request's parts to the handler and writes its reply. */
async function serve(
  route: Route,
  req: Request,
  res: Response,
  context: RequestContext,
  authenticator: Authenticator | undefined,
  check: Contract | undefined,
): Promise<void> {
  const actor = await authorise(route, req, authenticator);
  if ('handle' in route) return route.handle(req, res, context);
  const reply =
    'receive' in route
      ? await route.receive(
          handlerInput(
            req,
            context,
            actor,
            await readUpload(req, route.upload.maxBytes, route.upload.tooLarge),
          ),
        )
      : await route.reply(handlerInput(req, context, actor, req.body as unknown));
  const breach = check && contractBreach(check, reply);
  if (breach) throw new ContractBreach(`${route.method} ${route.path} answered ${reply.status}: ${breach}`);
  await writeReply(res, reply);
}

class ContractBreach extends Error {}

/** Under contract checks, a breach or a refusal the route does not declare becomes a loud 500. */
function breachOr(check: Contract | undefined, error: unknown, context: RequestContext): unknown {
  if (error instanceof ContractBreach) {
    context.log.error({ breach: error.message }, 'an answer broke its contract');
    return error;
  }
  if (!check || !isAppError(error) || declaredStatuses(check).includes(error.status)) return error;
  context.log.error({ path: check.path, status: error.status, code: error.code }, 'undeclared refusal');
  return new ContractBreach(`${check.method} ${check.path} refused with undeclared ${error.status}`);
}

async function authorise(
  route: Route,
  req: Request,
  authenticator: Authenticator | undefined,
): Promise<Actor | undefined> {
  if (route.access === 'public') return undefined;
  if (!authenticator) throw new Error(`route ${route.path} needs sign-in but no authenticator is configured`);
  const actor = await authenticator.authenticate(req);
  if (route.access !== 'signed-in' && !route.access.roles.some((role) => actor.holds(role))) {
    throw new AppError('forbidden', 'You do not have a role that allows this.');
  }
  return actor;
}

function handlerInput<Body>(
  req: Request,
  context: RequestContext,
  actor: Actor | undefined,
  body: Body,
): HandlerInput<Body> {
  return {
    params: (req.params ?? {}) as Record<string, string>,
    query: (req.query ?? {}) as Record<string, unknown>,
    body,
    get actor(): Actor {
      if (!actor) throw new Error('a public route asked for the signed-in person');
      return actor;
    },
    contentType: req.header('content-type'),
    requestId: context.id,
    log: context.log,
  };
}
