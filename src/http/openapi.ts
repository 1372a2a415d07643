import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { declaredStatuses, type Answer, type Contract } from './contract';

const errorBody = z
  .strictObject({
    error: z.strictObject({
      code: z.string(),
      message: z.string().describe('Safe to show to the person.'),
      requestId: z.string(),
      details: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .describe('Every refusal and failure has this shape.');

/** The refusals, one shared response each: [name, description]. */
const refusals: Record<number, [string, string]> = {
  400: ['Invalid', 'The request did not pass validation; `details` lists every problem by field.'],
  401: [
    'Unauthenticated',
    'No sign-in, or one that is expired, for another app, an ID token or an app token.',
  ],
  403: ['Forbidden', "Signed in, but the person's roles do not allow this here."],
  404: ['NotFound', 'There is no such thing (or not one the reader may know of).'],
  409: [
    'Conflict',
    'The request conflicts with what is stored (taken name, published version, finished campaign…).',
  ],
  413: ['TooLarge', 'The body is too large.'],
  415: ['Unsupported', 'The body is of a type this route does not take.'],
  503: ['Unavailable', 'Something Conduct depends on is not set up or did not answer.'],
};

const description = `The API the Conduct tab uses (and the Teams bot endpoint).

Every route except \`/api/tab-config\` and \`/api/messages\` needs \`Authorization: Bearer <token>\`:
an Entra v2 access token for Conduct's API with the \`access_as_user\` scope (the Teams SSO token in
Teams; an authorization-code + PKCE token outside Teams). Roles are read afresh on every request,
so a removed role stops working at once. Dates are ISO 8601 in UTC; calendar days are \`YYYY-MM-DD\`.

Errors always have the same shape (\`Error\`), with a message that is safe to show to the person.
Generated from the route contracts (\`src/*/contract.ts\`) by \`npm run openapi\`.
`;

/** "/api/policies/:policyId" as OpenAPI writes it: "/api/policies/{policyId}". */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}');

function success(answer: Answer) {
  const content: Record<string, { schema: z.ZodType }> = {};
  if ('json' in answer && answer.json) content['application/json'] = { schema: answer.json };
  if ('file' in answer) content[answer.file] = { schema: z.string().meta({ format: 'binary' }) };
  return Object.keys(content).length > 0 ? { description: answer.description, content } : answer;
}

function operation(c: Contract): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const status of declaredStatuses(c)) {
    const answer = c.responses[status];
    const refusal = refusals[status];
    if (answer) responses[status] = success(answer);
    else if (refusal) responses[status] = { $ref: `#/components/responses/${refusal[0]}` };
    else throw new Error(`${c.path} declares ${status}, which has no shared response`);
  }
  const roles = typeof c.access === 'object' ? `Roles: ${c.access.roles.join(', ')}.` : undefined;
  const body = c.body ? { 'application/json': { schema: c.body } } : undefined;
  const upload = c.upload && Object.fromEntries(c.upload.map((type) => [type, { schema: z.string() }]));
  const requestBody = body ?? upload;
  return {
    method: c.method === 'del' ? 'delete' : c.method,
    path: openApiPath(c.path),
    operationId: c.operationId,
    summary: c.summary,
    ...(roles ? { description: roles } : {}),
    tags: [c.tag],
    ...(c.access === 'public' ? { security: [] } : {}),
    request: {
      ...(c.params ? { params: c.params as z.ZodObject } : {}),
      ...(c.query ? { query: c.query as z.ZodObject } : {}),
      ...(requestBody ? { body: { required: true, content: requestBody } } : {}),
    },
    responses,
  };
}

/** The OpenAPI 3.1 document of these routes. */
export function openApiDocument(
  contracts: readonly Contract[],
): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'entra', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "An Entra v2 access token for Conduct's API with the access_as_user scope.",
  });
  for (const [name, text] of Object.values(refusals)) {
    registry.registerComponent('responses', name, {
      description: text,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
  }
  // The document's own dialect applies, so the schema's $schema is left out.
  const errorSchema: Record<string, unknown> = { ...z.toJSONSchema(errorBody) };
  delete errorSchema.$schema;
  registry.registerComponent('schemas', 'Error', errorSchema);
  for (const c of contracts) registry.registerPath(operation(c));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Conduct REST API',
      version: '0.1.0',
      description,
    },
    servers: [{ url: '/' }],
    security: [{ entra: [] }],
    tags: [...new Set(contracts.map((c) => c.tag))].map((name) => ({ name })),
  });
}
