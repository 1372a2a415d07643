import { localKey } from '../shared/local-key';
import type { Models } from '../store/models';

/**
 * The key the audit trail is sealed with, per set of models (one connection). Held in memory only:
 * someone with the database alone cannot recompute a MAC.
 */
const keys = new WeakMap<object, Buffer>();

/** Binds the HMAC key to these models; every append and verification through them uses it. */
export function bindAuditKey(models: Pick<Models, 'AuditEvent'>, key: Buffer): void {
  if (key.length < 32) throw new Error('the audit key must be at least 32 bytes');
  keys.set(models.AuditEvent, key);
}

export function auditKeyOf(models: Pick<Models, 'AuditEvent'>): Buffer {
  const key = keys.get(models.AuditEvent);
  if (!key) throw new Error('no audit key is bound to these models (bindAuditKey at start-up)');
  return key;
}

/**
 * A development machine's own key (`localKey`), so the trail stays verifiable across restarts.
 * Production takes AUDIT_HMAC_KEY from Key Vault instead.
 */
export const localAuditKey = (file: string): Buffer =>
  localKey(file, 'does not hold a 32-byte key in base64; move it away to start a new trail').key;

/** The key from configuration (AUDIT_HMAC_KEY), or this machine's own outside production. */
export function auditKeyFromConfig(config: {
  readonly env: string;
  readonly audit: { readonly hmacKey: string | undefined; readonly localKeyFile: string };
}): Buffer {
  if (config.audit.hmacKey) return Buffer.from(config.audit.hmacKey, 'base64');
  if (config.env === 'production') throw new Error('AUDIT_HMAC_KEY is required in production');
  return localAuditKey(config.audit.localKeyFile);
}
