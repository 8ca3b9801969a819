import type { Draft, Member, Opportunity, Post, Review } from '../../server/domain/index.js';
import type { Store } from '../../server/store/store.js';
import { createBeat } from '../../server/workflow/beat-commands.js';
import { createDraft, submitDraft } from '../../server/workflow/draft-commands.js';
import { claimOpportunity, expireOpportunities, pitchOpportunity } from '../../server/workflow/opportunity-commands.js';
import { schedulePost } from '../../server/workflow/post-commands.js';
import { awaitManualPost, claimPost, flagForConfirmation } from '../../server/workflow/post-sending-commands.js';
import { decideReview } from '../../server/workflow/review-commands.js';
import type { WorkflowContext } from '../../server/workflow/workflow-context.js';
import { principalFor } from './builders.js';
import { addTestMember } from './sign-in.js';

/** The members who move fixtures along, so the members under test never wrote or reviewed them. */
export interface SceneCast {
  writer: Member;
  legal: Member;
  comms: Member;
  social: Member;
}

export async function addSceneCast(store: Store): Promise<SceneCast> {
  return {
    writer: await addTestMember(store, { email: 'scene-writer@newsroom.example', name: 'Scene Writer', roles: ['editor', 'admin'] }),
    legal: await addTestMember(store, { email: 'scene-legal@newsroom.example', name: 'Scene Legal', roles: ['legal'] }),
    comms: await addTestMember(store, { email: 'scene-comms@newsroom.example', name: 'Scene Comms', roles: ['comms'] }),
    social: await addTestMember(store, { email: 'scene-social@newsroom.example', name: 'Scene Social', roles: ['social'] }),
  };
}

/**
 * Builds opportunities in each state through the real commands, one fresh record per call, so
 * each test acts on a record nobody else touched.
 */
export class WorkflowScene {
  private beatId: string | null = null;
  private counter = 0;

  constructor(
    private readonly ctx: WorkflowContext,
    readonly cast: SceneCast,
  ) {}

  async beat(): Promise<string> {
    // Legal reviews every opportunity of this beat, so both review roles are exercised.
    this.beatId ??= (await createBeat(this.ctx, principalFor(this.cast.writer), { name: 'Brand safety', query: '"harbor bridge"', requiresLegal: true })).id;
    return this.beatId;
  }

  async fresh(): Promise<Opportunity> {
    const beatId = await this.beat();
    return pitchOpportunity(this.ctx, principalFor(this.cast.writer), {
      title: `Harbor bridge reopens (${++this.counter})`,
      beatId,
      channels: ['mastodon'],
      url: 'https://news.example/harbor-bridge',
    });
  }

  async claimed(): Promise<Opportunity> {
    const opportunity = await this.fresh();
    return claimOpportunity(this.ctx, principalFor(this.cast.writer), { opportunityId: opportunity.id });
  }

  async drafting(): Promise<{ opportunity: Opportunity; draft: Draft }> {
    const claimed = await this.claimed();
    const { draft, opportunity } = await createDraft(this.ctx, principalFor(this.cast.writer), {
      opportunityId: claimed.id,
      channel: 'mastodon',
      text: 'The harbor bridge is open again: here is what it means for your commute.',
    });
    return { opportunity, draft };
  }

  async inReview(): Promise<{ opportunity: Opportunity; draft: Draft; reviews: Review[] }> {
    const { draft } = await this.drafting();
    const submitted = await submitDraft(this.ctx, principalFor(this.cast.writer), { draftId: draft.id });
    return { opportunity: submitted.opportunity, draft: submitted.draft, reviews: submitted.reviews };
  }

  async approved(): Promise<{ opportunity: Opportunity; draft: Draft }> {
    const { reviews } = await this.inReview();
    let last = null;
    for (const review of reviews) {
      const reviewer = review.role === 'legal' ? this.cast.legal : this.cast.comms;
      last = await decideReview(this.ctx, principalFor(reviewer), { reviewId: review.id, decision: 'approve' });
    }
    return { opportunity: last!.opportunity, draft: last!.draft };
  }

  async scheduled(): Promise<{ opportunity: Opportunity; draft: Draft; post: Post }> {
    const { draft } = await this.approved();
    const scheduled = await schedulePost(this.ctx, principalFor(this.cast.social), { draftId: draft.id, scheduledFor: 'now' });
    return { opportunity: scheduled.opportunity, draft, post: scheduled.post };
  }

  /** A scheduled post held because its window closed (the sweep ran after the deadline). */
  async held(): Promise<{ opportunity: Opportunity; post: Post }> {
    const { opportunity, post } = await this.scheduled();
    await expireOpportunities(this.ctx, new Date(Date.parse(opportunity.deadline) + 60_000));
    const held = await this.ctx.store.getRecord('post', post.id);
    if (held?.state !== 'held') throw new Error(`the scene expected a held post, found ${held?.state}`);
    return { opportunity, post: held };
  }

  /** A post without an account whose time came: a person posts it by hand (W-PUB-7). */
  async awaitingManual(): Promise<{ opportunity: Opportunity; post: Post }> {
    const { opportunity, post } = await this.scheduled();
    if (post.accountId !== null) throw new Error('the scene expected a post without an account');
    return { opportunity, post: await awaitManualPost(this.ctx, post) };
  }

  /** A post whose send was cut off where the platform cannot be asked: a person confirms (W-PUB-6). */
  async needsConfirmation(): Promise<{ opportunity: Opportunity; post: Post }> {
    const { opportunity, post } = await this.scheduled();
    const { post: claimed } = await claimPost(this.ctx, post);
    return { opportunity, post: await flagForConfirmation(this.ctx, claimed, 'a webhook cannot be asked whether it arrived') };
  }
}
