import { ConfigError, loadConfig, type Config } from '../config.js';
import type { Principal } from '../domain/index.js';
import { openSnapshotStore, openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import type { SnapshotStore } from '../store/store-snapshot.js';
import { StoreCorruptError, StoreLockedError, StoreSchemaError, StoreUnavailableError } from '../store/store-errors.js';
import { createWorkflowContext, type WorkflowContext } from '../workflow/workflow-context.js';
import { WorkflowError } from '../workflow/workflow-errors.js';

import { CliError, FAILED, USAGE_ERROR } from './cli-io.js';

/** Changes made at the command line are the operator's, who is an admin by holding the data directory. */
export const CLI_PRINCIPAL: Principal = { kind: 'member', id: 'system', name: 'the command line', roles: ['admin'] };

/** `--teams-card` names the field `teamsCard`: flags are kebab-case, fields camelCase. */
export function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The settings a store-using command reads: the same sources as `start` (flags, env, file). */
export function commandConfig(flags: { data?: string | boolean | undefined; config?: string | boolean | undefined }): Config {
  try {
    return loadConfig({
      env: process.env,
      flags: { dataDir: typeof flags.data === 'string' ? flags.data : undefined },
      ...(typeof flags.config === 'string' ? { configFile: flags.config } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * Opens the store for a command: PostgreSQL when DATABASE_URL is set, else the data directory. On
 * the embedded store a command that writes refuses to run beside a server that holds the same data
 * directory: two writers on one file would lose writes.
 */
export function openCommandStore(config: Config, mode: 'write' | 'read'): Promise<Store> {
  return refusingInWords(() => openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, readOnly: mode === 'read' }));
}

/** As openCommandStore, with the adapter's snapshot methods: for `tidewatch export|import` only. */
export function openSnapshotCommandStore(config: Config, mode: 'write' | 'read'): Promise<SnapshotStore> {
  return refusingInWords(() => openSnapshotStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, readOnly: mode === 'read' }));
}

/** A store that cannot be opened is a message and exit 1, not a stack trace. */
async function refusingInWords<S>(open: () => Promise<S>): Promise<S> {
  try {
    return await open();
  } catch (error) {
    if (error instanceof StoreLockedError) {
      throw new CliError(
        `a running Tidewatch server (process ${error.pid}) holds ${error.location}. Stop it first, or make this change through the API or the board.`,
        FAILED,
      );
    }
    if (error instanceof StoreCorruptError || error instanceof StoreUnavailableError || error instanceof StoreSchemaError) throw new CliError(error.message, FAILED);
    throw error;
  }
}

/** Opens the store, runs the step, closes the store; a refused command becomes a message and exit 1. */
export async function withStore(config: Config, mode: 'read' | 'write', step: (ctx: WorkflowContext) => Promise<number>): Promise<number> {
  const store = await openCommandStore(config, mode);
  try {
    return await step(createWorkflowContext(store));
  } catch (error) {
    if (error instanceof WorkflowError) throw new CliError(`${error.message}.`, FAILED);
    throw error;
  } finally {
    await store.close();
  }
}
