import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Secrets handed to browsers and integrations, and what the store keeps of them. The store holds
 * only hashes: a copy of the data file lets nobody sign in. A fast hash is enough here because
 * every secret is 256 random bits, not something a person chose.
 */

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Equal strings, compared in time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  // Hashing first gives both sides one length, so the comparison never short-cuts on length.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** The session record's id: the hash of the cookie's token. */
export function sessionIdFor(sessionToken: string): string {
  return sha256Hex(sessionToken);
}

/**
 * The CSRF token of a session, derived from the session's token: the server can always recompute
 * it, a page on another site can never read it, and it changes with every sign-in.
 */
export function csrfTokenFor(sessionToken: string): string {
  return sha256Hex(`csrf:${sessionToken}`);
}

/**
 * How a session is named in the event log, which every member may read: derived from the
 * session id but not reversible to it, so the log never holds anything a cookie can be matched to.
 */
export function sessionRef(sessionId: string): string {
  return `session_${sha256Hex(`ref:${sessionId}`).slice(0, 20)}`;
}

/** Letters and digits a person cannot mistake for each other when reading them out or typing them. */
const READABLE = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password: 4 groups of 5 readable characters (about 115 bits), e.g. `Kx7pq-...`. */
export function oneTimePassword(): string {
  const group = () => Array.from({ length: 5 }, () => READABLE[randomInt(READABLE.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}
