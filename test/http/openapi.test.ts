import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { useConductWithStandIns } from '../directory/app';

type Operation = {
  operationId?: string;
  summary?: string;
  responses?: Record<string, unknown>;
  security?: unknown[];
};
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>> };

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
const document = parse(readFileSync(path.resolve(__dirname, '../../docs/openapi.yaml'), 'utf8')) as OpenApi;

/** "/api/policies/:policyId" as OpenAPI writes it: "/api/policies/{policyId}"; restify's "del" is DELETE. */
const asOpenApi = (route: { method: string; path: string }): string =>
  `${route.method === 'del' ? 'delete' : route.method} ${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;

const documented = Object.entries(document.paths).flatMap(([route, item]) =>
  methods.filter((method) => item[method]).map((method) => `${method} ${route}`),
);

describe('docs/openapi.yaml', () => {
  const conduct = useConductWithStandIns();
  const served = () =>
    conduct()
      .app.routes.filter((route) => route.path.startsWith('/api/'))
      .map(asOpenApi);

  it('documents every /api route the app serves, with its method', () => {
    expect(served().filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('documents no route that the app does not serve', () => {
    expect(documented.filter((route) => !served().includes(route))).toEqual([]);
  });

  it('is OpenAPI 3.1 with a unique id, a summary and responses for every operation', () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const operations = Object.values(document.paths).flatMap((item) =>
      methods.flatMap((m) => (item[m] ? [item[m]] : [])),
    );
    expect(operations.filter((op) => !op.operationId || !op.summary || !op.responses)).toEqual([]);
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refers only to components it defines', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    const missing = refs.filter(
      (ref) =>
        ref
          .split('/')
          .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document) ===
        undefined,
    );
    expect([...new Set(missing)]).toEqual([]);
  });
});
