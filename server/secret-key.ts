import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Config } from './config.js';
import { newSecretKey, parseSecretKey, SecretBoxError } from './workflow/secret-box.js';

export const SECRET_KEY_FILE_NAME = 'secret.key';

/** A key file that cannot be used (not readable, no key in it, or readable by others): the start stops. */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError';
}

export interface SecretKey {
  key: Buffer;
  /** Where the key came from, for messages: the setting, or the key file's path. */
  origin: string;
  /** The key file was made just now, on this (first) start. */
  created: boolean;
  /** A key file, while the records live in a database other processes may share. */
  sharedStore: boolean;
}

/**
 * The key that seals publishing accounts' credentials: the `secretKey` setting when the operator
 * gives one (from a secrets manager, say), else `<data dir>/secret.key`, made on the first start.
 * With the embedded store, call it after the store holds the data directory: no second process
 * reads a key file that the first is still writing.
 */
export async function loadSecretKey(config: Pick<Config, 'secretKey' | 'dataDir' | 'databaseUrl'>): Promise<SecretKey> {
  if (config.secretKey !== null) return { key: parseSecretKey(config.secretKey), origin: 'the secretKey setting (TIDEWATCH_SECRET_KEY)', created: false, sharedStore: false };
  const path = join(resolve(config.dataDir), SECRET_KEY_FILE_NAME);
  // On PostgreSQL nothing else needs the data directory, so it may not exist yet.
  await mkdir(dirname(path), { recursive: true });
  const created = await createKeyFile(path);
  return { key: await readKeyFile(path), origin: path, created, sharedStore: config.databaseUrl !== null };
}

/**
 * What the operator should hear about the key: that it was just made (said once, by the first
 * start or the first account added at the command line), and that a key file does not suit a
 * database shared by processes on several hosts, which could not open each other's credentials.
 */
export function secretKeyNotices(secretKey: SecretKey): string[] {
  const notices: string[] = [];
  if (secretKey.created) {
    notices.push(`Made the secret key that seals publishing accounts' credentials: ${secretKey.origin} (mode 0600). Back it up with the data directory: without it, credentials must be entered again.`);
  }
  if (secretKey.sharedStore) {
    notices.push(
      `The records are in PostgreSQL (DATABASE_URL) but the secret key is the file ${secretKey.origin}: a server process on another host could not open ` +
        'credentials sealed here. Set TIDEWATCH_SECRET_KEY (32 bytes, e.g. `openssl rand -base64 32`) to one value for every process.',
    );
  }
  return notices;
}

/** Writes a fresh key only when there is none: `wx` never overwrites the key that sealed what is stored. */
async function createKeyFile(path: string): Promise<boolean> {
  let file;
  try {
    file = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new SecretKeyError(`cannot create the secret key file ${path}: ${(error as Error).message}.`);
  }
  try {
    // The umask may have taken bits off, never added them; chmod says exactly what we mean.
    await file.chmod(0o600);
    await file.writeFile(`${newSecretKey()}\n`);
    // Credentials sealed with a key that a power cut then loses are lost with it.
    await file.sync();
  } finally {
    await file.close();
  }
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
  return true;
}

async function readKeyFile(path: string): Promise<Buffer> {
  // Windows has no such mode bits; there the directory's ACL is what protects the file.
  if (process.platform !== 'win32') {
    const mode = (await stat(path)).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new SecretKeyError(
        `the secret key file ${path} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}). ` +
          `Make it private with \`chmod 600 ${path}\`, then start again.`,
      );
    }
  }
  try {
    return parseSecretKey(await readFile(path, 'utf8'));
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw new SecretKeyError(`cannot read the secret key file ${path}: ${(error as Error).message}.`);
    throw new SecretKeyError(
      `the secret key file ${path} does not hold a key (${error.message}). Restore it from a backup; ` +
        `only when it is lost for good, move it aside: a new key is made, and every publishing account's credentials must be entered again.`,
    );
  }
}
