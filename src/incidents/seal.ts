import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../errors';

/** AES-256-GCM ciphertext as stored: base64 parts and the id of the key that sealed it. */
export interface SealedText {
  iv: string;
  tag: string;
  data: string;
  keyId: string;
}

/** Encrypts safeguarding text at rest. Without a key it refuses, so nothing is ever stored in clear. */
export interface Sealer {
  readonly available: boolean;
  seal(text: string): SealedText;
  open(sealed: SealedText): string;
}

/** @param keyBase64 INCIDENT_ENCRYPTION_KEY: base64 of 32 random bytes (config checks the length). */
export function createSealer(keyBase64: string | undefined): Sealer {
  if (!keyBase64) {
    const refuse = (): never => {
      throw new AppError(
        'unavailable',
        'Conduct cannot keep safeguarding information safely on this server yet: no encryption key is set up (INCIDENT_ENCRYPTION_KEY).',
      );
    };
    return { available: false, seal: refuse, open: refuse };
  }
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('the incident encryption key must be 32 bytes');
  // Names the key without revealing it, so a rotated key can be told from the one a record needs.
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return {
    available: true,
    seal: (text) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return {
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
        keyId,
      };
    },
    open: (sealed) => {
      if (sealed.keyId !== keyId) {
        throw new AppError(
          'unavailable',
          'This record was sealed with another encryption key than the one configured.',
        );
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

export const isSealedText = (value: unknown): value is SealedText =>
  typeof value === 'object' &&
  value !== null &&
  ['iv', 'tag', 'data', 'keyId'].every((key) => typeof (value as Record<string, unknown>)[key] === 'string');
