import { describe, expect, it } from 'vitest';
import { PresenceRegistry, presenceSetSchema } from '../../server/realtime/presence.js';

const ana = { memberId: 'mem_ana', name: 'Ana' };
const ben = { memberId: 'mem_ben', name: 'Ben' };
const t = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute));

describe('the presence registry', () => {
  it("makes one entry of a member's sockets on one record: editing when any edits, since the earliest", () => {
    const presence = new PresenceRegistry();
    expect(presence.set('s1', ana, { kind: 'draft', id: 'd1', editing: false }, t(0))).toBe(true);
    // A second tab on the same record, reading: the board sees nothing new.
    expect(presence.set('s2', ana, { kind: 'draft', id: 'd1', editing: false }, t(5))).toBe(false);
    expect(presence.set('s2', ana, { kind: 'draft', id: 'd1', editing: true }, t(6))).toBe(true);
    expect(presence.set('s3', ben, { kind: 'opportunity', id: 'o1', editing: false }, t(7))).toBe(true);
    expect(presence.entries()).toEqual([
      { memberId: 'mem_ana', name: 'Ana', target: { kind: 'draft', id: 'd1' }, editing: true, since: t(0).toISOString() },
      { memberId: 'mem_ben', name: 'Ben', target: { kind: 'opportunity', id: 'o1' }, editing: false, since: t(7).toISOString() },
    ]);
    expect(presence.remove('s1')).toBe(true);
    // The remaining tab came at minute 5, and starting to edit at 6 did not move that.
    expect(presence.entries()[0]).toMatchObject({ memberId: 'mem_ana', editing: true, since: t(5).toISOString() });
    expect(presence.remove('s1')).toBe(false);
  });

  it('moves a socket from one record to the next, and clears it with null', () => {
    const presence = new PresenceRegistry();
    presence.set('s1', ana, { kind: 'opportunity', id: 'o1', editing: false }, t(0));
    presence.set('s1', ana, { kind: 'draft', id: 'd1', editing: false }, t(3));
    expect(presence.entries().map((e) => [e.target.id, e.since])).toEqual([['d1', t(3).toISOString()]]);
    expect(presence.set('s1', ana, null, t(4))).toBe(true);
    expect(presence.entries()).toEqual([]);
  });

  it('follows a rename', () => {
    const presence = new PresenceRegistry();
    presence.set('s1', ana, { kind: 'opportunity', id: 'o1', editing: false }, t(0));
    expect(presence.rename('mem_ana', 'Ana B.')).toBe(true);
    expect(presence.rename('mem_ana', 'Ana B.')).toBe(false);
    expect(presence.entries()[0]!.name).toBe('Ana B.');
  });

  it.each([
    [{ kind: 'opportunity', id: 'o1', editing: false }, true],
    [null, true],
    [{ kind: 'story', id: 'o1', editing: false }, false],
    [{ kind: 'draft', id: 'x'.repeat(200), editing: true }, true],
    [{ kind: 'draft', id: 'x'.repeat(201), editing: true }, false],
    [{ kind: 'draft', id: 'd1' }, false],
    [{ kind: 'draft', id: 'd1', editing: true, more: 1 }, false],
    [undefined, false],
  ])('takes %j: %s', (payload, valid) => {
    expect(presenceSetSchema.safeParse(payload).success).toBe(valid);
  });
});
