import type { Channel, Comment, CommentTarget, Draft, Opportunity, OpportunityState, Post, PostState, Review, ReviewRole, ReviewState } from '../domain/index.js';
import type { Store } from '../store/store.js';
import type { ReviewScene } from './draft-guards.js';
import { isFinal } from './opportunity-machine.js';
import { receptionOf } from './engagement-hours.js';
import { channelWindow } from './opportunity-windows.js';
import type { PostScene } from './post-guards.js';
import { suggestPostTimes, type PostSuggestion, type PostTimingRules } from './post-suggestions.js';
import { notFound } from './workflow-errors.js';

/*
 * What the board reads. Commands change records; these only gather them, with the records a
 * presenter needs beside each one to say what the caller may do with it.
 */

export interface OpportunityFilter {
  state?: OpportunityState | undefined;
  beatId?: string | undefined;
  channel?: Channel | undefined;
  holderId?: string | undefined;
  /** `true`: with any risk flag; `false`: with none; anything else: carrying that flag. */
  risk?: string | undefined;
  /** Only these (the board refreshing the cards an event touched); ids with no record are left out. */
  ids?: readonly string[] | undefined;
  limit: number;
}

/** Soonest deadline first: what closes next is what the board should look at first. */
export async function listOpportunities(store: Store, filter: OpportunityFilter): Promise<Opportunity[]> {
  const { state, beatId, holderId, channel, risk, ids, limit } = filter;
  const where = { ...(state ? { state } : {}), ...(beatId ? { beatId } : {}), ...(holderId ? { holderId } : {}) };
  const found = ids ? await opportunitiesById(store, ids) : await store.listRecords('opportunity', where);
  return found
    .filter((o) => !ids || ((!state || o.state === state) && (!beatId || o.beatId === beatId) && (!holderId || o.holderId === holderId)))
    .filter((o) => !channel || o.channels.includes(channel))
    .filter((o) => risk === undefined || (risk === 'true' ? o.riskFlags.length > 0 : risk === 'false' ? o.riskFlags.length === 0 : o.riskFlags.includes(risk)))
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id))
    .slice(0, limit);
}

/** A few opportunities read one by one rather than listing them all. */
async function opportunitiesById(store: Store, ids: readonly string[]): Promise<Opportunity[]> {
  const found = await Promise.all([...new Set(ids)].map((id) => store.getRecord('opportunity', id)));
  return found.filter((o) => o !== null);
}

export interface OpportunityFile {
  opportunity: Opportunity;
  drafts: Draft[];
  reviews: Review[];
  posts: Post[];
  comments: Comment[];
}

/** One opportunity with everything done on it. */
export async function opportunityFile(store: Store, id: string): Promise<OpportunityFile> {
  const opportunity = await store.getRecord('opportunity', id);
  if (!opportunity) throw notFound('opportunity', id);
  const [drafts, reviews, posts, comments] = await Promise.all([
    store.listRecords('draft', { opportunityId: id }),
    store.listRecords('review', { opportunityId: id }),
    store.listRecords('post', { opportunityId: id }),
    store.listRecords('comment', { opportunityId: id }),
  ]);
  return { opportunity, drafts, reviews, posts, comments: byTime(comments) };
}

export interface DraftFile {
  draft: Draft;
  opportunity: Opportunity;
  reviews: Review[];
  posts: Post[];
}

export async function draftFile(store: Store, id: string): Promise<DraftFile> {
  const draft = await store.getRecord('draft', id);
  if (!draft) throw notFound('draft', id);
  const [opportunity, reviews, posts] = await Promise.all([
    store.getRecord('opportunity', draft.opportunityId),
    store.listRecords('review', { draftId: id }),
    store.listRecords('post', { draftId: id }),
  ]);
  if (!opportunity) throw notFound('opportunity', draft.opportunityId);
  return { draft, opportunity, reviews, posts };
}

/** Posts that take a place on their channel's schedule: going out, or gone. */
const ON_SCHEDULE: readonly PostState[] = ['scheduled', 'publishing', 'published'];

