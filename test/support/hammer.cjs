// One of two processes that hit the embedded database at the same moment (see atomicity.test.ts).
// It connects, says "ready", waits for "go" on stdin, fires its share of the operations all at
// once, and prints the results as one JSON line.
const mongoose = require('mongoose');
const readline = require('node:readline');

const [uri, dbName, scenario, countText] = process.argv.slice(2);
const count = Number(countText);

async function fire(db) {
  const items = db.collection('items');
  const jobs = db.collection('jobs');
  const all = (make) => Promise.all(Array.from({ length: count }, (_, i) => make(i)));
  switch (scenario) {
    case 'inc':
      await all(() => items.updateOne({ _id: 'counter' }, { $inc: { n: 1 } }));
      return null;
    case 'conditional':
      return all(() =>
        items.updateOne({ _id: 'flag', state: 'queued' }, { $set: { state: 'sending' } }),
      ).then((rs) => rs.reduce((sum, r) => sum + r.modifiedCount, 0));
    case 'claim':
      return all(() =>
        jobs.findOneAndUpdate(
          { state: 'queued' },
          { $set: { state: 'claimed', by: process.pid } },
          { returnDocument: 'after' },
        ),
      ).then((rs) => rs.map((doc) => (doc ? String(doc._id) : null)));
    case 'upsert':
      await all(() => items.updateOne({ _id: 'upserted' }, { $inc: { n: 1 } }, { upsert: true }));
      return null;
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

async function main() {
  const connection = await mongoose.createConnection(uri, { dbName, maxPoolSize: count + 5 }).asPromise();
  const db = connection.db;
  await db.command({ ping: 1 });
  process.stdout.write('ready\n');
  const input = readline.createInterface({ input: process.stdin });
  await new Promise((resolve) => input.once('line', resolve));
  const result = await fire(db);
  process.stdout.write(`${JSON.stringify({ result })}\n`);
  input.close();
  await connection.close();
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
