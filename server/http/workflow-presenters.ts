import { publicPublishingAccount, type Beat, type Comment, type Draft, type Opportunity, type Principal, type PublishingAccount } from '../domain/index.js';
import type { ReviewScene } from '../workflow/draft-guards.js';
import type { PostScene } from '../workflow/post-guards.js';
import { accountActions, beatActions, draftActions, opportunityActions, postActions, reviewActions } from '../workflow/record-actions.js';
import { opportunityWindows } from '../workflow/opportunity-windows.js';
import { valueCurve } from '../workflow/value-curve.js';
import type { OpportunityFile } from '../workflow/workflow-queries.js';
import type { OpportunityTiming } from '../realtime/protocol.js';

/*
 * Every workflow record goes out with `allowed`: the verbs the caller may use on it right now
 * (rule W-ROLE-2), so the board hides the buttons the server would refuse.
 */

export const presentOpportunity = (principal: Principal, opportunity: Opportunity) => ({ ...opportunity, allowed: opportunityActions(principal, opportunity) });

export const presentDraft = (principal: Principal, draft: Draft, opportunity: Opportunity) => ({ ...draft, allowed: draftActions(principal, draft, opportunity) });

/** A review with what its inbox row needs to say what it is about. */
export const presentReview = (principal: Principal, { review, draft, opportunity }: ReviewScene) => ({
  ...review,
  about: { title: opportunity.title, channel: draft.channel, deadline: opportunity.deadline, opportunityState: opportunity.state },
  allowed: reviewActions(principal, review, draft, opportunity),
});

export const presentPost = (principal: Principal, { post, draft, opportunity }: PostScene) => ({
  ...post,
  about: { title: opportunity.title, deadline: opportunity.deadline, opportunityState: opportunity.state },
  allowed: postActions(principal, post, draft, opportunity),
});

export const presentBeat = (principal: Principal, beat: Beat) => ({ ...beat, allowed: beatActions(principal) });

/** The account without its sealed credentials: those never leave the server, not even sealed. */
export const presentAccount = (principal: Principal, account: PublishingAccount) => ({ ...publicPublishingAccount(account), allowed: accountActions(principal, account) });

/** Comments are never edited or removed: nobody may do anything more with one. */
export const presentComment = (comment: Comment) => ({ ...comment, allowed: [] as string[] });

/** Each channel's window and what a reaction is worth now and a little later, for the file's countdowns and curve. */
export function presentTiming(opportunity: Opportunity, now: Date): OpportunityTiming {
  const windows = opportunityWindows(opportunity);
  return {
    windows: windows.map((w) => ({ channel: w.channel, opensAt: new Date(w.opensAt).toISOString(), closesAt: new Date(w.closesAt).toISOString() })),
    valueCurve: valueCurve(windows, now.getTime()),
  };
}

export function presentOpportunityFile(principal: Principal, file: OpportunityFile, now: Date) {
  const { opportunity } = file;
  const drafts = new Map(file.drafts.map((d) => [d.id, d]));
  return {
    opportunity: presentOpportunity(principal, opportunity),
    ...presentTiming(opportunity, now),
    drafts: file.drafts.map((draft) => presentDraft(principal, draft, opportunity)),
    reviews: file.reviews.flatMap((review) => {
      const draft = drafts.get(review.draftId);
      return draft ? [presentReview(principal, { review, draft, opportunity })] : [];
    }),
    posts: file.posts.flatMap((post) => {
      const draft = drafts.get(post.draftId);
      return draft ? [presentPost(principal, { post, draft, opportunity })] : [];
    }),
    comments: file.comments.map(presentComment),
  };
}
