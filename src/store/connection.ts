import mongoose, { type Connection } from 'mongoose';

/** Options chosen so a lost database fails requests quickly instead of queueing them for minutes. */
const connectionOptions = {
  serverSelectionTimeoutMS: 5_000,
  connectTimeoutMS: 5_000,
  socketTimeoutMS: 30_000,
  heartbeatFrequencyMS: 2_000,
  maxPoolSize: 20,
  bufferCommands: false,
  autoIndex: false,
  autoCreate: false,
} as const;

mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

/** Opens a mongoose connection of its own (no global default connection is used). */
export async function openConnection(uri: string, dbName: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, { ...connectionOptions, dbName });
  await connection.asPromise();
  return connection;
}

/** Resolves when the database answers a ping within the time given; rejects with the reason otherwise. */
export async function pingDatabase(connection: Connection, timeoutMs: number): Promise<void> {
  const db = connection.db;
  if (!db) throw new Error('the database connection is not open');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the database did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([db.command({ ping: 1 }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
