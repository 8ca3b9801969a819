import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startServer, type RunningServer } from '../support/run-cli.js';
import { signIn, TEST_PASSWORD } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

const EMAIL = 'editor@newsroom.example';

/** A data directory with one member, added through the command line as an operator would. */
function dataDirWithMember(): ReturnType<typeof tempDir> {
  const dir = tempDir();
  const added = runCli(['members', 'add', '--email', EMAIL, '--name', 'Eda Editor', '--role', 'editor', '--data', dir.path], {}, TEST_PASSWORD);
  if (added.status !== 0) throw new Error(`members add failed: ${added.stderr}`);
  return dir;
}

const sessions = new Map<RunningServer, Promise<Record<string, string>>>();

/** GET a path as the member, signed in once per server (and again after each restart). */
async function getAsMember<T>(server: RunningServer, path: string): Promise<T> {
  if (!sessions.has(server)) sessions.set(server, signIn(server.url, EMAIL));
  const response = await fetch(new URL(path, server.url), { headers: await sessions.get(server)! });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function storedIds(server: RunningServer): Promise<string[]> {
  const body = await getAsMember<{ items: Array<{ id: string }> }>(server, '/api/items?limit=500');
  return body.items.map((i) => i.id);
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 45_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the server killed with SIGKILL', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('comes back with every item it had stored, and its stories', async () => {
    const dir = dataDirWithMember();
    cleanups.push(() => dir.remove());
    const first = await startServer(['--demo', '--data', dir.path]);
    cleanups.push(() => first.kill('SIGKILL'));
    const before = await waitFor('demo items', async () => {
      const ids = await storedIds(first);
      return ids.length >= 10 ? ids : null;
    });
    await first.kill('SIGKILL');

    const second = await startServer(['--data', dir.path]);
    cleanups.push(() => second.kill('SIGTERM'));
    const after = new Set(await storedIds(second));
    expect(before.filter((id) => !after.has(id)), `${after.size} after restart, ${before.length} before`).toEqual([]);
    const health = (await (await fetch(new URL('/health', second.url))).json()) as { store: { items: number } };
    expect(health.store.items).toBeGreaterThanOrEqual(before.length);
    const stories = await getAsMember<{ stories: unknown[] }>(second, '/api/stories');
    expect(stories.stories.length).toBeGreaterThan(0);
  });

  it('switches demo sources off when started again without --demo', async () => {
    const dir = dataDirWithMember();
    cleanups.push(() => dir.remove());
    const demo = await startServer(['--demo', '--data', dir.path]);
    cleanups.push(() => demo.kill('SIGKILL'));
    await demo.kill('SIGTERM');
    const plain = await startServer(['--data', dir.path]);
    cleanups.push(() => plain.kill('SIGTERM'));
    const { sources } = await getAsMember<{ sources: Array<{ id: string; enabled: boolean }> }>(plain, '/api/sources');
    const demoSources = sources.filter((s) => s.id.startsWith('demo-'));
    expect(demoSources.length).toBeGreaterThan(0);
    expect(demoSources.every((s) => !s.enabled)).toBe(true);
  });
});
