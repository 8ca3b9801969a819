import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

async function storedIds(server: RunningServer): Promise<string[]> {
  const response = await fetch(new URL('/api/items?limit=500', server.url));
  const body = (await response.json()) as { items: Array<{ id: string }> };
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
    const dir = tempDir();
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
    const stories = (await (await fetch(new URL('/api/stories', second.url))).json()) as { stories: unknown[] };
    expect(stories.stories.length).toBeGreaterThan(0);
  });

  it('switches demo sources off when started again without --demo', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const demo = await startServer(['--demo', '--data', dir.path]);
    cleanups.push(() => demo.kill('SIGKILL'));
    await demo.kill('SIGTERM');
    const plain = await startServer(['--data', dir.path]);
    cleanups.push(() => plain.kill('SIGTERM'));
    const { sources } = (await (await fetch(new URL('/api/sources', plain.url))).json()) as { sources: Array<{ id: string; enabled: boolean }> };
    const demoSources = sources.filter((s) => s.id.startsWith('demo-'));
    expect(demoSources.length).toBeGreaterThan(0);
    expect(demoSources.every((s) => !s.enabled)).toBe(true);
  });
});