/**
 * When to post a draft: a few times inside its channel's window, around the channel's other
 * posts (those of this draft do not count: it is rescheduled in place of them), favouring the
 * hours when the channel's past posts drew the most engagement. None once the opportunity is
 * done with.
 */
export async function suggestedPostTimes(store: Store, draftId: string, now: Date, rules: PostTimingRules): Promise<PostSuggestion[]> {
  const { draft, opportunity } = await draftFile(store, draftId);
  if (isFinal(opportunity.state)) return [];
  const posts = await store.listRecords('post', { channel: draft.channel });
  const channelPosts = posts.filter((p) => p.draftId !== draft.id && ON_SCHEDULE.includes(p.state)).map((p) => Date.parse(p.publishedAt ?? p.scheduledFor));
  const history = posts.map(receptionOf).filter((reception) => reception !== null);
  return suggestPostTimes({ channel: draft.channel, window: channelWindow(opportunity, draft.channel), now: now.getTime(), channelPosts, rules, history });
}

export interface ReviewFilter {
  state?: ReviewState | undefined;
  role?: ReviewRole | undefined;
  /** Only reviews for one of these roles (the caller's, for "mine"). */
  roles?: readonly string[] | undefined;
}

/** The review inbox: soonest due first, each with its draft and opportunity. */
export async function listReviewScenes(store: Store, filter: ReviewFilter): Promise<ReviewScene[]> {
  const reviews = await store.listRecords('review', { ...(filter.state ? { state: filter.state } : {}), ...(filter.role ? { role: filter.role } : {}) });
  const wanted = reviews.filter((r) => !filter.roles || filter.roles.includes(r.role)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return withParents(store, wanted, (review, draft, opportunity) => ({ review, draft, opportunity }));
}

export interface PostFilter {
  state?: PostState | undefined;
  opportunityId?: string | undefined;
  channel?: Channel | undefined;
}

/** The schedule: soonest first, each with its draft and opportunity. */
export async function listPostScenes(store: Store, filter: PostFilter): Promise<PostScene[]> {
  const posts = await store.listRecords('post', {
    ...(filter.state ? { state: filter.state } : {}),
    ...(filter.opportunityId ? { opportunityId: filter.opportunityId } : {}),
    ...(filter.channel ? { channel: filter.channel } : {}),
  });
  posts.sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
  return withParents(store, posts, (post, draft, opportunity) => ({ post, draft, opportunity }));
}

/** The comments on one opportunity or one draft, oldest first. */
export async function listComments(store: Store, target: CommentTarget): Promise<Comment[]> {
  const opportunityId = target.type === 'opportunity' ? target.id : (await store.getRecord('draft', target.id))?.opportunityId;
  if (!opportunityId || !(await store.getRecord('opportunity', opportunityId))) throw notFound(target.type, target.id);
  const comments = await store.listRecords('comment', { opportunityId });
  return byTime(comments.filter((c) => c.target.type === target.type && c.target.id === target.id));
}

const byTime = (comments: Comment[]) => comments.sort((a, b) => a.createdAt.localeCompare(b.createdAt));

async function withParents<R extends { draftId: string; opportunityId: string }, S>(
  store: Store,
  records: readonly R[],
  scene: (record: R, draft: Draft, opportunity: Opportunity) => S,
): Promise<S[]> {
  const drafts = new Map<string, Draft | null>();
  const opportunities = new Map<string, Opportunity | null>();
  const scenes: S[] = [];
  for (const record of records) {
    if (!drafts.has(record.draftId)) drafts.set(record.draftId, await store.getRecord('draft', record.draftId));
    if (!opportunities.has(record.opportunityId)) opportunities.set(record.opportunityId, await store.getRecord('opportunity', record.opportunityId));
    const draft = drafts.get(record.draftId);
    const opportunity = opportunities.get(record.opportunityId);
    if (draft && opportunity) scenes.push(scene(record, draft, opportunity));
  }
  return scenes;
}
