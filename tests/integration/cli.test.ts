import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tempDirs } from '../support/temp-dir.js';

describe('tidewatch command line', () => {
  const dirs = tempDirs();
  const fresh = dirs.fresh;
  afterEach(dirs.removeAll);

  it('prints its version, matching package.json', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    const result = runCli(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('prints help naming the commands, flags and settings', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    for (const word of ['tidewatch start', '--port', '--data', '--demo', 'TIDEWATCH_DATA']) expect(result.stdout).toContain(word);
  });

  it('rejects an unknown command with exit code 2 and a hint', () => {
    const result = runCli(['stort']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command "stort"');
    expect(result.stderr).toContain('tidewatch --help');
  });

  it('rejects an unknown flag with exit code 2', () => {
    const result = runCli(['start', '--colour', 'blue']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--colour'/);
  });

  it('stops on a bad setting with exit code 2, naming it and what is allowed', () => {
    const result = runCli(['start', '--data', fresh()], { TIDEWATCH_PORT: 'ninety' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('invalid setting port (environment variable TIDEWATCH_PORT)');
    expect(result.stderr).toContain('allowed: a port number');
  });

  it('refuses to start on a damaged data file and leaves it alone', () => {
    const dataDir = fresh();
    writeFileSync(join(dataDir, 'tidewatch.json'), '{"format":1,"seq":3,"sour');
    const result = runCli(['start', '--data', dataDir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('is damaged');
    expect(result.stderr).toContain('Restore it from a backup');
  });
});
