import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseSecretKey } from './workflow/secret-box.js';

/** Every setting, where it can come from, and what it allows. Parsed once, at start. */
const SETTINGS = {
  port: { env: 'TIDEWATCH_PORT', flag: '--port', schema: z.coerce.number().int().min(0).max(65535), allowed: 'a port number from 0 to 65535 (0 picks a free one)' },
  host: { env: 'TIDEWATCH_HOST', flag: '--host', schema: z.string().min(1), allowed: 'an interface address such as 127.0.0.1 or 0.0.0.0' },
  dataDir: { env: 'TIDEWATCH_DATA', flag: '--data', schema: z.string().min(1), allowed: 'a directory path' },
  demo: { env: 'TIDEWATCH_DEMO', flag: '--demo', schema: booleanSetting(), allowed: 'true or false' },
  allowPrivateFetch: { env: 'TIDEWATCH_ALLOW_PRIVATE_FETCH', flag: null, schema: booleanSetting(), allowed: 'true or false' },
  fetchTimeoutMs: { env: 'TIDEWATCH_FETCH_TIMEOUT_MS', flag: null, schema: z.coerce.number().int().min(100).max(120_000), allowed: 'milliseconds from 100 to 120000' },
  detectorTickSeconds: { env: 'TIDEWATCH_DETECTOR_TICK_SECONDS', flag: null, schema: z.coerce.number().int().min(1).max(3600), allowed: 'seconds from 1 to 3600' },
  quietHours: { env: 'TIDEWATCH_QUIET_HOURS', flag: null, schema: z.string().trim().regex(/^(none|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/), allowed: 'HH:MM-HH:MM in the team time zone (e.g. 22:00-07:00), or none' },
  timeZone: { env: 'TIDEWATCH_TIME_ZONE', flag: null, schema: z.string().trim().refine(isTimeZone), allowed: 'an IANA time zone such as UTC, Europe/Berlin or America/New_York' },
  retentionDays: { env: 'TIDEWATCH_RETENTION_DAYS', flag: null, schema: z.coerce.number().int().min(1).max(3650), allowed: 'a whole number of days from 1 to 3650 that items no opportunity holds are kept (0 or less would delete items as they arrive)' },
  postsPerHour: { env: 'TIDEWATCH_POSTS_PER_HOUR', flag: null, schema: z.coerce.number().int().min(1).max(60), allowed: 'a whole number of posts from 1 to 60' },
  // Never a flag: a flag shows in every process listing. Marked secret, so a refusal never repeats it.
  secretKey: { env: 'TIDEWATCH_SECRET_KEY', flag: null, schema: z.string().trim().refine(isSecretKey).nullable(), allowed: '32 bytes as 64 hex digits or base64; unset, the server keeps one in secret.key in the data directory', secret: true },
  // Secret too: the URL usually carries the database password.
  databaseUrl: { env: 'DATABASE_URL', flag: null, schema: z.string().trim().regex(/^postgres(ql)?:\/\/\S+$/).nullable(), allowed: 'a PostgreSQL URL such as postgres://user:password@host:5432/tidewatch; unset, the embedded store in the data directory', secret: true },
} as const;

type SettingName = keyof typeof SETTINGS;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  demo: boolean;
  allowPrivateFetch: boolean;
  fetchTimeoutMs: number;
  detectorTickSeconds: number;
  /** When suggested post times stay away: `HH:MM-HH:MM` in `timeZone`, or `none`. */
  quietHours: string;
  /** The team's time zone, for quiet hours. */
  timeZone: string;
  /** Most posts one channel gets within any hour, for suggested post times. */
  postsPerHour: number;
  /** Days an item that no opportunity holds is kept (server/jobs/retention.ts). */
  retentionDays: number;
  /** The key that seals publishing accounts' credentials; null: the key file in the data directory (server/secret-key.ts). */
  secretKey: string | null;
  /** The PostgreSQL database several server processes share; null: the embedded lowdb store in dataDir. */
  databaseUrl: string | null;
  /** The config file read, if any. */
  configFile: string | null;
}

const DEFAULTS: Record<SettingName, unknown> = {
  port: 4700,
  // Loopback by default: opening the board to a network is the operator's choice, behind TLS.
  host: '127.0.0.1',
  dataDir: './data',
  demo: false,
  allowPrivateFetch: false,
  fetchTimeoutMs: 15_000,
  detectorTickSeconds: 10,
  // Audiences sleep: a reaction at 3 a.m. reaches nobody and looks like a bot.
  quietHours: '22:00-07:00',
  timeZone: 'UTC',
  // More than one post a quarter hour on one account reads as flooding.
  postsPerHour: 4,
  // Keep only what the team needs: a week covers every window and a weekly report.
  retentionDays: 7,
  secretKey: null,
  databaseUrl: null,
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ConfigInputs {
  env: NodeJS.ProcessEnv;
  /** Values from command-line flags, by setting name. */
  flags: Partial<Record<SettingName, unknown>>;
  /** A JSON file of settings by name; TIDEWATCH_CONFIG when not given. */
  configFile?: string;
}

/**
 * Flags win over environment variables, which win over the config file, which wins over the
 * defaults. A bad value stops the start with the setting's name, where it came from and what is
 * allowed: a newsroom should never run on a half-understood setting.
 */
export function loadConfig({ env, flags, configFile = env.TIDEWATCH_CONFIG }: ConfigInputs): Config {
  const fromFile = configFile ? readConfigFile(configFile) : {};
  const config: Record<string, unknown> = { configFile: configFile ?? null };
  for (const [name, setting] of Object.entries(SETTINGS) as [SettingName, (typeof SETTINGS)[SettingName]][]) {
    const [raw, origin] =
      flags[name] !== undefined
        ? [flags[name], `flag ${setting.flag}`]
        : env[setting.env] !== undefined && env[setting.env] !== ''
          ? [env[setting.env], `environment variable ${setting.env}`]
          : fromFile[name] !== undefined
            ? [fromFile[name], `"${name}" in ${configFile}`]
            : [DEFAULTS[name], 'default'];
    const parsed = setting.schema.safeParse(raw);
    if (!parsed.success) {
      const got = 'secret' in setting ? 'a value that is not shown here' : JSON.stringify(raw);
      throw new ConfigError(`invalid setting ${name} (${origin}): got ${got}; allowed: ${setting.allowed}.`);
    }
    config[name] = parsed.data;
  }
  return config as unknown as Config;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${path}: ${(error as Error).message}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`the config file ${path} is not valid JSON: ${(error as Error).message}.`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`the config file ${path} must hold a JSON object of settings.`);
  }
  const unknown = Object.keys(raw).filter((key) => !(key in SETTINGS));
  if (unknown.length > 0) {
    throw new ConfigError(`unknown setting ${unknown.map((k) => `"${k}"`).join(', ')} in ${path}; known settings: ${Object.keys(SETTINGS).join(', ')}.`);
  }
  return raw as Record<string, unknown>;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function isSecretKey(text: string): boolean {
  try {
    parseSecretKey(text);
    return true;
  } catch {
    return false;
  }
}

function booleanSetting() {
  return z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')]);
}

/** For --help: every setting with its variable and meaning. */
export function describeSettings(): string[] {
  return Object.entries(SETTINGS).map(([name, s]) => `  ${s.env.padEnd(32)} ${name}: ${s.allowed} (default ${DEFAULTS[name as SettingName] === null ? 'none' : JSON.stringify(DEFAULTS[name as SettingName])})`);
}
