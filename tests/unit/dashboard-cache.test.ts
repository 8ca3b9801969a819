import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../server/domain/index.js';
import { DashboardCache } from '../../server/http/dashboard-cache.js';
import { HttpError } from '../../server/http/http-error.js';

/** A computation the test finishes by hand, counting how many run at once. */
function gate() {
  let running = 0;
  let most = 0;
  let started = 0;
  const finishers: Array<() => void> = [];
  const compute = () => {
    started += 1;
    running += 1;
    most = Math.max(most, running);
    return new Promise<Dashboard>((resolve) => finishers.push(() => ((running -= 1), resolve({ generatedAt: `#${started}` } as Dashboard))));
  };
  return { compute, finishNext: () => finishers.shift()?.(), stats: () => ({ started, most, pending: finishers.length }) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('DashboardCache', () => {
  it('answers the same request from one computation while it is fresh, and computes again after', async () => {
    let now = 0;
    const cache = new DashboardCache(() => now, { ttlMs: 1_000 });
    const { compute, finishNext, stats } = gate();
    const first = cache.get('a', compute);
    const second = cache.get('a', compute);
    await settle();
    finishNext();
    expect(await first).toBe(await second);
    now = 999;
    await cache.get('a', compute);
    expect(stats().started).toBe(1);
    now = 1_000;
    const third = cache.get('a', compute);
    await settle();
    finishNext();
    expect((await third).generatedAt).toBe('#2');
  });

  it('runs one computation at a time and lets the waiting ones through in turn', async () => {
    const cache = new DashboardCache(() => 0, { concurrent: 1 });
    const { compute, finishNext, stats } = gate();
    const answers = ['a', 'b', 'c'].map((key) => cache.get(key, compute));
    await settle();
    expect(stats()).toEqual({ started: 1, most: 1, pending: 1 });
    for (let i = 0; i < 3; i++) {
      finishNext();
      await settle();
    }
    expect((await Promise.all(answers)).map((d) => d.generatedAt)).toEqual(['#1', '#2', '#3']);
    expect(stats().most).toBe(1);
  });

  it('refuses with 503 and Retry-After when too many wait, and keeps no failure', async () => {
    const cache = new DashboardCache(() => 0, { concurrent: 1, maxWaiting: 1 });
    const { compute, finishNext } = gate();
    const running = cache.get('a', compute);
    const waiting = cache.get('b', compute);
    const refused = cache.get('c', compute).catch((error: unknown) => error);
    const error = await refused;
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(503);
    expect((error as HttpError).headers['Retry-After']).toBe('5');
    finishNext();
    await settle();
    finishNext();
    await Promise.all([running, waiting]);
    const again = cache.get('c', compute);
    await settle();
    finishNext();
    expect((await again).generatedAt).toBe('#3');
  });
});
