import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET_KEY_FILE_NAME } from '../../server/secret-key.js';
import { DATA_FILE_NAME, EVENT_LOG_FILE_NAME } from '../../server/store/lowdb-store.js';
import { newSecretKey } from '../../server/workflow/secret-box.js';
import { runCli, startServer, type RunningServer } from '../support/run-cli.js';
import { signIn } from '../support/sign-in.js';
import { tempDirs } from '../support/temp-dir.js';

/* Runs the built command: `npx tsc -p tsconfig.build.json` first. */

const TOKEN = 'mstdn-cli-token-Hv62pQzW';
const APP_PASSWORD = 'wxyz-cli1-app2-pass';
const HOOK_URL = 'https://hooks.slack.com/services/T0CLI/B0CLI/CliSlackSecret77';
const SECRETS = [TOKEN, APP_PASSWORD, HOOK_URL, 'CliSlackSecret77'];
const PASSWORD = 'quiet harbour at noon';
const posixOnly = process.platform === 'win32' ? it.skip : it;

function expectNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) expect(text, `${where} holds a credential`).not.toContain(secret);
}

/** The id in the `Added <name> (<id>): ...` line. */
function addedId(stdout: string): string {
  const match = stdout.match(/^Added .+ \((acct_[\w-]+)\):/m);
  if (!match) throw new Error(`no account id in:\n${stdout}`);
  return match[1]!;
}

