import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Actor, Role } from '../directory';
import type { AppError } from '../errors';

/**
 * Who may call a route. "public": anyone (health, the bot endpoint, which checks its own tokens).
 * "signed-in": any person with a valid token. Roles: a person holding one of them, for the school
 * the request concerns or for the trust — the use case checks the school, the route declares the roles.
 */
export type Access = 'public' | 'signed-in' | { readonly roles: readonly Role[] };

/** An HTTP method as the route table names it ("del" is DELETE). */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'del';

/** What a handler is given: the request's parts as plain data, never the framework's request. */
export interface HandlerInput<Body = unknown> {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: Body;
  /** The signed-in person; reading it on a public route throws. */
  readonly actor: Actor;
  readonly contentType: string | undefined;
  readonly requestId: string;
  readonly log: Logger;
}

/** A JSON answer (or none, for 204 and redirects). */
export interface JsonReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A file answer: streamed or sent whole; with a filename the browser saves it as an attachment. */
export type FileReply = {
  readonly status: number;
  readonly contentType: string;
  readonly filename?: string;
  readonly headers?: Readonly<Record<string, string>>;
} & ({ readonly stream: Readable } | { readonly buffer: Buffer | string });

/** What a handler returns; the http layer writes it. */
export type Reply = JsonReply | FileReply;

interface RouteBase {
  readonly method: Method;
  readonly path: string;
  readonly access: Access;
}

/** A route whose handler takes the parsed JSON body, params and query and returns a reply. */
export interface ApiRoute extends RouteBase {
  reply: (input: HandlerInput) => Promise<Reply>;
}

/** A file upload: the http layer reads the raw body (at most `maxBytes`) and hands it over as a Buffer. */
export interface UploadRoute extends RouteBase {
  readonly upload: { readonly maxBytes: number; readonly tooLarge: () => AppError };
  receive: (input: HandlerInput<Buffer>) => Promise<Reply>;
}

/** The request of a raw route: Node's, with the JSON body already parsed. */
export type RawRequest = IncomingMessage & { body?: Record<string, unknown> };

/** The response of a raw route: Node's, with the status/header/send helpers an adapter expects. */
export type RawResponse = ServerResponse & {
  status(code: number): unknown;
  header(name: string, value: unknown): unknown;
  send(...args: unknown[]): unknown;
};

/** The request's id and logger, as a raw route sees them. */
export interface RequestContext {
  readonly id: string;
  readonly log: Logger;
}

/** A route that answers on the response itself (the bot endpoint hands both to the Bot Framework adapter). */
export interface RawRoute extends RouteBase {
  handle: (req: RawRequest, res: RawResponse, context: RequestContext) => Promise<void>;
}

/** One entry of the route table. */
export type Route = ApiRoute | UploadRoute | RawRoute;
