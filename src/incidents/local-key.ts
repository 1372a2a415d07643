import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { localKey } from '../shared/local-key';

/** The development key's file name, in the data folder beside the embedded database's files. */
export const localKeyFile = 'incident-encryption.key';

/**
 * The key sealing concerns about a child: INCIDENT_ENCRYPTION_KEY when set. Outside production
 * (`npm run dev`), without it, a key of this machine's own, created once in the ignored data folder
 * (mode 0600) and reused on every start, so such reports can be tried locally. Production never
 * gets here without the key: the configuration refuses to load. Tests set their key themselves.
 */
export function incidentKeyFor(
  config: Pick<Config, 'env' | 'incidents' | 'database'>,
  logger: Pick<Logger, 'info' | 'warn'>,
): string | undefined {
  if (config.incidents.encryptionKey) return config.incidents.encryptionKey;
  if (config.env !== 'development') return undefined;
  return localIncidentKey(path.join(path.dirname(config.database.embedded.dataDir), localKeyFile), logger);
}

/** Reads the key at `file`, or creates it there (`localKey`), and says which in the log (never the key). */
export function localIncidentKey(file: string, logger: Pick<Logger, 'info' | 'warn'>): string {
  const { key, created } = localKey(
    file,
    'does not hold a 32-byte base64 key; delete it to have a new one made (concerns sealed with the old key cannot be read then)',
    (candidate) => candidate.length === 32,
  );
  if (created) {
    logger.warn(
      { file },
      'INCIDENT_ENCRYPTION_KEY is not set: created a local key for development, used to encrypt concerns about a child on this machine only',
    );
  } else {
    logger.info({ file }, 'INCIDENT_ENCRYPTION_KEY is not set: using the local development key');
  }
  return key.toString('base64');
}
