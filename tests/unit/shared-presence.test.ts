import { describe, expect, it } from 'vitest';
import { PresenceRegistry } from '../../server/realtime/presence.js';
import { SharedPresence } from '../../server/realtime/shared-presence.js';

const ana = { memberId: 'mem_ana', name: 'Ana' };
const ben = { memberId: 'mem_ben', name: 'Ben' };
const t = (minute: number) => Date.UTC(2026, 10, 1, 9, minute);

describe('presence shared between server processes', () => {
  it("merges another process's rows with this process's: one entry per member and record", () => {
    const local = new PresenceRegistry();
    const shared = new SharedPresence(local, 30_000);
    local.set('s1', ana, { kind: 'draft', id: 'd1', editing: false }, new Date(t(2)));
    expect(shared.changed()).toBe(true);
    // Ana has a tab on the same draft through the other process, editing, opened earlier.
    const rows = [{ ...ana, target: { kind: 'draft' as const, id: 'd1' }, editing: true, since: t(0) }, { ...ben, target: { kind: 'opportunity' as const, id: 'o1' }, editing: false, since: t(1) }];
    expect(shared.take({ process: 'p2', rows }, t(3))).toBe(true);
    expect(shared.entries().map((e) => [e.memberId, e.target.id, e.editing, e.since])).toEqual([
      ['mem_ana', 'd1', true, new Date(t(0)).toISOString()],
      ['mem_ben', 'o1', false, new Date(t(1)).toISOString()],
    ]);
    // The same part again changes nothing the board sees.
    expect(shared.take({ process: 'p2', rows }, t(4))).toBe(false);
  });

  it('replaces a process part whole, and forgets a process that fell silent', () => {
    const shared = new SharedPresence(new PresenceRegistry(), 30_000);
    shared.take({ process: 'p2', rows: [{ ...ben, target: { kind: 'opportunity', id: 'o1' }, editing: false, since: t(0) }] }, t(0));
    shared.take({ process: 'p3', rows: [{ ...ana, target: { kind: 'opportunity', id: 'o2' }, editing: false, since: t(0) }] }, t(0));
    shared.changed();
    // p2's member left; p3 keeps sending its heartbeat, p2 dies.
    expect(shared.take({ process: 'p2', rows: [] }, 10_000 + t(0))).toBe(true);
    expect(shared.entries().map((e) => e.memberId)).toEqual(['mem_ana']);
    shared.take({ process: 'p2', rows: [{ ...ben, target: { kind: 'opportunity', id: 'o1' }, editing: false, since: t(0) }] }, t(0) + 10_000);
    shared.take({ process: 'p3', rows: [{ ...ana, target: { kind: 'opportunity', id: 'o2' }, editing: false, since: t(0) }] }, t(0) + 35_000);
    expect(shared.expire(t(0) + 41_000)).toBe(true);
    expect(shared.entries().map((e) => e.memberId)).toEqual(['mem_ana']);
    expect(shared.expire(t(0) + 42_000)).toBe(false);
  });
});
