import mongoose from 'mongoose';
import { createHttpServer, type HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';

/** Issue 18: a slow, busy or unreachable database is a 503 with Retry-After, never a 500. */
describe('when the database cannot be reached', () => {
  let server: HttpServer;
  let base: string;
  const unreachable = 'mongodb://127.0.0.1:1/conduct';

  beforeAll(async () => {
    server = createHttpServer({
      logger: createLogger('silent'),
      readiness: () => Promise.resolve(),
      routes: [
        {
          method: 'get',
          path: '/driver',
          access: 'public',
          reply: async () => {
            const client = new mongoose.mongo.MongoClient(unreachable, { serverSelectionTimeoutMS: 200 });
            try {
              await client.db().collection('people').findOne({});
            } finally {
              await client.close();
            }
            return { status: 200, body: {} };
          },
        },
        {
          method: 'get',
          path: '/mongoose',
          access: 'public',
          reply: async () => {
            await mongoose.createConnection(unreachable, { serverSelectionTimeoutMS: 200 }).asPromise();
            return { status: 200, body: {} };
          },
        },
      ],
    });
    const address = await server.listen('127.0.0.1', 0);
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => server.close(1_000));

  it.each(['/driver', '/mongoose'])('answers 503 with Retry-After and says so (%s)', async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('10');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({
      code: 'unavailable',
      message: 'The database is busy or out of reach just now. Please try again in 10 seconds.',
    });
  });
});
