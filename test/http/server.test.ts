import { AppError } from '../../src/errors';
import { createHttpServer, type HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';

describe('the HTTP server', () => {
  let server: HttpServer;
  let base: string;
  let ready = true;

  beforeAll(async () => {
    server = createHttpServer({
      logger: createLogger('silent'),
      readiness: () => (ready ? Promise.resolve() : Promise.reject(new Error('database unavailable: gone'))),
      routes: [
        {
          method: 'post',
          path: '/echo',
          access: 'public',
          reply: ({ body }) => Promise.resolve({ status: 200, body: { received: body } }),
        },
        {
          method: 'get',
          path: '/refused',
          access: 'public',
          reply: () => Promise.reject(new AppError('forbidden', 'Only the IT manager can do that.')),
        },
        {
          method: 'get',
          path: '/broken',
          access: 'public',
          reply: () =>
            Promise.reject(new Error('connection string mongodb://admin:hunter2@db failed at line 42')),
        },
      ],
      bodyLimitBytes: 1_000,
    });
    const address = await server.listen('127.0.0.1', 0);
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => server.close(1_000));

  it('answers /healthz while alive and /readyz according to the readiness check', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'alive' });
    ready = false;
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'unavailable', reason: 'database unavailable: gone' });
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('shows a user-safe message and stable code for an AppError', async () => {
    const response = await fetch(`${base}/refused`);
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toBe('Only the IT manager can do that.');
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('never leaks internals of an unexpected error', async () => {
    const response = await fetch(`${base}/broken`, { headers: { 'x-request-id': 'trace-123' } });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/hunter2|line 42|at .*\.ts/);
    expect(JSON.parse(text)).toEqual({
      error: {
        code: 'internal',
        message: 'Something went wrong on our side. If it keeps happening, quote reference trace-123.',
        requestId: 'trace-123',
      },
    });
  });

  it('answers an unknown address with a 404 in the same shape', async () => {
    const response = await fetch(`${base}/nowhere`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('answers malformed JSON with a 400 and an oversized body with a 413, not a 500', async () => {
    const bad = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    const big = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(5_000) }),
    });
    expect(big.status).toBe(413);
  });

  it('replaces a request id that is not safe to echo', async () => {
    const response = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