describe('tidewatch accounts', () => {
  const dirs = tempDirs();
  const servers: RunningServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill('SIGTERM');
    dirs.removeAll();
  });

  async function serve(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
    const server = await startServer(['--data', dataDir], env);
    servers.push(server);
    return server;
  }

  posixOnly('adds accounts of each kind with the secret on stdin; the key file is made once with mode 0600; nothing prints a credential', async () => {
    const data = dirs.fresh();
    const outputs: string[] = [];
    const run = (args: string[], input?: string) => {
      const result = runCli(['accounts', ...args, '--data', data], {}, input);
      outputs.push(result.stdout, result.stderr);
      return result;
    };

    const mastodon = run(['add', '--kind', 'mastodon', '--channel', 'mastodon', '--name', 'Brand on mastodon.social', '--instance', 'https://mastodon.social'], `${TOKEN}\n`);
    expect(mastodon.stderr).toBe('');
    expect(mastodon.status).toBe(0);
    expect(mastodon.stdout).toMatch(/^Made the secret key that seals publishing accounts' credentials: .*secret\.key \(mode 0600\)/m);
    expect(mastodon.stdout).toMatch(/^Added Brand on mastodon\.social \(acct_[\w-]+\): mastodon on mastodon, mastodon\.social\.$/m);
    const keyPath = join(data, SECRET_KEY_FILE_NAME);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyPath, 'utf8');

    const bluesky = run(['add', '--kind', 'bluesky', '--name', 'Brand on Bluesky', '--handle', 'brand.bsky.social'], APP_PASSWORD);
    expect(bluesky.status).toBe(0);
    expect(bluesky.stdout).not.toMatch(/Made the secret key/);
    expect(bluesky.stdout).toContain('bluesky on bluesky, @brand.bsky.social.');
    const webhook = run(['add', '--kind', 'webhook', '--channel', 'news', '--name', 'Newsroom Slack', '--format', 'slack'], HOOK_URL);
    expect(webhook.status).toBe(0);
    expect(webhook.stdout).toContain('webhook on news, Slack webhook to hooks.slack.com.');
    const manual = run(['add', '--kind', 'manual', '--channel', 'x', '--name', 'X, by hand']);
    expect(manual.status).toBe(0);
    expect(readFileSync(keyPath, 'utf8')).toBe(key);

    const list = run(['list']);
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+KIND\s+CHANNEL\s+LABEL\s+DISABLED$/);
    expect(list.stdout).toMatch(/Newsroom Slack\s+webhook\s+news\s+Slack webhook to hooks\.slack\.com\s+no/);

    const id = addedId(mastodon.stdout);
    expect(run(['disable', id]).stdout).toBe('Disabled Brand on mastodon.social: nothing is sent through it until it is enabled.\n');
    expect(run(['disable', id]).stdout).toContain('already disabled; nothing changed');
    expect(run(['list']).stdout).toMatch(/Brand on mastodon\.social .* yes/);
    expect(run(['enable', id]).status).toBe(0);
    expect(run(['credentials', id, '--instance', 'https://mastodon.social'], `${TOKEN}-rotated`).stdout).toContain('Entered the credentials of Brand on mastodon.social again');

    for (const [index, output] of outputs.entries()) expectNoSecret(output, `command output ${index}`);
    expectNoSecret(readFileSync(join(data, DATA_FILE_NAME), 'utf8'), DATA_FILE_NAME);
    expectNoSecret(readFileSync(join(data, EVENT_LOG_FILE_NAME), 'utf8'), EVENT_LOG_FILE_NAME);
  });

  it('names a wrong credential as it was typed, never takes a secret from a flag, and says what stdin must hold', () => {
    const data = dirs.fresh();
    const badInstance = runCli(['accounts', 'add', '--kind', 'mastodon', '--name', 'M', '--instance', 'mastodon.social', '--data', data], {}, TOKEN);
    expect(badInstance.status).toBe(2);
    expect(badInstance.stderr).toContain('--instance: must be the address of the instance, such as https://mastodon.social.');
    const badUrl = runCli(['accounts', 'add', '--kind', 'webhook', '--channel', 'news', '--name', 'W', '--data', data], {}, 'hooks.slack.com/no-scheme');
    expect(badUrl.stderr).toMatch(/the webhook URL on stdin: /);
    expect(badUrl.stderr).not.toContain('no-scheme');
    const noSecret = runCli(['accounts', 'add', '--kind', 'bluesky', '--name', 'B', '--handle', 'brand.bsky.social', '--data', data]);
    expect(noSecret.status).toBe(2);
    expect(noSecret.stderr).toContain('pipe the app password on stdin');
    const flag = runCli(['accounts', 'add', '--kind', 'mastodon', '--name', 'M', '--instance', 'https://mastodon.social', '--access-token', TOKEN, '--data', data]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--access-token'/);
    const stray = runCli(['accounts', 'add', '--kind', 'webhook', '--channel', 'news', '--name', 'W', '--handle', 'x', '--data', data], {}, HOOK_URL);
    expect(stray.stderr).toContain('--handle does not apply to a webhook account, which takes --format, --teams-card.');
    const channel = runCli(['accounts', 'add', '--kind', 'bluesky', '--channel', 'mastodon', '--name', 'B', '--handle', 'b.example', '--data', data], {}, APP_PASSWORD);
    expect(channel.stderr).toContain('channel: a bluesky account publishes on the bluesky channel only, not mastodon');
    expect(runCli(['accounts', 'list', '--data', data]).stdout).toMatch(/^No publishing accounts yet/);
  });

  posixOnly('the server makes the key on its first start and says so once, reads CLI-added accounts with it, and never logs a credential', async () => {
    const data = dirs.fresh();
    expect(runCli(['members', 'add', '--email', 'sam@newsroom.example', '--name', 'Sam Social', '--role', 'social', '--data', data], {}, PASSWORD).status).toBe(0);

    const first = await serve(data);
    expect(first.output()).toMatch(/Made the secret key that seals publishing accounts' credentials: .*secret\.key \(mode 0600\)/);
    expect(statSync(join(data, SECRET_KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    // While the server holds the data directory the command refuses to write, and says where to go instead.
    const refused = runCli(['accounts', 'add', '--kind', 'mastodon', '--name', 'M', '--instance', 'https://mastodon.social', '--data', data], {}, TOKEN);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/a running Tidewatch server \(process \d+\) holds .* Stop it first/);
    // Over HTTP, with a listening server: add one, list them.
    const headers = await signIn(first.url, 'sam@newsroom.example', PASSWORD);
    const added = await fetch(new URL('/api/accounts', first.url), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', origin: new URL(first.url).origin },
      body: JSON.stringify({ name: 'Brand on Bluesky', kind: 'bluesky', credentials: { handle: 'brand.bsky.social', appPassword: APP_PASSWORD } }),
    });
    const addedText = await added.text();
    expect(added.status, addedText).toBe(201);
    expectNoSecret(addedText, 'the POST answer');
    await first.kill('SIGTERM');
    expectNoSecret(first.output(), 'the first start');

    expect(runCli(['accounts', 'add', '--kind', 'mastodon', '--name', 'Brand on mastodon.social', '--instance', 'https://mastodon.social', '--data', data], {}, TOKEN).status).toBe(0);
    const second = await serve(data);
    expect(second.output()).not.toMatch(/Made the secret key/);
    expect(second.output()).not.toMatch(/does not open the credentials/);
    const listed = await (await fetch(new URL('/api/accounts', second.url), { headers: await signIn(second.url, 'sam@newsroom.example', PASSWORD) })).text();
    expect(JSON.parse(listed).accounts.map((a: { name: string }) => a.name)).toEqual(['Brand on Bluesky', 'Brand on mastodon.social']);
    expectNoSecret(listed, 'GET /api/accounts');
    await second.kill('SIGTERM');
    expectNoSecret(second.output(), 'the second start');

    // Another key opens nothing: the start says which accounts need their credentials again.
    const third = await serve(data, { TIDEWATCH_SECRET_KEY: newSecretKey() });
    expect(third.output()).toMatch(/does not open the credentials of Brand on Bluesky \(acct_[\w-]+\), Brand on mastodon\.social \(acct_[\w-]+\): they were sealed with another key/);
  });

  posixOnly('a key file others can read stops the start and the commands, saying how to fix it', () => {
    const data = dirs.fresh();
    expect(runCli(['accounts', 'add', '--kind', 'manual', '--channel', 'x', '--name', 'By hand', '--data', data]).status).toBe(0);
    const keyPath = join(data, SECRET_KEY_FILE_NAME);
    chmodSync(keyPath, 0o644);
    const open = runCli(['start', '--port', '0', '--data', data]);
    expect(open.status).toBe(1);
    expect(open.stderr).toContain(`the secret key file ${keyPath} can be read by other users (mode 0644). Make it private with \`chmod 600 ${keyPath}\``);
    const cli = runCli(['accounts', 'add', '--kind', 'manual', '--channel', 'x', '--name', 'Again', '--data', data]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('can be read by other users');
  });

  it('refuses a bad TIDEWATCH_SECRET_KEY at start without printing it', () => {
    const bad = 'dG9vLXNob3J0LWtleQ==';
    const result = runCli(['start', '--port', '0', '--data', dirs.fresh()], { TIDEWATCH_SECRET_KEY: bad });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('invalid setting secretKey (environment variable TIDEWATCH_SECRET_KEY): got a value that is not shown here');
    expect(result.stderr).not.toContain(bad);
  });
});
