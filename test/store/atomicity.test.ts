import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import mongoose, { type Connection } from 'mongoose';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';

/*
 * FerretDB 1.24 alone loses $incs and double-claims under concurrency; devdb's gate must make every
 * single-document operation atomic, as on MongoDB. Two separate Node processes fire at the same
 * moment so the contention is real, not interleaving inside one event loop.
 */

interface Hammer {
  ready: Promise<void>;
  go(): void;
  result: Promise<unknown>;
}

function startHammer(uri: string, dbName: string, scenario: string, count: number): Hammer {
  const child = spawn(
    process.execPath,
    [path.join(__dirname, '..', 'support', 'hammer.cjs'), uri, dbName, scenario, String(count)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  // The result once the hammer has exited, so that no process outlives the test (one still
  // closing its connection held the jest worker open after the last file).
  const result = new Promise<unknown>((resolve, reject) => {
    let answer: unknown;
    lines.on('line', (line) => {
      if (line === 'ready') resolveReady();
      else answer = (JSON.parse(line) as { result: unknown }).result;
    });
    child.once('close', (code) =>
      code === 0 ? resolve(answer) : reject(new Error(`hammer exited with ${code}`)),
    );
  });
  return { ready, go: () => child.stdin.write('go\n'), result };
}

async function inTwoProcesses(dbName: string, scenario: string, perProcess: number): Promise<unknown[]> {
  const uri = testDatabaseUri();
  const hammers = [
    startHammer(uri, dbName, scenario, perProcess),
    startHammer(uri, dbName, scenario, perProcess),
  ];
  await Promise.all(hammers.map((h) => h.ready));
  hammers.forEach((h) => h.go());
  return Promise.all(hammers.map((h) => h.result));
}

describe('the embedded database under concurrency from two processes', () => {
  const dbName = uniqueDatabaseName();
  let connection: Connection;

  beforeAll(async () => {
    connection = await mongoose.createConnection(testDatabaseUri(), { dbName }).asPromise();
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });
  beforeEach(async () => {
    await connection.db!.collection('items').deleteMany({});
    await connection.db!.collection('jobs').deleteMany({});
  });

  const items = () => connection.db!.collection<{ _id: string; n?: number; state?: string }>('items');

  it('counts 50 concurrent $inc on one document as 50', async () => {
    await items().insertOne({ _id: 'counter', n: 0 });
    await inTwoProcesses(dbName, 'inc', 25);
    expect((await items().findOne({ _id: 'counter' }))?.n).toBe(50);
  });

  it('lets exactly one of 20 concurrent conditional updates modify the document', async () => {
    await items().insertOne({ _id: 'flag', state: 'queued' });
    const modified = (await inTwoProcesses(dbName, 'conditional', 10)) as number[];
    expect(modified.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await items().findOne({ _id: 'flag' }))?.state).toBe('sending');
  });

  it('hands 50 queued jobs to 80 concurrent claims exactly once each', async () => {
    await connection
      .db!.collection('jobs')
      .insertMany(Array.from({ length: 50 }, (_, i) => ({ i, state: 'queued' })));
    const claims = ((await inTwoProcesses(dbName, 'claim', 40)) as (string | null)[][]).flat();
    const claimed = claims.filter((id): id is string => id !== null);
    expect(claims).toHaveLength(80);
    expect(new Set(claimed).size).toBe(50);
    expect(claimed).toHaveLength(50);
    expect(claims.filter((id) => id === null)).toHaveLength(30);
  });

  it('leaves one document counting 20 after 20 concurrent upserts of one key', async () => {
    await inTwoProcesses(dbName, 'upsert', 10);
    const docs = await items().find({ _id: 'upserted' }).toArray();
    expect(docs).toHaveLength(1);
    expect(docs[0]?.n).toBe(20);
  });
});
