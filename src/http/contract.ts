import { z } from 'zod';
import { statusOfCode, type ErrorCode } from '../errors';
import type { Role } from '../directory';
import type { Access, Method } from './route';

/** A success answer with a JSON body described by `json`. */
export interface JsonAnswer<S extends z.ZodType = z.ZodType> {
  readonly description: string;
  readonly json: S;
}
/** A success answer that is a file of this content type (or, with `json` too, either). */
export interface FileAnswer {
  readonly description: string;
  readonly file: string;
  readonly json?: z.ZodType;
}
/** A success answer without a body (204). */
export interface EmptyAnswer {
  readonly description: string;
}
export type Answer = JsonAnswer | FileAnswer | EmptyAnswer;

/**
 * One route of the API, described once: the server parses its input with these schemas, checks its
 * answers against them in tests, and docs/openapi.yaml and the tab's types are derived from them.
 */
export interface Contract {
  readonly method: Method;
  /** In the route table's form: /api/policies/:policyId. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The route takes a file of one of these types as its raw body. */
  readonly upload?: readonly string[];
  /** Success statuses and what each carries. */
  readonly responses: Readonly<Record<number, Answer>>;
  /** The refusals the route may answer with besides 400 (bad input) and 401/403 (sign-in, roles). */
  readonly refusals?: readonly ErrorCode[];
}

/** Declares a contract, keeping its literal types so handlers are typed by it. */
export const contract = <const C extends Contract>(c: C): C => c;

/** A route as its contract declaration names it: the method, a space, the path ("patch /api/schools/:id"). */
export type RouteLine = `${Method} /${string}`;

/** What a contract declares besides its route, operation id, tag and access. */
export type ContractParts = Omit<Contract, 'method' | 'path' | 'operationId' | 'tag' | 'access'>;

/**
 * Declares the contracts of one tag in a few lines each:
 * `api('patch /api/schools/:id', 'updateSchool', ['trust_admin'], { summary, params, body, responses })`.
 * Access is 'public', 'signed-in' or the roles that may call the route. The parts keep their literal
 * types, so handlers are typed by them as with `contract`.
 */
export const contractsFor =
  (tag: string) =>
  <const P extends ContractParts>(
    route: RouteLine,
    operationId: string,
    access: Access | readonly Role[],
    parts: P,
  ) => {
    const space = route.indexOf(' ');
    const method = route.slice(0, space) as Method;
    const path = route.slice(space + 1);
    const callers: Access = typeof access === 'string' || 'roles' in access ? access : { roles: access };
    return contract({ method, path, operationId, tag, access: callers, ...parts });
  };

/** A date and time as the API sends it (ISO 8601, UTC); the server may hand over a Date. */
export const dateTime = z.iso.datetime().brand<'DateTime'>();
/** A MongoDB id as the API sends it; the server may hand over an ObjectId. */
export const wireId = z.string().brand<'ObjectId'>();

/** A response body as the tab receives it (JSON: dates as strings). */
export type Wire<S extends z.ZodType> = z.input<S>;

const authStatuses = [statusOfCode('unauthenticated'), statusOfCode('forbidden')];

/** Every status a contract declares: its successes, its refusals, 400 for input, 401/403 unless public. */
export function declaredStatuses(c: Contract): number[] {
  const statuses = new Set(Object.keys(c.responses).map(Number));
  if (c.params || c.query || c.body || c.upload) statuses.add(statusOfCode('validation_failed'));
  if (c.access !== 'public') for (const status of authStatuses) statuses.add(status);
  for (const code of c.refusals ?? []) statuses.add(statusOfCode(code));
  return [...statuses].sort((a, b) => a - b);
}

/** A page of items, 50 (or the route's page size) at a time. */
export const pageOf = <S extends z.ZodType>(item: S) =>
  z.strictObject({ items: z.array(item), page: z.number(), pageSize: z.number(), total: z.number() });

/** A page of items as the tab receives it. */
export type Page<T> = { items: T[]; page: number; pageSize: number; total: number };
