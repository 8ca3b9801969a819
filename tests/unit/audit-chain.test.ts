import { describe, expect, it } from 'vitest';
import { chainEvent, GENESIS_HASH, verifyChain, type AnyEvent, type AnyNewEvent } from '../../server/domain/index.js';
import { buildOpportunity } from '../support/builders.js';

function log(length: number): AnyEvent[] {
  const events: AnyEvent[] = [];
  let head = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const opportunity = buildOpportunity(`op-${seq}`);
    const event: AnyNewEvent = {
      at: `2026-11-01T09:00:${String(seq).padStart(2, '0')}.000Z`,
      actor: 'm-1',
      action: 'opportunities.pitch',
      record: { type: 'opportunity', id: opportunity.id },
      digest: { before: null, after: `d${seq}` },
      data: { opportunity },
    };
    const chained = chainEvent(event, seq, head);
    head = chained.hash;
    events.push(chained);
  }
  return events;
}

describe('the audit chain (rule W-AUD-2)', () => {
  it('verifies an untouched log, and again after a trip through JSON with keys in another order', () => {
    const events = log(5);
    expect(verifyChain(events).breaks).toEqual([]);
    const reordered = events.map((e) => JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(e).reverse()))) as AnyEvent);
    expect(verifyChain(reordered).breaks).toEqual([]);
  });

  it('finds an event edited in place', () => {
    const events = log(5);
    const edited = events[2]!;
    if (edited.action === 'opportunities.pitch') edited.data.opportunity.title = 'Quietly changed';
    expect(verifyChain(events).breaks).toEqual([{ seq: 3, problem: expect.stringMatching(/does not match its hash/) }]);
  });

  it('finds an edit whose hash was recomputed, at the next link', () => {
    const events = log(5);
    const { hash: _hash, ...rest } = events[1]!;
    const forged = chainEvent({ ...rest, actor: 'someone-else' } as unknown as AnyNewEvent, 2, events[0]!.hash);
    events[1] = forged;
    const breaks = verifyChain(events).breaks;
    expect(breaks.map((b) => b.seq)).toEqual([3]);
    expect(breaks[0]?.problem).toMatch(/does not link/);
  });

  it('finds a removed event', () => {
    const events = log(5);
    events.splice(2, 1);
    expect(verifyChain(events).breaks.map((b) => b.seq)).toEqual([4, 4]);
  });

  it('continues page by page from the last report', () => {
    const events = log(6);
    const first = verifyChain(events.slice(0, 3));
    expect(verifyChain(events.slice(3), first).breaks).toEqual([]);
  });
});
