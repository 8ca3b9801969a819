import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import { runCli, startServer, type RunningServer } from '../support/run-cli.js';
import { sessionCookieOf, signIn } from '../support/sign-in.js';
import { tempDirs } from '../support/temp-dir.js';

const PASSWORD = 'quiet harbour at noon';

async function attemptSignIn(url: string, email: string, password: string) {
  const response = await fetch(new URL('/api/session', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, body: (await response.json()) as any, cookie: sessionCookieOf(response) };
}

/** The one-time password the command printed. */
function oneTimePasswordIn(stdout: string): string {
  const match = stdout.match(/^One-time password: (\S+)$/m);
  if (!match) throw new Error(`no one-time password in:\n${stdout}`);
  return match[1]!;
}

describe('tidewatch members', () => {
  const dirs = tempDirs();
  const servers: RunningServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill('SIGTERM');
    dirs.removeAll();
  });

  async function serve(dataDir: string): Promise<RunningServer> {
    const server = await startServer(['--data', dataDir]);
    servers.push(server);
    return server;
  }

  it('adds a member with a password piped on stdin, who can then sign in', async () => {
    const data = dirs.fresh();
    const added = runCli(['members', 'add', '--email', 'Ana@Newsroom.example', '--name', 'Ana Editor', '--role', 'editor', '--role', 'comms', '--data', data], {}, `${PASSWORD}\n`);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('Added Ana Editor <ana@newsroom.example> with the roles editor, comms.');
    expect(added.stdout).not.toContain(PASSWORD);
    expect(added.stdout).not.toMatch(/one-time/i);

    const server = await serve(data);
    expect(server.output()).not.toContain('No members yet');
    const headers = await signIn(server.url, 'ana@newsroom.example', PASSWORD);
    const session = (await (await fetch(new URL('/api/session', server.url), { headers })).json()) as any;
    expect(session).toMatchObject({ principal: { name: 'Ana Editor', roles: ['editor', 'comms'] }, mustChangePassword: false });
  });

  it('prints a one-time password when nothing is piped, which the member must replace', async () => {
    const data = dirs.fresh();
    const added = runCli(['members', 'add', '--email', 'ben@newsroom.example', '--name', 'Ben Legal', '--role', 'legal', '--data', data]);
    expect(added.status).toBe(0);
    const oneTime = oneTimePasswordIn(added.stdout);
    expect(oneTime.length).toBeGreaterThanOrEqual(12);
    expect(added.stdout).toMatch(/signs in at http:\/\/127\.0\.0\.1:4700\/ with ben@newsroom\.example/);

    const server = await serve(data);
    const signedIn = await attemptSignIn(server.url, 'ben@newsroom.example', oneTime);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.mustChangePassword).toBe(true);
    const blocked = await fetch(new URL('/api/items', server.url), { headers: { cookie: signedIn.cookie! } });
    expect(blocked.status).toBe(403);
  });

  it('refuses a piped password shorter than 12 characters, and bad or missing flags, with exit code 2 and a hint', () => {
    const data = dirs.fresh();
    const short = runCli(['members', 'add', '--email', 'c@newsroom.example', '--name', 'C', '--role', 'social', '--data', data], {}, 'short\n');
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('at least 12');

    const cases: Array<[string[], RegExp]> = [
      [['members', 'add', '--name', 'No Email', '--role', 'editor'], /needs --email/],
      [['members', 'add', '--email', 'd@newsroom.example', '--role', 'editor'], /needs --name/],
      [['members', 'add', '--email', 'd@newsroom.example', '--name', 'D'], /at least one --role/],
      [['members', 'add', '--email', 'd@newsroom.example', '--name', 'D', '--role', 'boss'], /unknown role "boss"; choose from editor, legal, comms, social, admin/],
      [['members', 'add', '--colour', 'blue'], /Unknown option '--colour'.*tidewatch members --help/],
      [['members', 'promote', '--email', 'd@newsroom.example'], /unknown members command "promote"/],
      [['members', 'disable'], /needs --email/],
    ];
    for (const [args, message] of cases) {
      const result = runCli([...args, '--data', data]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    const help = runCli(['members', '--help']);
    expect(help.status).toBe(0);
    for (const word of ['members add', 'members list', 'members disable', 'members reset-password', '--role']) expect(help.stdout).toContain(word);
  });

  it('lists members as a table, disables one and resets a password', async () => {
    const data = dirs.fresh();
    expect(runCli(['members', 'add', '--email', 'ana@newsroom.example', '--name', 'Ana Editor', '--role', 'editor', '--data', data], {}, PASSWORD).status).toBe(0);
    expect(runCli(['members', 'add', '--email', 'boss@newsroom.example', '--name', 'Boss', '--role', 'admin', '--data', data], {}, PASSWORD).status).toBe(0);

    const duplicate = runCli(['members', 'add', '--email', 'ANA@newsroom.example', '--name', 'Twin', '--role', 'editor', '--data', data], {}, PASSWORD);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain('already a member');

    const listed = runCli(['members', 'list', '--data', data]);
    expect(listed.status).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^EMAIL\s+NAME\s+ROLES\s+DISABLED$/);
    expect(lines[1]).toMatch(/^ana@newsroom\.example\s+Ana Editor\s+editor\s+no$/);
    expect(lines[2]).toMatch(/^boss@newsroom\.example\s+Boss\s+admin\s+no$/);

    const disabled = runCli(['members', 'disable', '--email', 'ana@newsroom.example', '--data', data]);
    expect(disabled.status).toBe(0);
    expect(disabled.stdout).toContain('Disabled ana@newsroom.example');
    expect(runCli(['members', 'list', '--data', data]).stdout).toMatch(/^ana@newsroom\.example\s+Ana Editor\s+editor\s+yes$/m);
    const lastAdmin = runCli(['members', 'disable', '--email', 'boss@newsroom.example', '--data', data]);
    expect(lastAdmin.status).toBe(1);
    expect(lastAdmin.stderr).toContain('last enabled admin');
    const unknown = runCli(['members', 'reset-password', '--email', 'nobody@newsroom.example', '--data', data]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('tidewatch members list');

    const reset = runCli(['members', 'reset-password', '--email', 'boss@newsroom.example', '--data', data]);
    expect(reset.status).toBe(0);
    const oneTime = oneTimePasswordIn(reset.stdout);

    const server = await serve(data);
    expect((await attemptSignIn(server.url, 'ana@newsroom.example', PASSWORD)).status).toBe(403);
    expect((await attemptSignIn(server.url, 'boss@newsroom.example', PASSWORD)).status).toBe(401);
    const boss = await attemptSignIn(server.url, 'boss@newsroom.example', oneTime);
    expect(boss.status).toBe(200);
    expect(boss.body.mustChangePassword).toBe(true);
  });

  it('refuses to change members while a server runs on the same data directory, but lists them', async () => {
    const data = dirs.fresh();
    expect(runCli(['members', 'add', '--email', 'ana@newsroom.example', '--name', 'Ana', '--role', 'admin', '--data', data], {}, PASSWORD).status).toBe(0);
    const server = await serve(data);
    for (const args of [
      ['members', 'add', '--email', 'late@newsroom.example', '--name', 'Late', '--role', 'editor'],
      ['members', 'disable', '--email', 'ana@newsroom.example'],
      ['members', 'reset-password', '--email', 'ana@newsroom.example'],
    ]) {
      const refused = runCli([...args, '--data', data], {}, PASSWORD);
      expect(refused.status, args.join(' ')).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`a running Tidewatch server \\(process ${server.pid}\\) holds .*Stop it first`));
    }
    expect(runCli(['members', 'list', '--data', data]).stdout).toContain('ana@newsroom.example');
    // The server's store saw none of the refused changes.
    await server.kill('SIGTERM');
    const store = await openLowdbStore({ dataDir: data, readOnly: true });
    expect((await store.listRecords('member')).map((m) => m.email)).toEqual(['ana@newsroom.example']);
    await store.close();
  });

  it('creates the first admin on a fresh start and says how to sign in', async () => {
    const server = await serve(dirs.fresh());
    const match = server.output().match(/No members yet: created admin@tidewatch\.local with the one-time password (\S+)\. Sign in at (http:\/\/\S+\/) and choose your own password\./);
    expect(match, server.output()).not.toBeNull();
    expect(match![2]).toBe(server.url);
    const signedIn = await attemptSignIn(server.url, 'admin@tidewatch.local', match![1]!);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ member: { name: 'Admin', roles: ['admin', 'editor'] }, mustChangePassword: true });
  });
});
