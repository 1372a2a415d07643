import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedDatabase } from '../../src/store/embedded-database';
import { devdbBinary } from '../support/devdb';

describe('the embedded database after kill -9', () => {
  it('still has every write it acknowledged before the kill', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'conduct-durability-'));
    const first = await startEmbeddedDatabase({ binary: devdbBinary, dataDir });
    const connection = await mongoose
      .createConnection(first.uri, { dbName: 'durability', serverSelectionTimeoutMS: 2_000, maxPoolSize: 4 })
      .asPromise();
    const acknowledged: number[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; ; i += 1) {
        try {
          await connection.db!.collection('writes').insertOne({ i, at: new Date() });
          acknowledged.push(i);
        } catch {
          writing = false;
          return;
        }
      }
    })();
    // The kill comes once more than 50 writes are acknowledged, however long a busy machine takes
    // to get there (it was a fixed 1.5 s, in which a loaded run acknowledged only 12).
    while (writing && acknowledged.length <= 50) await new Promise((resolve) => setTimeout(resolve, 20));
    process.kill(first.pid, 'SIGKILL');
    await writer;
    await connection.close(true);
    expect(acknowledged.length).toBeGreaterThan(50);

    const second = await startEmbeddedDatabase({ binary: devdbBinary, dataDir });
    const again = await mongoose.createConnection(second.uri, { dbName: 'durability' }).asPromise();
    try {
      const stored = new Set(
        (
          await again
            .db!.collection('writes')
            .find({}, { projection: { i: 1 } })
            .toArray()
        ).map((d) => d.i as number),
      );
      const lost = acknowledged.filter((i) => !stored.has(i));
      expect(lost).toEqual([]);
    } finally {
      await again.close();
      await second.stop();
    }
  });
});
