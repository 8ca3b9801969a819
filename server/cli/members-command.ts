import type { CliIo } from './cli-support.js';
import { CliError } from './cli-support.js';

/** `tidewatch members ...` (being built with sign-in). */
export async function membersCommand(_args: string[], _io: CliIo): Promise<number> {
  throw new CliError('members commands are not available yet');
}
