import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describePostgres, postgresUnavailable, type TestDatabase } from '../support/postgres.js';
import { runCli, startServer, type RunningServer } from '../support/run-cli.js';
import { signIn } from '../support/sign-in.js';
import { tempDirs } from '../support/temp-dir.js';

const unavailable = await postgresUnavailable();

describePostgres('tidewatch on PostgreSQL (DATABASE_URL)', unavailable, () => {
  let db: TestDatabase;
  const dirs = tempDirs();
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill('SIGTERM');
    dirs.removeAll();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('`tidewatch migrate` applies the schema to an empty database, then finds it up to date', async () => {
    await db.reset();
    const first = runCli(['migrate'], { DATABASE_URL: db.url });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(
      `applied schema version 1: initial schema\napplied schema version 2: broadcast attachments between server processes\napplied schema version 3: find the events that carry an item, for retention and erasure\nThe database ${db.name} on 127.0.0.1:5432 is now at schema version 3 (3 steps applied).\n`,
    );
    const again = runCli(['migrate'], { DATABASE_URL: db.url });
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(`The database ${db.name} on 127.0.0.1:5432 is up to date at schema version 3.\n`);
  });

  it('`tidewatch migrate` asks for DATABASE_URL, and names an unreachable database without its password', () => {
    const unset = runCli(['migrate'], { DATABASE_URL: '' });
    expect(unset.status).toBe(2);
    expect(unset.stderr).toMatch(/set DATABASE_URL to the PostgreSQL database to migrate/);
    const away = runCli(['migrate'], { DATABASE_URL: 'postgres://postgres:hunter2-secret@127.0.0.1:1/nowhere' });
    expect(away.status).toBe(1);
    expect(away.stderr).toMatch(/cannot reach database nowhere on 127.0.0.1:1.*Check DATABASE_URL/);
    expect(away.stderr + away.stdout).not.toContain('hunter2');
    const bad = runCli(['migrate'], { DATABASE_URL: 'mysql://nope' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/invalid setting databaseUrl \(environment variable DATABASE_URL\): got a value that is not shown here/);
  });

  it('starts the server on the database the commands use, and says so in /health', async () => {
    await db.reset();
    const data = dirs.fresh();
    const env = { DATABASE_URL: db.url };
    const added = runCli(['members', 'add', '--email', 'ana@newsroom.example', '--name', 'Ana Editor', '--role', 'editor', '--data', data], env, 'quiet harbour at noon\n');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);

    const server = await startServer(['--data', data], env);
    servers.push(server);
    expect(server.output()).toContain(`store: database ${db.name} on 127.0.0.1:5432`);
    expect(server.output()).not.toContain('No members yet');
    const health = (await (await fetch(new URL('/health', server.url))).json()) as { store: { kind: string; location: string } };
    expect(health.store).toMatchObject({ kind: 'postgres', location: `database ${db.name} on 127.0.0.1:5432` });
    await signIn(server.url, 'ana@newsroom.example', 'quiet harbour at noon');
    const listed = runCli(['members', 'list', '--data', data], env);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('ana@newsroom.example');
  });
});
