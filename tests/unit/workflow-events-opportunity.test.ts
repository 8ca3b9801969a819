import { describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../server/realtime/protocol.js';
import { eventTouches } from '../../web/src/workflow-events.js';
import { buildDraft, buildOpportunity, buildStory } from '../support/builders.js';

describe('events that concern an opportunity page (eventTouches)', () => {
  const event = (partial: Pick<AnyEvent, 'action' | 'record' | 'data'>): AnyEvent =>
    ({ seq: 1, at: '2026-11-01T08:00:00.000Z', actor: 'system', digest: { before: null, after: null }, prevHash: '', hash: '', ...partial }) as AnyEvent;

  const concerns = (e: AnyEvent, id: string) => eventTouches(e, { opportunityIds: [id] });

  it('picks out the opportunity and its drafts, reviews, posts and comments', () => {
    const opportunity = buildOpportunity('opp-1');
    expect(concerns(event({ action: 'opportunities.claim', record: { type: 'opportunity', id: 'opp-1' }, data: { opportunity } }), 'opp-1')).toBe(true);
    expect(concerns(event({ action: 'drafts.create', record: { type: 'draft', id: 'd-1' }, data: { draft: buildDraft('d-1', { opportunityId: 'opp-1' }) } }), 'opp-1')).toBe(true);
    expect(
      concerns(
        event({ action: 'comments.create', record: { type: 'comment', id: 'c-1' }, data: { comment: { id: 'c-1', rev: 1, target: { type: 'draft', id: 'd-1' }, opportunityId: 'opp-1', authorId: 'ana', text: 'hi', mentions: [], createdAt: '2026-11-01T08:00:00.000Z' } } }),
        'opp-1',
      ),
    ).toBe(true);
  });

  it('lets everything else pass', () => {
    expect(concerns(event({ action: 'opportunities.claim', record: { type: 'opportunity', id: 'opp-2' }, data: { opportunity: buildOpportunity('opp-2') } }), 'opp-1')).toBe(false);
    expect(concerns(event({ action: 'drafts.create', record: { type: 'draft', id: 'd-2' }, data: { draft: buildDraft('d-2', { opportunityId: 'opp-2' }) } }), 'opp-1')).toBe(false);
    expect(concerns(event({ action: 'stories.update', record: { type: 'story', id: 's' }, data: { story: buildStory('s') } }), 'opp-1')).toBe(false);
  });
});
