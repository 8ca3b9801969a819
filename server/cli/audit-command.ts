import type { CliIo } from './cli-support.js';
import { CliError } from './cli-support.js';

/** `tidewatch audit ...` (being built with the audit trail). */
export async function auditCommand(_args: string[], _io: CliIo): Promise<number> {
  throw new CliError('audit commands are not available yet');
}
