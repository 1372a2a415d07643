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

export interface ConnectionWatch {
  /** A server check that has neither succeeded nor failed after this long is stuck. */
  stuckAfterMs?: number;
  /** How often the watch looks. */
  everyMs?: number;
  /** Told when a stuck check made it reconnect, and how that went (no personal data: an address and a reason). */
  onReconnect?: (event: { server: string; stuckForMs: number; error?: string }) => void;
}

/** Opens a mongoose connection of its own (no global default connection is used). */
export async function openConnection(
  uri: string,
  dbName: string,
  watch: ConnectionWatch = {},
): Promise<Connection> {
  const connection = mongoose.createConnection(uri, { ...connectionOptions, dbName });
  await connection.asPromise();
  watchServerChecks(connection, watch);
  return connection;
}

/**
 * The MongoDB driver (6.20) checks the server on a monitoring connection. If the server closes that
 * connection just as a check begins (it died or restarted), the check can wait forever: no timeout
 * fires on the closed socket, no later check starts, and every operation then fails server selection
 * even after the server is back (seen here about once in fifteen restarts; /readyz stayed 503). A
 * check normally ends within connectTimeoutMS, so one still open well after that is stuck: the watch
 * closes the client and connects it again (models and collections keep working; they reach the
 * server through the client), and says so through onReconnect.
 */
export function watchServerChecks(connection: Connection, watch: ConnectionWatch = {}): () => void {
  const stuckAfterMs =
    watch.stuckAfterMs ?? connectionOptions.connectTimeoutMS + connectionOptions.heartbeatFrequencyMS + 5_000;
  const client = connection.getClient();
  const started = new Map<string, number>();
  const begin = (event: { connectionId: string }): void => {
    started.set(event.connectionId, Date.now());
  };
  const end = (event: { connectionId: string }): void => {
    started.delete(event.connectionId);
  };
  client.on('serverHeartbeatStarted', begin);
  client.on('serverHeartbeatSucceeded', end);
  client.on('serverHeartbeatFailed', end);
  let reconnecting = false;
  const look = (): void => {
    if (reconnecting) return;
    const now = Date.now();
    const stuck = [...started].find(([, at]) => now - at > stuckAfterMs);
    if (!stuck) return;
    const [server, at] = stuck;
    reconnecting = true;
    started.clear();
    void (async () => {
      let error: string | undefined;
      try {
        await client.close(true);
        await client.connect();
      } catch (cause) {
        // Not connected now; the next stuck check or failed ping says so, and the watch tries again.
        error = cause instanceof Error ? cause.message : String(cause);
      }
      reconnecting = false;
      watch.onReconnect?.({ server, stuckForMs: now - at, ...(error ? { error } : {}) });
    })();
  };
  const timer = setInterval(look, watch.everyMs ?? 1_000);
  timer.unref();
  const stop = (): void => {
    clearInterval(timer);
    client.off('serverHeartbeatStarted', begin);
    client.off('serverHeartbeatSucceeded', end);
    client.off('serverHeartbeatFailed', end);
  };
  connection.once('close', stop);
  return stop;
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
