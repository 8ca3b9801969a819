import { digestOf, type AnyNewEvent, type Beat, type Draft, type Item, type Opportunity, type OpportunityState, type Post, type Review, type Story } from '../../server/domain/index.js';
import type { MeasurementInput, OpportunityStateChange, StorySize } from '../../server/measurement/measurement-input.js';
import type { Store } from '../../server/store/store.js';
import { buildBeat, buildDraft, buildItem, buildOpportunity, buildPost, buildReview, buildSource, buildStory } from './builders.js';

/*
 * A scripted fortnight for the dashboard: Monday 2 to Monday 16 November 2026 (UTC), computed
 * at 20 November. Every time is set by hand so the tests can work the figures out on paper.
 */

export const PERIOD = { from: '2026-11-02T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z' };
export const NOW = new Date('2026-11-20T00:00:00.000Z');
const t = (dayHhmm: string) => `2026-11-${dayHhmm.slice(0, 2)}T${dayHhmm.slice(3)}:00.000Z`;

export const BEATS: Beat[] = [
  buildBeat('b-harbour', { name: 'Harbour', query: '"harbour bridge" OR #harbour' }),
  buildBeat('b-rival', { name: 'Rival Ferries', query: '"rival ferries"' }),
];

export const STORIES: Story[] = [
  buildStory('s1', { label: 'Harbour bridge', firstSeenAt: t('02 08:00'), itemCount: 30 }),
  buildStory('s2', { label: 'Bridge closure', firstSeenAt: t('03 10:00'), itemCount: 12 }),
  buildStory('s3', { label: 'Ferry prices', firstSeenAt: t('10 06:00'), itemCount: 8 }),
];

const opp = (id: string, o: Partial<Opportunity>) => buildOpportunity(id, { updatedAt: o.createdAt!, ...o });

export const OPPORTUNITIES: Opportunity[] = [
  // Outside the period (raised the day before): in no figure.
  opp('o0', { storyId: 's1', beatId: 'b-harbour', channels: ['mastodon'], createdAt: t('01 12:00'), deadline: t('01 15:00'), state: 'expired' }),
  opp('o1', { storyId: 's1', beatId: 'b-harbour', channels: ['mastodon', 'bluesky'], createdAt: t('02 08:30'), deadline: t('02 11:00'), state: 'published' }),
  opp('o2', { storyId: 's2', beatId: 'b-harbour', channels: ['mastodon'], createdAt: t('03 11:00'), deadline: t('03 14:00'), state: 'published' }),
  opp('o3', { storyId: 's3', beatId: 'b-rival', channels: ['bluesky'], createdAt: t('10 06:20'), deadline: t('10 08:20'), state: 'expired' }),
  opp('o4', { storyId: null, pitchedBy: 'ed', beatId: 'b-harbour', channels: ['news'], createdAt: t('11 09:00'), deadline: t('11 17:00'), state: 'dismissed', dismissReason: 'off brand' }),
  opp('o5', { storyId: 's1', beatId: 'b-rival', channels: ['mastodon'], createdAt: t('04 09:00'), deadline: t('04 12:00'), state: 'dismissed', dismissReason: ' off brand ' }),
  opp('o6', { storyId: 's2', beatId: 'b-rival', channels: ['reddit'], createdAt: t('12 10:00'), deadline: t('12 16:00'), state: 'claimed' }),
  opp('o7', { storyId: null, pitchedBy: 'ed', beatId: 'b-rival', channels: ['news'], createdAt: t('13 12:00'), deadline: t('13 20:00'), state: 'dismissed', dismissReason: 'duplicate' }),
];

/** Each opportunity's states after its creation, in order (the log's `opportunities.*` events). */
export const STATE_CHANGES: OpportunityStateChange[] = [
  { opportunityId: 'o1', state: 'claimed', at: t('02 08:35') },
  { opportunityId: 'o1', state: 'drafting', at: t('02 08:40') },
  { opportunityId: 'o1', state: 'in_review', at: t('02 08:50') },
  { opportunityId: 'o1', state: 'approved', at: t('02 09:10') },
  { opportunityId: 'o1', state: 'scheduled', at: t('02 09:20') },
  { opportunityId: 'o1', state: 'published', at: t('02 09:30') },
  // o2 never shows `approved`: a post was scheduled while it was in review (W-OPP-7).
  { opportunityId: 'o2', state: 'in_review', at: t('03 11:45') },
  { opportunityId: 'o2', state: 'scheduled', at: t('03 12:30') },
  { opportunityId: 'o2', state: 'published', at: t('03 15:00') },
  { opportunityId: 'o3', state: 'expired', at: t('10 08:20') },
  { opportunityId: 'o4', state: 'dismissed', at: t('11 10:30') },
  { opportunityId: 'o5', state: 'dismissed', at: t('04 09:30') },
  { opportunityId: 'o6', state: 'claimed', at: t('12 10:05') },
  { opportunityId: 'o7', state: 'dismissed', at: t('13 12:10') },
];

