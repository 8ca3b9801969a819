import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import { runCli, startServer, type RunningServer } from '../support/run-cli.js';
import { tempDirs } from '../support/temp-dir.js';

// Built first (`npm run build`): these run bin/tidewatch.js as an operator would.
describe('tidewatch sources', () => {
  const dirs = tempDirs();
  const servers: RunningServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill('SIGTERM');
    dirs.removeAll();
  });

  const sources = (data: string, ...args: string[]) => runCli(['sources', ...args, '--data', data], { TIDEWATCH_ALLOW_PRIVATE_FETCH: '' });

  async function stored(data: string, id: string) {
    const store = await openLowdbStore({ dataDir: data, readOnly: true });
    try {
      return await store.getSource(id);
    } finally {
      await store.close();
    }
  }

  it('adds an rss source, turning --every into a cron expression and the other flags into options', async () => {
    const data = dirs.fresh();
    const result = sources(data, 'add', 'rss', '--url', 'https://example.org/feed.xml', '--every', '10m');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Added example-org (rss, polled on "*/10 * * * *").\n');
    expect(await stored(data, 'example-org')).toMatchObject({ kind: 'rss', name: 'example.org', options: { url: 'https://example.org/feed.xml' }, schedule: '*/10 * * * *', enabled: true });
  });

  it('names the option the connector refuses, and a literal private address with the reason', async () => {
    const data = dirs.fresh();
    const bad = sources(data, 'add', 'rss', '--url', 'not a url');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^tidewatch: options\.url: /);
    const local = sources(data, 'add', 'rss', '--url', 'http://0x7f.1/feed.xml', '--name', 'Sneaky');
    expect(local.status).toBe(1);
    expect(local.stderr).toContain('points at 127.0.0.1, a loopback address');
    const uneven = sources(data, 'add', 'rss', '--url', 'https://example.org/feed.xml', '--every', '7m');
    expect(uneven.status).toBe(2);
    expect(uneven.stderr).toContain('"7m" does not repeat evenly');
    expect(sources(data, 'add', 'pigeon', '--url', 'https://example.org/').stderr).toMatch(/no connector "pigeon"; available: .*rss.*webhook/);
  });

  it('lists sources with their health, pauses, resumes and removes them', async () => {
    const data = dirs.fresh();
    expect(sources(data, 'list').stdout).toContain('No sources yet.');
    sources(data, 'add', 'rss', '--url', 'https://example.org/feed.xml', '--id', 'wire', '--name', 'The Wire');
    const listed = sources(data, 'list');
    expect(listed.status).toBe(0);
    const [header, row] = listed.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+KIND\s+STATUS\s+LAST SUCCESS\s+NEXT POLL\s+ITEMS\/H\s+LAST ERROR$/);
    expect(row).toMatch(/^wire\s+rss\s+unknown\s+—\s+at start\s+0$/);

    expect(sources(data, 'pause', 'wire').stdout).toContain('Paused wire');
    expect((await stored(data, 'wire'))?.enabled).toBe(false);
    expect(sources(data, 'list').stdout).toMatch(/\nwire\s+rss\s+paused/);
    expect(sources(data, 'resume', 'wire').status).toBe(0);
    expect((await stored(data, 'wire'))?.enabled).toBe(true);
    expect(sources(data, 'remove', 'wire').stdout).toBe('Removed wire; its items stay.\n');
    expect(await stored(data, 'wire')).toBeNull();
    const again = sources(data, 'remove', 'wire');
    expect(again.status).toBe(1);
    expect(again.stderr).toBe('tidewatch: no source wire.\n');
  });

  it('imports an OPML file and skips what is already there', async () => {
    const data = dirs.fresh();
    const file = join(dirs.fresh(), 'feeds.opml');
    writeFileSync(
      file,
      `<opml version="2.0"><body>
        <outline title="Harbour Gazette" xmlUrl="https://gazette.example/feed.xml"/>
        <outline title="Quay Watch" xmlUrl="https://quay.example/atom.xml"/>
      </body></opml>`,
    );
    const first = sources(data, 'import', file);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('added    harbour-gazette  https://gazette.example/feed.xml\n');
    expect(first.stdout).toContain('Added 2 sources, skipped 0.\n');
    const second = sources(data, 'import', file);
    expect(second.stdout).toContain('skipped  https://gazette.example/feed.xml  (already a source (harbour-gazette))\n');
    expect(second.stdout).toContain('Added 0 sources, skipped 2.\n');
    expect(sources(data, 'import', join(data, 'missing.opml')).stderr).toMatch(/^tidewatch: cannot read /);
  });

  it('adds a webhook source and prints its token once', async () => {
    const data = dirs.fresh();
    const result = sources(data, 'add', 'webhook', '--name', 'Press desk');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Added press-desk \(webhook, pushed to\)\.\nToken: twh_\S+\n/);
    expect(sources(data, 'list').stdout).toMatch(/\npress-desk\s+webhook\s+unknown\s+—\s+pushed/);
  });

  it('refuses to write while a server holds the data directory', async () => {
    const data = dirs.fresh();
    servers.push(await startServer(['--data', data]));
    const result = sources(data, 'add', 'rss', '--url', 'https://example.org/feed.xml');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/a running Tidewatch server \(process \d+\) holds .* Stop it first/);
    // Reading is fine beside it.
    expect(sources(data, 'list').status).toBe(0);
  });

  it('prints its help', () => {
    const result = runCli(['sources', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('tidewatch sources add <kind>');
    expect(runCli(['--help']).stdout).toContain('tidewatch sources add|list|pause|resume|remove|import');
  });
});
