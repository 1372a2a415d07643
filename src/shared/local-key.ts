import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A development machine's own key, and whether this call made it. */
export interface LocalKey {
  readonly key: Buffer;
  readonly created: boolean;
}

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A key of this machine's own, for development only (production takes its keys from configuration):
 * made once as 32 random bytes in base64, in a file only its owner may read (mode 0600) in the
 * git-ignored data folder, and read back on every later start. A file another process made first is
 * used, never overwritten. A file that does not hold base64 of a key `fits` (by default, at least 32
 * bytes) is refused with `invalid`, since replacing it would lose what its key sealed.
 */
export function localKey(
  file: string,
  invalid: string,
  fits: (key: Buffer) => boolean = (key) => key.length >= 32,
): LocalKey {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return { key, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stored = readFileSync(file, 'utf8').trim();
  const existing = Buffer.from(stored, 'base64');
  if (!base64.test(stored) || !fits(existing)) throw new Error(`${file} ${invalid}`);
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return { key: existing, created: false };
}
