import { z } from 'zod';
import { parseInput } from '../shared/input';
import { declaredStatuses, type Contract, type JsonAnswer } from './contract';
import type { ApiRoute, FileReply, HandlerInput, Reply, Route, UploadRoute } from './route';

/** What the server may give for a response type: Dates for dateTime fields, ObjectIds for wireId ones. */
export type Served<T> =
  T extends z.core.$brand<'DateTime'>
    ? Date | string
    : T extends z.core.$brand<'ObjectId'>
      ? string | { toHexString(): string }
      : T extends readonly (infer E)[]
        ? readonly Served<E>[]
        : T extends object
          ? { readonly [K in keyof T]: Served<T[K]> }
          : T;

type Parsed<S> = S extends z.ZodType ? z.output<S> : Readonly<Record<string, unknown>>;

/** A handler's input, typed by its contract. */
export interface ContractInput<C extends Contract, Body = Parsed<C['body']>> extends Omit<
  HandlerInput<Body>,
  'params' | 'query'
> {
  readonly params: Parsed<C['params']>;
  readonly query: Parsed<C['query']>;
}

type JsonReplyOf<K, A> = A extends { json: infer S extends z.ZodType }
  ? { status: K; body: Served<z.output<S>>; headers?: Readonly<Record<string, string>> }
  : never;
type FileReplyOf<K, A> = A extends { file: string } ? FileReply & { status: K } : never;
type AnswerReply<K, A> = A extends { json: z.ZodType } | { file: string }
  ? JsonReplyOf<K, A> | FileReplyOf<K, A>
  : { status: K; headers?: Readonly<Record<string, string>> };

/** The replies a contract allows: one of its statuses, with that status's body. */
export type ContractReply<C extends Contract> = {
  [K in keyof C['responses'] & number]: AnswerReply<K, C['responses'][K]>;
}[keyof C['responses'] & number];

/** A route built from a contract: its input is parsed by the contract's schemas before the handler runs. */
export type ContractRoute = (ApiRoute | UploadRoute) & { readonly contract: Contract };

type Handler<C extends Contract, Body> = (input: ContractInput<C, Body>) => Promise<ContractReply<C>>;

/** Parses params, then query, then the body, so a 400 lists problems in that order. */
function parsed<C extends Contract, Body>(
  c: C,
  input: HandlerInput<unknown>,
  parseBody: () => Body,
): ContractInput<C, Body> {
  const params = c.params ? parseInput(c.params, input.params) : input.params;
  const query = c.query ? parseInput(c.query, input.query) : input.query;
  const body = parseBody();
  return {
    params: params as ContractInput<C, Body>['params'],
    query: query as ContractInput<C, Body>['query'],
    body,
    // A getter, so that only a route that reads the actor needs one.
    get actor() {
      return input.actor;
    },
    contentType: input.contentType,
    requestId: input.requestId,
    log: input.log,
  };
}

/** What a route takes from its contract: its method, path and who may call it. */
const declaredBy = (c: Contract) => ({ method: c.method, path: c.path, access: c.access, contract: c });

type JsonBody<C extends Contract> = C['body'] extends z.ZodType ? z.output<C['body']> : unknown;

/** A JSON route: params, query and body parsed by the contract before `reply` runs; its answer typed by it. */
export function route<const C extends Contract>(
  c: C,
  handler: { reply: NoInfer<Handler<C, JsonBody<C>>> },
): ContractRoute {
  return {
    ...declaredBy(c),
    reply: (input) => {
      const body = (): unknown => (c.body ? parseInput(c.body, input.body) : input.body);
      return handler.reply(parsed(c, input, body) as ContractInput<C, JsonBody<C>>);
    },
  };
}

/** A file upload: the body arrives as a Buffer of at most `upload.maxBytes`; params and query are parsed. */
export function uploadRoute<const C extends Contract>(
  c: C,
  handler: { upload: UploadRoute['upload']; receive: NoInfer<Handler<C, Buffer>> },
): ContractRoute {
  return {
    ...declaredBy(c),
    upload: handler.upload,
    receive: (input) => handler.receive(parsed(c, input, () => input.body)),
  };
}

/** The contract of a route, when it was built from one. */
export const contractOf = (r: Route): Contract | undefined =>
  'contract' in r ? (r as ContractRoute).contract : undefined;

/**
 * Checks an answer against its contract (in tests): the status must be declared and a 2xx JSON body
 * must match its schema as JSON carries it. Returns what is wrong, or undefined.
 */
export function contractBreach(c: Contract, reply: Reply): string | undefined {
  if (!declaredStatuses(c).includes(reply.status)) return `status ${reply.status} is not declared`;
  const answer = c.responses[reply.status] as Partial<JsonAnswer> | undefined;
  if (!answer?.json || 'stream' in reply || 'buffer' in reply) return undefined;
  const checked = answer.json.safeParse(JSON.parse(JSON.stringify(reply.body ?? null)));
  if (checked.success) return undefined;
  return checked.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}
