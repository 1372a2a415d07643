import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { openApiFile, openApiYaml } from '../../scripts/openapi';
import { apiContracts } from '../../src/api-contracts';
import { declaredStatuses } from '../../src/http/contract';
import { openApiPath } from '../../src/http/openapi';
import { useConductWithStandIns } from '../directory/app';

type Operation = { operationId?: string; responses?: Record<string, unknown> };
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>> };

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
const committed = readFileSync(openApiFile, 'utf8');
const document = parse(committed) as OpenApi;

/** "get /api/policies/{policyId}", as OpenAPI names an operation; restify's "del" is DELETE. */
const asOpenApi = (route: { method: string; path: string }): string =>
  `${route.method === 'del' ? 'delete' : route.method} ${openApiPath(route.path)}`;

const documented = Object.entries(document.paths).flatMap(([route, item]) =>
  methods.filter((method) => item[method]).map((method) => `${method} ${route}`),
);

describe('docs/openapi.yaml', () => {
  const conduct = useConductWithStandIns();
  const served = () => conduct().app.routes.filter((route) => route.path.startsWith('/api/'));

  it('is what npm run openapi makes of the route contracts', async () => {
    expect(committed).toBe(await openApiYaml());
  });

  it('documents every /api route the app serves, and no other', () => {
    const routes = served().map(asOpenApi);
    expect(routes.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('serves every route but the bot endpoint from the contract it documents, whose statuses the server enforces', () => {
    const uncontracted = served().filter((route) => !route.contract);
    expect(uncontracted.map(asOpenApi)).toEqual(['post /api/messages']);
    for (const route of served()) {
      const declared = route.contract ?? apiContracts.find((c) => asOpenApi(c) === asOpenApi(route));
      expect(apiContracts).toContain(declared);
      const [method, path] = asOpenApi(route).split(' ') as [string, string];
      const statuses = Object.keys(document.paths[path]?.[method]?.responses ?? {}).map(Number);
      expect(statuses).toEqual(declaredStatuses(declared!));
    }
  });

  it('is OpenAPI 3.1 with a unique id and responses for every operation', () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const operations = Object.values(document.paths).flatMap((item) =>
      methods.flatMap((m) => (item[m] ? [item[m]] : [])),
    );
    expect(operations.filter((op) => !op.operationId || !op.responses)).toEqual([]);
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
