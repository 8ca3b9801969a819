import { describe, expect, it } from 'vitest';
import { FINAL_OPPORTUNITY_STATES, opportunityStateSchema, type Post } from '../../server/domain/index.js';
import { assertTransition, canMove, OPPORTUNITY_TRANSITIONS, stateFollowingWork } from '../../server/workflow/opportunity-machine.js';
import { WorkflowError } from '../../server/workflow/workflow-errors.js';
import { buildDraft, buildOpportunity } from '../support/builders.js';

const post = (state: Post['state']) => ({ state }) as Post;

describe('the opportunity state machine (rule W-OPP-1)', () => {
  it('W-OPP-1: the main path runs new → claimed → drafting → in_review → approved → scheduled → published', () => {
    const path = ['new', 'claimed', 'drafting', 'in_review', 'approved', 'scheduled', 'published'] as const;
    for (let i = 1; i < path.length; i++) expect(canMove(path[i - 1]!, path[i]!), `${path[i - 1]} → ${path[i]}`).toBe(true);
  });

  it('W-OPP-1: final states have no way out, and every state is in the table', () => {
    expect(Object.keys(OPPORTUNITY_TRANSITIONS).sort()).toEqual([...opportunityStateSchema.options].sort());
    for (const state of FINAL_OPPORTUNITY_STATES) expect(OPPORTUNITY_TRANSITIONS[state]).toEqual([]);
  });

  it('W-OPP-1: every open state can expire, and only published comes from scheduled directly', () => {
    for (const state of ['new', 'claimed', 'drafting', 'in_review', 'approved', 'scheduled'] as const) expect(canMove(state, 'expired')).toBe(true);
    expect(canMove('approved', 'published')).toBe(false);
    expect(canMove('new', 'drafting')).toBe(false);
  });

  it('W-OPP-5: a scheduled opportunity cannot be dismissed; every other open one can', () => {
    expect(canMove('scheduled', 'dismissed')).toBe(false);
    for (const state of ['new', 'claimed', 'drafting', 'in_review', 'approved'] as const) expect(canMove(state, 'dismissed')).toBe(true);
  });

  it('W-OPP-1: a refused move is a 409 carrying the state and the record as it is', () => {
    const opportunity = buildOpportunity('op-1', { state: 'dismissed', dismissReason: 'off brand' });
    let thrown: unknown;
    try {
      assertTransition(opportunity, 'claimed');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WorkflowError);
    expect(thrown).toMatchObject({ code: 'invalid_state', details: { state: 'dismissed', record: opportunity } });
    expect((thrown as Error).message).toMatch(/dismissed \(off brand\)/);
  });
});

describe('the opportunity follows its work (rule W-OPP-7)', () => {
  const open = buildOpportunity('op-1', { state: 'drafting', holderId: 'ed' });

  it('W-OPP-7: in review while any draft is, approved when one is and none is in review', () => {
    const approved = buildDraft('d-1', { status: 'approved' });
    const inReview = buildDraft('d-2', { status: 'in_review' });
    expect(stateFollowingWork(open, [approved, inReview], [])).toBe('in_review');
    expect(stateFollowingWork(open, [approved, buildDraft('d-2', { status: 'changes_requested' })], [])).toBe('approved');
    expect(stateFollowingWork(open, [buildDraft('d-2', { status: 'rejected' })], [])).toBe('drafting');
  });

  it('W-OPP-7: a scheduled post makes it scheduled; held and cancelled posts do not', () => {
    const approved = buildDraft('d-1', { status: 'approved' });
    expect(stateFollowingWork(open, [approved, buildDraft('d-2', { status: 'in_review' })], [post('scheduled')])).toBe('scheduled');
    expect(stateFollowingWork(open, [approved], [post('held'), post('cancelled')])).toBe('approved');
  });

  it('W-OPP-7, W-PUB-11: a post on its way out keeps it scheduled; once one went out and none is on its way, it is published', () => {
    const scheduled = buildOpportunity('op-1', { state: 'scheduled', holderId: 'ed' });
    const approved = buildDraft('d-1', { status: 'approved' });
    for (const state of ['publishing', 'awaiting_manual', 'needs_confirmation'] as const) expect(stateFollowingWork(scheduled, [approved], [post(state)])).toBe('scheduled');
    expect(stateFollowingWork(scheduled, [approved], [post('published'), post('scheduled')])).toBe('scheduled');
    expect(stateFollowingWork(scheduled, [approved], [post('published'), post('failed')])).toBe('published');
    expect(stateFollowingWork(scheduled, [approved], [post('failed'), post('missed')])).toBe('approved');
    // A post that failed after its draft went back for changes.
    expect(canMove('scheduled', stateFollowingWork(scheduled, [buildDraft('d-1', { status: 'changes_requested' })], [post('failed')]))).toBe(true);
  });

  it('W-OPP-7: without drafts it is claimed when held, new when not; a closed one never moves', () => {
    expect(stateFollowingWork(open, [], [])).toBe('claimed');
    expect(stateFollowingWork(buildOpportunity('op-2'), [], [])).toBe('new');
    expect(stateFollowingWork(buildOpportunity('op-3', { state: 'expired' }), [buildDraft('d-1', { status: 'approved' })], [post('scheduled')])).toBe('expired');
  });
});
