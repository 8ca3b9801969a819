import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are kept as `scrypt$N$r$p$salt$hash` (salt and hash in base64). The cost travels with
 * each hash, so it can be raised later without breaking the hashes already stored.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly that, so leave room. */
const maxmemFor = (N: number, r: number) => 256 * N * r;
/** What a stored hash may ask for: a damaged or hostile store must not make us burn a gigabyte. */
const LIMITS = { maxN: 2 ** 20, maxR: 32, maxP: 16 } as const;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }, bytes: number): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: maxmemFor(cost.N, cost.r) };
  return new Promise((resolve, reject) => {
    // The async form runs on the thread pool: a sign-in must not stall every other request.
    scrypt(password.normalize('NFC'), salt, bytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, KEY_BYTES);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  cost: { N: number; r: number; p: number };
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): ParsedHash | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || rest.length > 0 || salt === undefined || key === undefined) return null;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = Number.isInteger(cost.N) && cost.N > 1 && (cost.N & (cost.N - 1)) === 0;
  if (!powerOfTwo || cost.N > LIMITS.maxN) return null;
  if (!Number.isInteger(cost.r) || cost.r < 1 || cost.r > LIMITS.maxR) return null;
  if (!Number.isInteger(cost.p) || cost.p < 1 || cost.p > LIMITS.maxP) return null;
  const parsed = { cost, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
  return parsed.salt.length > 0 && parsed.key.length >= 16 ? parsed : null;
}

let dummy: Promise<string> | null = null;
/** A hash of nothing anyone knows, made once: checked when there is no member to check against. */
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64'));
  return dummy;
}

/**
 * True when the password matches the stored hash. With no stored hash (unknown email) it still
 * does the full work against a dummy hash and answers false, so the time taken does not tell
 * an attacker which emails belong to members.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = parse(stored ?? (await dummyHash()));
  const target = parsed ?? parse(await dummyHash())!;
  const key = await derive(password, target.salt, target.cost, target.key.length);
  const same = timingSafeEqual(key, target.key);
  return stored !== null && parsed !== null && same;
}
