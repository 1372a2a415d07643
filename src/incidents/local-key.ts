import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';

/** The development key's file name, in the data folder beside the embedded database's files. */
export const localKeyFile = 'incident-encryption.key';

/**
 * The key sealing concerns about a child: INCIDENT_ENCRYPTION_KEY when set. Outside production
 * (`npm run dev`), without it, a key of this machine's own, created once in the ignored data folder
 * (mode 0600) and reused on every start, so such reports can be tried locally. Production never
 * gets here without the key: the configuration refuses to load. Tests set their key themselves.
 */
export async function incidentKeyFor(
  config: Pick<Config, 'env' | 'incidents' | 'database'>,
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<string | undefined> {
  if (config.incidents.encryptionKey) return config.incidents.encryptionKey;
  if (config.env !== 'development') return undefined;
  return localIncidentKey(path.join(path.dirname(config.database.embedded.dataDir), localKeyFile), logger);
}

/** Reads the key at `file`, or creates it there (never overwriting one another start created first). */
export async function localIncidentKey(file: string, logger: Pick<Logger, 'info' | 'warn'>): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const fresh = randomBytes(32).toString('base64');
  try {
    await writeFile(file, `${fresh}\n`, { mode: 0o600, flag: 'wx' });
    logger.warn(
      { file },
      'INCIDENT_ENCRYPTION_KEY is not set: created a local key for development, used to encrypt concerns about a child on this machine only',
    );
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = (await readFile(file, 'utf8')).trim();
  if (Buffer.from(key, 'base64').length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(key)) {
    throw new Error(
      `${file} does not hold a 32-byte base64 key; delete it to have a new one made (concerns sealed with the old key cannot be read then)`,
    );
  }
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  logger.info({ file }, 'INCIDENT_ENCRYPTION_KEY is not set: using the local development key');
  return key;
}