/** The stories' sizes as `stories.update` events told them. s3 has none: o3 is left out of the prediction record. */
export const STORY_SIZES: StorySize[] = [
  { storyId: 's1', itemCount: 5, at: t('02 08:20') },
  { storyId: 's1', itemCount: 6, at: t('02 08:30') },
  { storyId: 's2', itemCount: 4, at: t('03 10:50') },
  { storyId: 's2', itemCount: 9, at: t('03 11:05') },
  { storyId: 's1', itemCount: 20, at: t('04 08:00') },
];

export const DRAFTS: Draft[] = [
  buildDraft('d1', { opportunityId: 'o1', channel: 'mastodon', createdAt: t('02 08:40') }),
  buildDraft('d1b', { opportunityId: 'o1', channel: 'bluesky', createdAt: t('02 08:55') }),
  buildDraft('d2', { opportunityId: 'o2', channel: 'mastodon', createdAt: t('03 11:30') }),
  buildDraft('d4', { opportunityId: 'o4', channel: 'news', createdAt: t('11 09:45') }),
];

const review = (id: string, r: Partial<Review>): Review => buildReview(id, { draftId: 'd1', opportunityId: 'o1', dueAt: t('02 09:20'), createdAt: t('02 08:50'), ...r });

export const REVIEWS: Review[] = [
  review('r1', { role: 'comms', state: 'approved', decidedAt: t('02 09:05') }),
  review('r2', { role: 'legal', state: 'approved', decidedAt: t('02 09:50') }),
  review('r3', { draftId: 'd2', opportunityId: 'o2', role: 'comms', state: 'approved', createdAt: t('03 11:45'), dueAt: t('03 12:15'), decidedAt: t('03 12:25') }),
  review('r4', { draftId: 'd4', opportunityId: 'o4', role: 'comms', state: 'pending', createdAt: t('11 10:00'), dueAt: t('11 10:30') }),
  review('r5', { role: 'legal', state: 'pending', createdAt: t('15 23:00'), dueAt: t('16 01:00') }),
  review('r6', { draftId: 'd2', opportunityId: 'o2', role: 'comms', state: 'reopened', createdAt: t('05 10:00'), dueAt: t('05 10:30') }),
  review('r7', { role: 'comms', state: 'approved', createdAt: t('01 10:00'), dueAt: t('01 10:30'), decidedAt: t('01 12:00') }),
];

export const POSTS: Post[] = [
  buildPost('p1', { draftId: 'd1', opportunityId: 'o1', channel: 'mastodon', state: 'published', publishedAt: t('02 09:30') }),
  buildPost('p1b', { draftId: 'd1b', opportunityId: 'o1', channel: 'bluesky', state: 'published', publishedAt: t('02 09:45') }),
  buildPost('p2', { draftId: 'd2', opportunityId: 'o2', channel: 'mastodon', state: 'published', publishedAt: t('03 15:00'), overrideReason: 'still live' }),
];

export const SOURCES = [
  buildSource({ id: 'masto-src', name: 'Mastodon search', channel: 'mastodon', kind: 'mastodon' }),
  buildSource({ id: 'wire', name: 'The Wire', channel: 'news' }),
  buildSource({ id: 'sky-src', name: 'Bluesky search', channel: 'bluesky', kind: 'bluesky' }),
  buildSource({ id: 'reddit-src', name: 'r/harbour', channel: 'reddit', kind: 'reddit' }),
];

const item = (n: number, o: Partial<Item>) => buildItem(n, { fetchedAt: o.publishedAt!, title: null, ...o });

export const ITEMS: Item[] = [
  item(1, { sourceId: 'masto-src', channel: 'mastodon', publishedAt: t('02 09:15'), text: 'harbour bridge looks wonderful', language: 'en-GB', author: '@ana', storyId: 's1' }),
  item(2, { sourceId: 'masto-src', channel: 'mastodon', publishedAt: t('02 09:40'), text: '#harbour traffic is bad', language: 'en', author: '@ana', storyId: 's1' }),
  item(3, { sourceId: 'wire', channel: 'news', publishedAt: t('03 14:05'), title: 'Harbour bridge closes', text: 'Repairs start today.', language: 'en-US', author: 'Reporter', storyId: 's2' }),
  item(4, { sourceId: 'sky-src', channel: 'bluesky', publishedAt: t('08 23:30'), text: 'Rival ferries cut prices', language: 'fr-FR', author: 'bob', storyId: 's3' }),
  item(5, { sourceId: 'sky-src', channel: 'bluesky', publishedAt: t('09 00:10'), text: 'rival ferries and the harbour bridge both', language: null, author: 'bob', storyId: 's1' }),
  item(6, { sourceId: 'wire', channel: 'news', publishedAt: t('10 12:00'), text: 'Weather report', language: 'de', author: null }),
  item(7, { sourceId: 'masto-src', channel: 'mastodon', publishedAt: t('01 23:00'), text: 'harbour bridge before the period', language: 'en', author: '@cy' }),
  item(8, { sourceId: 'masto-src', channel: 'mastodon', publishedAt: t('16 00:00'), text: 'harbour bridge at the end, excluded', language: 'en', author: '@cy' }),
  item(9, { sourceId: 'reddit-src', channel: 'reddit', publishedAt: t('05 08:00'), text: 'harbour bridge thread', language: 'en', author: 'u/dee', storyId: 's2' }),
];

