import { z } from 'zod';
import { AppError } from '../../src/errors';
import { contract, dateTime } from '../../src/http/contract';
import { route } from '../../src/http/define';
import { createHttpServer, type HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';

const thing = contract({
  method: 'post',
  path: '/things/:id',
  operationId: 'makeThing',
  summary: 'Makes a thing',
  tag: 'test',
  access: 'public',
  params: z.strictObject({ id: z.string().regex(/^\d+$/) }),
  body: z.strictObject({ name: z.string().min(1) }),
  responses: {
    201: {
      description: 'The thing.',
      json: z.strictObject({ id: z.number(), name: z.string(), at: dateTime }),
    },
  },
  refusals: ['conflict'],
});

describe('a route built from its contract', () => {
  let server: HttpServer;
  let base: string;
  let answer: 'good' | 'extra field' | 'undeclared status' | 'undeclared refusal' | 'declared refusal' =
    'good';

  beforeAll(async () => {
    server = createHttpServer({
      logger: createLogger('silent'),
      readiness: () => Promise.resolve(),
      checkContracts: true,
      routes: [
        route(thing, {
          reply: ({ params, body }) => {
            const made = { id: Number(params.id), name: body.name, at: new Date('2026-01-02T03:04:05Z') };
            if (answer === 'declared refusal') return Promise.reject(new AppError('conflict', 'Taken.'));
            if (answer === 'undeclared refusal') return Promise.reject(new AppError('not_found', 'Gone.'));
            if (answer === 'extra field')
              return Promise.resolve({ status: 201, body: { ...made, secret: 'x' } });
            if (answer === 'undeclared status') return Promise.resolve({ status: 200 as never, body: made });
            return Promise.resolve({ status: 201, body: made });
          },
        }),
      ],
    });
    base = `http://127.0.0.1:${(await server.listen('127.0.0.1', 0)).port}`;
  });
  afterAll(() => server.close(1_000));

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('hands the handler its parsed input and sends its answer as JSON', async () => {
    answer = 'good';
    const response = await post('/things/7', { name: 'kettle' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 7, name: 'kettle', at: '2026-01-02T03:04:05.000Z' });
  });

  it('refuses input that does not fit the contract with a 400 listing the problems', async () => {
    const response = await post('/things/seven', { name: '', colour: 'red' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.map((d) => d.path)).toEqual(['id']);
  });

  it('passes on a refusal the contract declares', async () => {
    answer = 'declared refusal';
    expect((await post('/things/7', { name: 'kettle' })).status).toBe(409);
  });

  it.each(['extra field', 'undeclared status', 'undeclared refusal'] as const)(
    'fails loudly, with a 500, when the answer breaks the contract (%s)',
    async (broken) => {
      answer = broken;
      const response = await post('/things/7', { name: 'kettle' });
      expect(response.status).toBe(500);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('internal');
    },
  );
});
