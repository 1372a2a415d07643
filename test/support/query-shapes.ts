import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The shape of one query Conduct issued: the collection, the fields its filter constrains (one
 * list per `$or` branch) and its sort, and where in Conduct it came from.
 */
export interface QueryShape {
  collection: string;
  operation: string;
  /** Each branch must be served; a filter without `$or` has one branch. */
  branches: string[][];
  sort: string[];
  caller: string;
}

export const queryShapesDir = path.resolve(__dirname, '..', '..', 'test-output', 'query-shapes');

/** Field paths a filter constrains, `$or` expanded into branches and `$and` merged in. */
export function filterBranches(filter: unknown): string[][] {
  if (typeof filter !== 'object' || filter === null) return [[]];
  let branches: string[][] = [[]];
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) branches = product(branches, filterBranches(part));
    } else if ((key === '$or' || key === '$nor') && Array.isArray(value)) {
      branches = product(
        branches,
        value.flatMap((part) => filterBranches(part)),
      );
    } else if (!key.startsWith('$')) {
      branches = branches.map((branch) => [...branch, key]);
    }
  }
  const sorted = branches.map((branch) => [...new Set(branch)].sort());
  return [...new Map(sorted.map((branch) => [branch.join(' '), branch])).values()];
}

const product = (left: string[][], right: string[][]): string[][] =>
  left.flatMap((l) => right.map((r) => [...l, ...r]));

const sortKeys = (sort: unknown): string[] =>
  typeof sort === 'object' && sort !== null && !Array.isArray(sort) ? Object.keys(sort) : [];

/** The filter and sort of a driver call, by method, as the driver's Collection takes them. */
function describe(method: string, args: unknown[]): { filter: unknown; sort: string[] } | undefined {
  const options = (index: number): Record<string, unknown> =>
    (args[index] as Record<string, unknown> | undefined) ?? {};
  switch (method) {
    case 'find':
    case 'findOne':
    case 'countDocuments':
    case 'updateOne':
    case 'updateMany':
    case 'deleteOne':
    case 'deleteMany':
    case 'replaceOne':
      return { filter: args[0], sort: sortKeys(options(method.startsWith('find') ? 1 : 2).sort) };
    case 'findOneAndUpdate':
    case 'findOneAndReplace':
      return { filter: args[0], sort: sortKeys(options(2).sort) };
    case 'findOneAndDelete':
      return { filter: args[0], sort: sortKeys(options(1).sort) };
    case 'distinct':
      return { filter: args[1], sort: [] };
    case 'aggregate': {
      const [first, second] = (args[0] as Record<string, unknown>[] | undefined) ?? [];
      return { filter: first?.$match ?? {}, sort: first?.$match ? sortKeys(second?.$sort) : [] };
    }
    default:
      return undefined;
  }
}

const repositoryRoot = path.resolve(__dirname, '..', '..');
/** A file of Conduct's own code (src/ or bot/ at the top of the repository), not a package's or a test's. */
const conductFiles = [
  path.join(repositoryRoot, 'src') + path.sep,
  path.join(repositoryRoot, 'bot') + path.sep,
];

/**
 * The innermost file of Conduct's on the stack. Read from the stack's call sites, not from its text:
 * the text goes through jest's source maps, which cost more than the rest of the recording, and
 * only the file is kept.
 */
function callerInConduct(): string | undefined {
  const limit = Error.stackTraceLimit;
  const prepare = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
  Error.stackTraceLimit = 60;
  Error.prepareStackTrace = (_error, callSites) => callSites;
  const callSites = new Error().stack as unknown as NodeJS.CallSite[];
  Error.stackTraceLimit = limit;
  if (prepare) Object.defineProperty(Error, 'prepareStackTrace', prepare);
  else Reflect.deleteProperty(Error, 'prepareStackTrace');
  return callSites
    .map((callSite) => callSite.getFileName() ?? '')
    .find((file) => conductFiles.some((folder) => file.startsWith(folder)));
}

/**
 * Records, for this jest worker, every query a Conduct module (src/ or bot/) sends through the
 * driver, so the suite can check that each one has an index to serve it. Queries written by the
 * tests themselves, and those of libraries acting on their own (agenda's polling), are left out.
 */
export function recordQueryShapes(collectionPrototype: Record<string, unknown>): void {
  const file = path.join(queryShapesDir, `${process.pid}.jsonl`);
  mkdirSync(queryShapesDir, { recursive: true });
  let depth = 0;
  const methods = [
    'find',
    'findOne',
    'countDocuments',
    'updateOne',
    'updateMany',
    'deleteOne',
    'deleteMany',
    'replaceOne',
    'findOneAndUpdate',
    'findOneAndReplace',
    'findOneAndDelete',
    'distinct',
    'aggregate',
  ];
  // Shapes already written by this worker: a repeated query costs no stack trace and no write
  // (both are slow under jest, and the check reads each shape once anyway).
  const written = new Set<string>();
  for (const method of methods) {
    const original = collectionPrototype[method] as (...args: unknown[]) => unknown;
    collectionPrototype[method] = function (this: { collectionName: string }, ...args: unknown[]) {
      const described = depth === 0 ? describe(method, args) : undefined;
      const branches = described ? filterBranches(described.filter) : [];
      const key = described
        ? `${this.collectionName} ${method} ${JSON.stringify(branches)} ${described.sort.join(',')}`
        : '';
      const caller = described && !written.has(key) ? callerInConduct() : undefined;
      if (described && caller) {
        const shape: QueryShape = {
          collection: this.collectionName,
          operation: method,
          branches,
          sort: described.sort,
          caller: path.relative(repositoryRoot, caller),
        };
        written.add(key);
        appendFileSync(file, `${JSON.stringify(shape)}\n`);
      }
      depth += 1;
      try {
        return original.apply(this, args);
      } finally {
        depth -= 1;
      }
    };
  }
}
