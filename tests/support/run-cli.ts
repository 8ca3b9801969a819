import { spawn, spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../server/version.js';

export const CLI = `${PROJECT_ROOT}bin/tidewatch.js`;

/**
 * Runs the built command to completion. `input` is piped to its stdin (a password, say); without
 * it stdin is an empty pipe, as under a script or CI.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
    ...(input === undefined ? {} : { input }),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface RunningServer {
  url: string;
  pid: number;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `tidewatch start` and resolves once it prints the board's URL. `kill('SIGTERM')` falls
 * back to SIGKILL when the server has not stopped within five seconds.
 */
export function startServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, [CLI, 'start', '--port', '0', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  // Only the tail is kept for error messages: a long run prints a lot.
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-16_000));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server printed no board URL within 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      keep(chunk);
      const match = output.match(/^Board: (http:\/\/\S+)$/m);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          pid: child.pid!,
          output: () => output,
          kill: async (signal) => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill(signal);
            const fallback = setTimeout(() => child.kill('SIGKILL'), 5_000);
            await exited;
            clearTimeout(fallback);
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', keep);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
}
