import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/workflow/password-hash.js';

describe('password hashes', () => {
  it('are salted scrypt hashes that carry their cost, and verify only the right password', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery staple', first)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', first)).toBe(false);
    expect(await verifyPassword('', first)).toBe(false);
  });

  it('treat a composed and a decomposed accent as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait, deux sucres');
    expect(await verifyPassword('cafe\u0301 au lait, deux sucres', stored)).toBe(true);
  });

  it('answer false without a stored hash (an unknown email), and for a damaged or hostile one', async () => {
    expect(await verifyPassword('anything at all here', null)).toBe(false);
    const stored = await hashPassword('a long enough password');
    const [, , r, p, salt, key] = stored.split('$');
    for (const broken of [
      'plain-text-password',
      `bcrypt$32768$${r}$${p}$${salt}$${key}`,
      `scrypt$1000$${r}$${p}$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 24}$${r}$${p}$${salt}$${key}`, // would ask for gigabytes
      `scrypt$32768$${r}$${p}$${salt}$`,
    ]) {
      expect(await verifyPassword('a long enough password', broken), broken).toBe(false);
    }
  });
});