/** The whole history as plain records, for the pure computation. */
export function measurementInput(): MeasurementInput {
  return {
    opportunities: OPPORTUNITIES,
    drafts: DRAFTS,
    reviews: REVIEWS,
    posts: POSTS,
    beats: BEATS,
    stories: STORIES,
    sources: SOURCES,
    items: ITEMS,
    history: { stateChanges: STATE_CHANGES, storySizes: STORY_SIZES },
  };
}

type Recorded = { kind: 'beat'; record: Beat } | { kind: 'draft'; record: Draft } | { kind: 'review'; record: Review } | { kind: 'post'; record: Post };

/**
 * Writes the history into a real store with its events at their scripted times: opportunities
 * created then moved through their states, `stories.update` events carrying the sizes, items
 * through addItems and stories through saveStories.
 */
export async function seedMeasurementStore(store: Store): Promise<void> {
  const event = (at: string, action: AnyNewEvent['action'], type: string, id: string, before: unknown, after: unknown, data: unknown): AnyNewEvent =>
    ({ at, actor: 'system', action, record: { type, id }, digest: { before: digestOf(before), after: digestOf(after) }, data }) as AnyNewEvent;
  for (const source of SOURCES) await store.saveSource(source, 'system');
  const records: Recorded[] = [...BEATS.map((record) => ({ kind: 'beat' as const, record })), ...DRAFTS.map((record) => ({ kind: 'draft' as const, record })), ...REVIEWS.map((record) => ({ kind: 'review' as const, record })), ...POSTS.map((record) => ({ kind: 'post' as const, record }))];
  for (const r of records) {
    const at = r.record.createdAt;
    const action = `${r.kind}s.${r.kind === 'beat' || r.kind === 'draft' ? 'create' : r.kind === 'review' ? 'open' : 'schedule'}` as AnyNewEvent['action'];
    await store.commit([{ kind: r.kind, record: r.record, expectedRev: null } as never], [event(at, action, r.kind, r.record.id, null, r.record, { [r.kind]: r.record })]);
  }
  // The log in time order: creations, state changes and story sizes interleaved as they happened.
  type Step = { at: string; run: () => Promise<unknown> };
  const steps: Step[] = [];
  const current = new Map<string, Opportunity>();
  for (const final of OPPORTUNITIES) {
    const first: Opportunity = { ...final, state: 'new', dismissReason: null, rev: 1, updatedAt: final.createdAt };
    const changes = STATE_CHANGES.filter((c) => c.opportunityId === final.id);
    steps.push({
      at: final.createdAt,
      run: async () => {
        current.set(final.id, first);
        await store.commit([{ kind: 'opportunity', record: first, expectedRev: null }], [event(final.createdAt, final.pitchedBy ? 'opportunities.pitch' : 'opportunities.create', 'opportunity', final.id, null, first, { opportunity: first })]);
      },
    });
    changes.forEach((change, i) => {
      steps.push({
        at: change.at,
        run: async () => {
          const before = current.get(final.id)!;
          const last = i === changes.length - 1;
          const after: Opportunity = { ...(last ? final : before), state: change.state as OpportunityState, rev: before.rev + 1, updatedAt: change.at };
          current.set(final.id, after);
          await store.commit([{ kind: 'opportunity', record: after, expectedRev: before.rev }], [event(change.at, 'opportunities.update', 'opportunity', final.id, before, after, { opportunity: after })]);
        },
      });
    });
  }
  for (const size of STORY_SIZES) {
    const story = { ...STORIES.find((s) => s.id === size.storyId)!, itemCount: size.itemCount };
    steps.push({ at: size.at, run: () => store.commit([], [event(size.at, 'stories.update', 'story', story.id, null, story, { story })]) });
  }
  steps.sort((a, b) => a.at.localeCompare(b.at));
  for (const step of steps) await step.run();
  for (const sourceId of new Set(ITEMS.map((i) => i.sourceId))) await store.addItems(sourceId, ITEMS.filter((i) => i.sourceId === sourceId), 'system');
  await store.saveStories(STORIES, ITEMS.flatMap((i) => (i.storyId ? [{ itemId: i.id, storyId: i.storyId }] : [])), 'system');
}
