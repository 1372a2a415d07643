import type { Connection } from 'mongoose';
import { openConnection, watchServerChecks } from '../../src/store/connection';
import { useTestDatabase } from '../support/database';

// The driver race itself (a server check starting on a connection the server has just closed) cannot be
// forced from outside the driver, so this test makes the state the race leaves: a check that started and
// never ended. /readyz after a database restart (test/app/readiness.test.ts) covers the real thing.
describe('a server check that never finishes', () => {
  const db = useTestDatabase();
  let connection: Connection;
  beforeAll(async () => {
    connection = await openConnection(db().uri, db().name);
  });
  afterAll(async () => {
    await connection.close();
  });

  it('makes the client reconnect, and the database answers through the same models afterwards', async () => {
    const reconnected = new Promise<{ server: string; stuckForMs: number; error?: string }>((resolve) => {
      watchServerChecks(connection, { stuckAfterMs: 200, everyMs: 50, onReconnect: resolve });
    });
    const client = connection.getClient();
    const collection = connection.collection('stuck_check');
    await collection.insertOne({ n: 1 });

    client.emit('serverHeartbeatStarted', { connectionId: 'stuck.example:27017', awaited: false });
    const event = await reconnected;

    expect(event.server).toBe('stuck.example:27017');
    expect(event.stuckForMs).toBeGreaterThan(200);
    expect(event.error).toBeUndefined();
    await expect(collection.countDocuments({ n: 1 })).resolves.toBe(1);
    await expect(connection.db!.command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
  });

  it('leaves a check that ends in time alone', async () => {
    const reconnects: string[] = [];
    const stop = watchServerChecks(connection, {
      stuckAfterMs: 100,
      everyMs: 20,
      onReconnect: (event) => reconnects.push(event.server),
    });
    const client = connection.getClient();
    client.emit('serverHeartbeatStarted', { connectionId: 'fine.example:27017', awaited: false });
    client.emit('serverHeartbeatSucceeded', {
      connectionId: 'fine.example:27017',
      duration: 3,
      reply: { ok: 1 },
      awaited: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    stop();
    // The real server's own checks may come and go meanwhile; only the one that ended matters here.
    expect(reconnects).not.toContain('fine.example:27017');
  });
});
