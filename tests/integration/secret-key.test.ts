import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { loadSecretKey, SECRET_KEY_FILE_NAME, SecretKeyError, secretKeyNotices } from '../../server/secret-key.js';
import { newSecretKey, parseSecretKey } from '../../server/workflow/secret-box.js';
import { tempDirs } from '../support/temp-dir.js';

const posixOnly = process.platform === 'win32' ? it.skip : it;

describe('the secret key', () => {
  const dirs = tempDirs();
  afterEach(dirs.removeAll);

  posixOnly('makes <data dir>/secret.key with mode 0600 on the first load, says so once, and reads the same key after', async () => {
    const dataDir = dirs.fresh();
    const first = await loadSecretKey({ dataDir, secretKey: null, databaseUrl: null });
    const path = join(dataDir, SECRET_KEY_FILE_NAME);
    expect(first).toMatchObject({ origin: path, created: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(parseSecretKey(readFileSync(path, 'utf8'))).toEqual(first.key);
    expect(secretKeyNotices(first)).toEqual([expect.stringContaining(`${path} (mode 0600)`)]);

    const second = await loadSecretKey({ dataDir, secretKey: null, databaseUrl: null });
    expect(second.created).toBe(false);
    expect(second.key).toEqual(first.key);
    expect(secretKeyNotices(second)).toEqual([]);
  });

  it('warns that a key file does not suit a database shared by several processes', async () => {
    const dataDir = join(dirs.fresh(), 'not-made-yet');
    const loaded = await loadSecretKey({ dataDir, secretKey: null, databaseUrl: 'postgres://db.example/tidewatch' });
    expect(loaded.created).toBe(true);
    expect(secretKeyNotices(loaded)[1]).toMatch(/^The records are in PostgreSQL \(DATABASE_URL\) but the secret key is the file .*Set TIDEWATCH_SECRET_KEY/);
    expect(secretKeyNotices(loaded).join('\n')).not.toContain('db.example');
  });

  it('uses the secretKey setting when given, and then makes no file', async () => {
    const dataDir = dirs.fresh();
    const text = Buffer.alloc(32, 9).toString('hex');
    const loaded = await loadSecretKey({ dataDir, secretKey: text, databaseUrl: null });
    expect(loaded.key).toEqual(Buffer.alloc(32, 9));
    expect(loaded.created).toBe(false);
    expect(() => statSync(join(dataDir, SECRET_KEY_FILE_NAME))).toThrow();
  });

  posixOnly('refuses a key file others can read, saying how to fix it', async () => {
    const dataDir = dirs.fresh();
    const path = join(dataDir, SECRET_KEY_FILE_NAME);
    writeFileSync(path, `${newSecretKey()}\n`);
    chmodSync(path, 0o644);
    await expect(loadSecretKey({ dataDir, secretKey: null, databaseUrl: null })).rejects.toThrow(SecretKeyError);
    await expect(loadSecretKey({ dataDir, secretKey: null, databaseUrl: null })).rejects.toThrow(`can be read by other users (mode 0644). Make it private with \`chmod 600 ${path}\``);
  });

  it('refuses a key file that holds no key, without making a new one over it', async () => {
    const dataDir = dirs.fresh();
    const path = join(dataDir, SECRET_KEY_FILE_NAME);
    writeFileSync(path, 'not a key at all\n', { mode: 0o600 });
    await expect(loadSecretKey({ dataDir, secretKey: null, databaseUrl: null })).rejects.toThrow(/does not hold a key \(the secret key must be 32 bytes.*\)\. Restore it from a backup/);
    expect(readFileSync(path, 'utf8')).toBe('not a key at all\n');
  });

  it('reads TIDEWATCH_SECRET_KEY as a setting, and refuses a bad one without repeating it', () => {
    const good = newSecretKey();
    expect(loadConfig({ env: { TIDEWATCH_SECRET_KEY: good }, flags: {} }).secretKey).toBe(good);
    expect(loadConfig({ env: {}, flags: {} }).secretKey).toBeNull();
    const bad = 'c2hvcnQtYnV0LXNlY3JldA==';
    expect(() => loadConfig({ env: { TIDEWATCH_SECRET_KEY: bad }, flags: {} })).toThrow(ConfigError);
    try {
      loadConfig({ env: { TIDEWATCH_SECRET_KEY: bad }, flags: {} });
    } catch (error) {
      expect((error as Error).message).toMatch(/invalid setting secretKey \(environment variable TIDEWATCH_SECRET_KEY\): got a value that is not shown here; allowed: 32 bytes/);
      expect((error as Error).message).not.toContain(bad);
    }
  });
});
