import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import restify, { type Request, type Response } from 'restify';
import { describeError } from './errors';

/** One entry of the route table: a thin handler that parses, calls a use case and answers. */
export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'del';
  path: string;
  handle: (req: Request, res: Response, context: RequestContext) => Promise<void>;
}

export interface RequestContext {
  readonly id: string;
  readonly log: Logger;
}

export interface HttpServerOptions {
  logger: Logger;
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
  server.use(restify.plugins.jsonBodyParser(bodyOptions));

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
      route.handle(req, res, context).then(
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

function healthRoutes(readiness: () => Promise<void>): Route[] {
  return [
    {
      method: 'get',
      path: '/healthz',
      handle: async (_req, res) => {
        res.send(200, { status: 'alive' });
        return Promise.resolve();
      },
    },
    {
      method: 'get',
      path: '/readyz',
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
