import { describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../server/realtime/protocol.js';
import { BoardState, type BoardChange } from '../../web/src/board-state.js';
import { buildItem, buildStory } from '../support/builders.js';

/** An event as the log serves it; hashes do not matter to the board. */
function event(seq: number, action: AnyEvent['action'], data: unknown, redacted = false): AnyEvent {
  return {
    seq,
    at: new Date(Date.UTC(2026, 10, 1, 9, 0, seq)).toISOString(),
    actor: 'system',
    action,
    record: { type: 'item', id: `r-${seq}` },
    digest: { before: null, after: null },
    data,
    prevHash: `hash-${seq - 1}`,
    hash: `hash-${seq}`,
    ...(redacted ? { redactions: [{ at: '2026-11-02T00:00:00.000Z', reason: 'erasure', erasureId: 'er-1', scope: 'payload' }] } : {}),
  } as AnyEvent;
}

function board(): { state: BoardState; changes: BoardChange[] } {
  const state = new BoardState();
  state.reset({ stories: [], items: [], sources: [], opportunities: [], members: [], beats: [] }, 0);
  const changes: BoardChange[] = [];
  state.subscribe((change) => changes.push(change));
  return { state, changes };
}

describe('the board and redacted events', () => {
  it('keeps the items of a partly redacted batch and drops the stubs', () => {
    const { state } = board();
    const kept = buildItem(1);
    state.apply(event(1, 'items.create', { sourceId: kept.sourceId, items: [kept, { id: 'item-2', redacted: true, digest: 'd'.repeat(64) }] }));
    expect(state.itemsNewestFirst().map((item) => item.id)).toEqual([kept.id]);
    expect(state.lastSeq).toBe(1);
  });

  it('steps over a payload redacted whole without touching its record', () => {
    const { state } = board();
    state.apply(event(1, 'stories.update', { story: buildStory('st-1', { label: 'Before' }) }));
    state.apply(event(2, 'stories.update', { redacted: true }, true));
    expect(state.story('st-1')?.label).toBe('Before');
    expect(state.lastSeq).toBe(2);
  });

  it('asks for a fresh snapshot after an erasure or a retention pass', () => {
    const { state, changes } = board();
    state.apply(event(1, 'erasures.create', { erasureId: 'er-1', channel: 'mastodon', items: 2, redactedEvents: [1], labelsReplaced: 0 }));
    state.apply(event(2, 'items.expire', { cutoff: '2026-10-25T00:00:00.000Z', items: 5, redactedEvents: [1] }));
    expect(changes.filter((change) => change.kind === 'stale')).toHaveLength(2);
    expect(state.lastSeq).toBe(2);
  });
});
