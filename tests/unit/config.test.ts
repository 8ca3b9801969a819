import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { tempDirs } from '../support/temp-dir.js';

describe('config', () => {
  const dirs = tempDirs();
  afterEach(dirs.removeAll);
  const configFile = (content: string) => {
    const path = join(dirs.fresh(), 'tidewatch.json');
    writeFileSync(path, content);
    return path;
  };

  it('uses safe defaults: loopback, ./data, no demo, no private fetches', () => {
    const config = loadConfig({ env: {}, flags: {} });
    expect(config).toMatchObject({ port: 4700, host: '127.0.0.1', dataDir: './data', demo: false, allowPrivateFetch: false, configFile: null });
  });

  it('lets flags win over environment variables, and those over the config file', () => {
    const file = configFile(JSON.stringify({ port: 5000, dataDir: '/from/file', host: '0.0.0.0' }));
    const config = loadConfig({ env: { TIDEWATCH_PORT: '6000', TIDEWATCH_DATA: '/from/env', TIDEWATCH_DEMO: 'yes' }, flags: { port: '7000' }, configFile: file });
    expect(config).toMatchObject({ port: 7000, dataDir: '/from/env', host: '0.0.0.0', demo: true, configFile: file });
  });

  it('reads the config file named by TIDEWATCH_CONFIG', () => {
    const file = configFile(JSON.stringify({ fetchTimeoutMs: 2500 }));
    expect(loadConfig({ env: { TIDEWATCH_CONFIG: file }, flags: {} }).fetchTimeoutMs).toBe(2500);
  });

  it.each([
    [{ TIDEWATCH_PORT: 'eighty' }, /invalid setting port \(environment variable TIDEWATCH_PORT\): got "eighty"; allowed: a port number/],
    [{ TIDEWATCH_PORT: '70000' }, /invalid setting port .*70000/],
    [{ TIDEWATCH_DEMO: 'maybe' }, /invalid setting demo .*allowed: true or false/],
    [{ TIDEWATCH_FETCH_TIMEOUT_MS: '5' }, /invalid setting fetchTimeoutMs .*milliseconds from 100/],
  ])('stops on a bad environment value %o, naming the setting and what is allowed', (env, message) => {
    expect(() => loadConfig({ env, flags: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ env, flags: {} })).toThrow(message);
  });

  it('names the flag when a flag is wrong', () => {
    expect(() => loadConfig({ env: {}, flags: { port: '-1' } })).toThrow(/invalid setting port \(flag --port\)/);
  });

  it('refuses a config file that is missing, not JSON, not an object, or has unknown settings', () => {
    expect(() => loadConfig({ env: {}, flags: {}, configFile: '/no/such/file.json' })).toThrow(/cannot read the config file/);
    expect(() => loadConfig({ env: {}, flags: {}, configFile: configFile('{port: 1') })).toThrow(/not valid JSON/);
    expect(() => loadConfig({ env: {}, flags: {}, configFile: configFile('[1,2]') })).toThrow(/must hold a JSON object/);
    expect(() => loadConfig({ env: {}, flags: {}, configFile: configFile('{"prot": 1}') })).toThrow(/unknown setting "prot".*known settings: port/);
    expect(() => loadConfig({ env: {}, flags: {}, configFile: configFile('{"port": "x"}') })).toThrow(/invalid setting port \("port" in .*tidewatch.json\)/);
  });
});
