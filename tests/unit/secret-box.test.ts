import { describe, expect, it } from 'vitest';
import type { PublishingAccount } from '../../server/domain/index.js';
import { createPublishingVault } from '../../server/workflow/publishing-vault.js';
import { newSecretKey, open, parseSecretKey, seal, SecretBoxError } from '../../server/workflow/secret-box.js';

const key = () => parseSecretKey(newSecretKey());
const SECRET = 'mastodon-token-4f1c9e';

describe('secret box (AES-256-GCM)', () => {
  it('opens what it sealed, with the same key and record', () => {
    const k = key();
    const sealed = seal(k, SECRET, 'account:acct_1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(SECRET);
    expect(open(k, sealed, 'account:acct_1')).toBe(SECRET);
  });

  it('draws a fresh nonce each time: one secret never seals to the same text twice', () => {
    const k = key();
    expect(seal(k, SECRET, 'account:acct_1')).not.toBe(seal(k, SECRET, 'account:acct_1'));
  });

  it('refuses to open with another key, and says the key may have changed', () => {
    const sealed = seal(key(), SECRET, 'account:acct_1');
    expect(() => open(key(), sealed, 'account:acct_1')).toThrow(SecretBoxError);
    expect(() => open(key(), sealed, 'account:acct_1')).toThrow(/does not open with this key: was the secret key changed\?/);
  });

  it('refuses tampered text: any changed character of nonce or body', () => {
    const k = key();
    const sealed = seal(k, SECRET, 'account:acct_1');
    const [version, nonce, body] = sealed.split('.') as [string, string, string];
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    for (const tampered of [`${version}.${flip(nonce, 2)}.${body}`, `${version}.${nonce}.${flip(body, 1)}`, `${version}.${nonce}.${flip(body, body.length - 3)}`]) {
      expect(() => open(k, tampered, 'account:acct_1')).toThrow(SecretBoxError);
    }
    expect(() => open(k, `v2.${nonce}.${body}`, 'account:acct_1')).toThrow(/not in a form this server knows/);
    expect(() => open(k, 'plain text', 'account:acct_1')).toThrow(SecretBoxError);
  });

  it('refuses a sealed value moved onto another record', () => {
    const k = key();
    const sealed = seal(k, SECRET, 'account:acct_1');
    expect(() => open(k, sealed, 'account:acct_2')).toThrow(SecretBoxError);
  });

  it('reads a key as 64 hex digits or base64, and refuses any other length in words', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(parseSecretKey(bytes.toString('hex'))).toEqual(bytes);
    expect(parseSecretKey(` ${bytes.toString('base64')}\n`)).toEqual(bytes);
    expect(parseSecretKey(bytes.toString('base64url'))).toEqual(bytes);
    expect(() => parseSecretKey(Buffer.alloc(16).toString('base64'))).toThrow(/must be 32 bytes .* this one is 16 bytes/);
  });
});

describe('publishing vault', () => {
  const account = (id: string, sealed: string | null): PublishingAccount => ({
    id,
    rev: 1,
    name: 'Brand',
    kind: 'mastodon',
    channel: 'mastodon',
    label: 'mastodon.social',
    sealed,
    disabled: false,
    createdBy: 'system',
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
  });

  it('seals credentials to the account id and opens them as they were', () => {
    const vault = createPublishingVault(key());
    const credentials = { instance: 'https://mastodon.social', accessToken: SECRET, visibility: 'public' };
    const sealed = vault.sealCredentials('acct_1', credentials);
    expect(sealed).not.toContain(SECRET);
    expect(vault.openCredentials(account('acct_1', sealed))).toEqual(credentials);
    expect(() => vault.openCredentials(account('acct_2', sealed))).toThrow(SecretBoxError);
    expect(() => createPublishingVault(key()).openCredentials(account('acct_1', sealed))).toThrow(SecretBoxError);
  });

  it('opens nothing for a manual account', () => {
    expect(createPublishingVault(key()).openCredentials(account('acct_1', null))).toBeNull();
  });
});
