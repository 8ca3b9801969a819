import { describe, expect, it } from 'vitest';
import type { Review } from '../../server/domain/index.js';
import { draftActions, opportunityActions, postActions, reviewActions } from '../../server/workflow/record-actions.js';
import { buildDraft, buildMember, buildOpportunity, buildPost, buildReview, principalFor } from '../support/builders.js';

const editor = principalFor(buildMember('ed', { roles: ['editor'] }));
const social = principalFor(buildMember('sol', { roles: ['social'] }));
const legal = principalFor(buildMember('lee', { roles: ['legal'] }));
const comms = principalFor(buildMember('cam', { roles: ['comms'] }));

const review = (overrides: Partial<Review> = {}): Review => buildReview('r-1', overrides);

describe('what the board may show (rule W-ROLE-2)', () => {
  it('W-ROLE-2: an editor may claim, assign, dismiss, watch, draft and comment on a new opportunity; social may only watch and comment', () => {
    const opportunity = buildOpportunity('op-1');
    expect(opportunityActions(editor, opportunity)).toEqual(['claim', 'assign', 'dismiss', 'watch', 'draft', 'comment']);
    expect(opportunityActions(social, opportunity)).toEqual(['watch', 'comment']);
  });

  it('W-ROLE-2: a claimed opportunity offers no claim; a watcher sees unwatch; a scheduled one cannot be dismissed', () => {
    const held = buildOpportunity('op-1', { state: 'claimed', holderId: 'ed2', watcherIds: ['ed'] });
    expect(opportunityActions(editor, held)).toEqual(['assign', 'dismiss', 'unwatch', 'draft', 'comment']);
    expect(opportunityActions(editor, buildOpportunity('op-1', { state: 'scheduled' }))).not.toContain('dismiss');
  });

  it('W-ROLE-2: a closed opportunity offers only watching and comments', () => {
    expect(opportunityActions(editor, buildOpportunity('op-1', { state: 'expired' }))).toEqual(['watch', 'comment']);
  });

  it('W-ROLE-2: a draft offers submit while editing, schedule to social once approved', () => {
    const opportunity = buildOpportunity('op-1', { state: 'drafting' });
    expect(draftActions(editor, buildDraft('d-1'), opportunity)).toEqual(['revise', 'submit', 'comment']);
    expect(draftActions(editor, buildDraft('d-1', { status: 'in_review', submittedVersion: 1 }), opportunity)).toEqual(['revise', 'comment']);
    expect(draftActions(social, buildDraft('d-1', { status: 'approved', submittedVersion: 1 }), opportunity)).toEqual(['schedule', 'comment']);
    expect(draftActions(social, buildDraft('d-1', { status: 'in_review', submittedVersion: 1 }), opportunity)).toEqual(['comment']);
  });

  it('W-REV-4, W-REV-5: decide shows only to the review role, never to an author of the draft', () => {
    const opportunity = buildOpportunity('op-1', { state: 'in_review' });
    const draft = buildDraft('d-1', { status: 'in_review', submittedVersion: 1 });
    expect(reviewActions(comms, review(), draft, opportunity)).toEqual(['decide']);
    expect(reviewActions(legal, review(), draft, opportunity)).toEqual([]);
    const writerWithComms = principalFor(buildMember('ed', { roles: ['editor', 'comms'] }));
    expect(reviewActions(writerWithComms, review(), draft, opportunity)).toEqual([]);
    expect(reviewActions(comms, review({ state: 'approved' }), draft, opportunity)).toEqual([]);
  });

  it('W-POST-4: a held post can be overridden only while its words are the approved ones', () => {
    const opportunity = buildOpportunity('op-1', { state: 'expired' });
    const draft = buildDraft('d-1', { status: 'approved', submittedVersion: 1 });
    const post = buildPost('p-1', { state: 'held', holdReason: 'window closed' });
    expect(postActions(social, { ...post }, draft, opportunity)).toEqual(['cancel', 'override']);
    expect(postActions(social, { ...post, contentHash: 'older' }, draft, opportunity)).toEqual(['cancel']);
    expect(postActions(editor, { ...post }, draft, opportunity)).toEqual([]);
  });

  it('W-PUB-7, W-PUB-8: a post by hand takes its address (or is cancelled); a cut-off one waits for a confirmation', () => {
    const opportunity = buildOpportunity('op-1', { state: 'scheduled' });
    const draft = buildDraft('d-1', { status: 'approved', submittedVersion: 1 });
    expect(postActions(social, buildPost('p-1', { state: 'awaiting_manual' }), draft, opportunity)).toEqual(['cancel', 'record']);
    expect(postActions(social, buildPost('p-1', { state: 'needs_confirmation' }), draft, opportunity)).toEqual(['confirm']);
    expect(postActions(social, buildPost('p-1', { state: 'publishing' }), draft, opportunity)).toEqual([]);
    expect(postActions(editor, buildPost('p-1', { state: 'needs_confirmation' }), draft, opportunity)).toEqual([]);
  });
});
