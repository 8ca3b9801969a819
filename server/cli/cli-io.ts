import { parseArgs, type ParseArgsConfig } from 'node:util';

// What every command needs and nothing more: a command that only reads files (replay, eval)
// loads this, not the store and the workflow behind cli-support.ts.

/** Exit codes: 0 done, 1 failed while running, 2 the command line or a setting is wrong. */
export const USAGE_ERROR = 2;
export const FAILED = 1;

/** A refusal that ends the command with a message and an exit code, without a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = USAGE_ERROR) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** All of stdin, when it is not a terminal; null when a person is at the keyboard. */
  readPipedInput(): Promise<string | null>;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  async readPipedInput() {
    if (process.stdin.isTTY) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** parseArgs with the house's message for a wrong flag. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, command: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message}. Run \`tidewatch ${command} --help\` to see the options.`);
  }
}
