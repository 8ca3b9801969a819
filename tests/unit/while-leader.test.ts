import { describe, expect, it } from 'vitest';
import { runWhileLeader } from '../../server/jobs/while-leader.js';
import type { Leadership, ProcessRole } from '../../server/store/leadership.js';

/** A leadership whose role the test sets. */
function fakeLeadership(initial: ProcessRole) {
  let role = initial;
  const listeners = new Set<(role: ProcessRole) => void>();
  const leadership: Leadership = {
    role: () => role,
    ready: () => Promise.resolve(),
    onChange: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    stop: async () => undefined,
  };
  return {
    leadership,
    become(next: ProcessRole) {
      role = next;
      for (const listener of listeners) listener(next);
    },
  };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('background work while leading', () => {
  it('starts on becoming leader, stops on losing it, and starts afresh on the next term', async () => {
    const { leadership, become } = fakeLeadership('follower');
    const log: string[] = [];
    let term = 0;
    const work = runWhileLeader(leadership, async () => {
      const mine = ++term;
      log.push(`start ${mine}`);
      return { stop: async () => void log.push(`stop ${mine}`) };
    }, () => undefined);
    await work.ready();
    expect(work.running()).toBe(false);
    become('leader');
    await settled();
    expect(work.running()).toBe(true);
    become('follower');
    become('leader');
    await settled();
    expect(log).toEqual(['start 1', 'stop 1', 'start 2']);
    await work.stop();
    expect(log.at(-1)).toBe('stop 2');
    expect(work.running()).toBe(false);
  });

  it('stops what was starting when the role was lost meanwhile', async () => {
    const { leadership, become } = fakeLeadership('leader');
    const log: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const work = runWhileLeader(leadership, async () => {
      log.push('start');
      await slow;
      return { stop: async () => void log.push('stop') };
    }, () => undefined);
    while (log.length === 0) await settled();
    become('follower');
    release();
    await work.ready();
    await settled();
    expect(log).toEqual(['start', 'stop']);
    expect(work.running()).toBe(false);
    await work.stop();
  });

  it('tries a failed start again while it still leads', async () => {
    const { leadership } = fakeLeadership('leader');
    const messages: string[] = [];
    let tries = 0;
    const work = runWhileLeader(
      leadership,
      async () => {
        if (++tries < 3) throw new Error('the database is busy');
        return { stop: async () => undefined };
      },
      (m) => messages.push(m),
      20,
    );
    await work.ready();
    while (!work.running()) await settled();
    expect(tries).toBe(3);
    expect(messages[0]).toBe('the background work could not start: the database is busy; trying again in 0 s');
    await work.stop();
  });
});
