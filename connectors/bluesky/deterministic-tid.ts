import { createHash } from 'node:crypto';

/** The base32 alphabet of atproto TIDs, sortable as text. */
const S32 = '234567abcdefghijklmnopqrstuvwxyz';

/**
 * A record key in TID syntax (13 characters, a 63-bit number) computed from the idempotency key
 * rather than the clock: every attempt at the same post asks for the same rkey, and the
 * repository holds at most one record per rkey, so a retry cannot post twice. The "time" part
 * is therefore not a real time; Bluesky orders posts by createdAt and indexedAt, not by rkey.
 */
export function deterministicTid(idempotencyKey: string): string {
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest();
  // The top bit of a TID is always 0.
  let value = digest.readBigUInt64BE(0) & 0x7fff_ffff_ffff_ffffn;
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = S32[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}
