import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM: the key is 32 bytes; each sealing draws a fresh 12-byte nonce. */
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/** A key that is not 32 bytes, or sealed text that does not open with it. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

/** The 32-byte key from its configured form: 64 hex digits or base64 (standard or url-safe). */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) throw new SecretBoxError(`the secret key must be 32 bytes (64 hex digits or 44 base64 characters); this one is ${key.length} bytes`);
  return key;
}

export function newSecretKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * Seals a secret for storage: `v1.<nonce>.<ciphertext+tag>` in base64url. `context` (the record's
 * id) is authenticated with it, so a sealed value copied onto another record does not open.
 */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

export function open(key: Buffer, sealed: string, context: string): string {
  const [version, nonceText, bodyText] = sealed.split('.');
  if (version !== VERSION || !nonceText || !bodyText) throw new SecretBoxError('the sealed value is not in a form this server knows');
  const body = Buffer.from(bodyText, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonceText, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('the sealed value does not open with this key: was the secret key changed?');
  }
}
