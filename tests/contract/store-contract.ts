import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestOf, verifyChain, type AnyEvent, type AnyNewEvent, type Opportunity } from '../../server/domain/index.js';
import type { Store } from '../../server/store/store.js';
import { RecordConflictError } from '../../server/store/store-errors.js';
import { buildItem, buildMember, buildOpportunity, buildSource, buildStory } from '../support/builders.js';

/**
 * What every Store adapter must do. An adapter's test file calls this with a harness that
 * opens a fresh store, and can reopen the same one to prove durability.
 */
export interface StoreHarness {
  /** A new, empty store. */
  create(): Promise<Store>;
  /** The same data as the last store created, opened again after it was closed. */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
  /** Every byte of text the store holds on disk / in its database, for "nothing of it is left". */
  rawText(): Promise<string>;
}

export function storeContract(name: string, makeHarness: () => StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;

    beforeEach(async () => {
      harness = makeHarness();
      store = await harness.create();
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('starts empty at sequence 0', async () => {
      expect(await store.listSources()).toEqual([]);
      expect(await store.countItems()).toBe(0);
      expect(await store.lastSeq()).toBe(0);
    });

    it('saves, replaces and reads sources, and writes one event per change', async () => {
      const first = await store.saveSource(buildSource(), 'tester');
      const second = await store.saveSource(buildSource({ name: 'Renamed' }), 'tester');
      expect((await store.getSource('wire'))?.name).toBe('Renamed');
      expect(await store.listSources()).toHaveLength(1);
      expect([first.seq, second.seq]).toEqual([1, 2]);
      expect(second.action).toBe('sources.update');
      expect(second.digest.before).toBe(first.digest.after);
      expect(second.digest.after).not.toBe(second.digest.before);
    });

    it('removes a source with one event, keeping its items; removing it again changes nothing', async () => {
      await store.saveSource(buildSource({ options: { url: 'https://x', token: 'secret' } }), 'tester');
      await store.addItems('wire', [buildItem(1)], 'source:wire');
      const removed = await store.removeSource('wire', 'tester');
      expect(removed?.action).toBe('sources.remove');
      expect(removed?.record).toEqual({ type: 'source', id: 'wire' });
      expect(removed?.digest.after).toBeNull();
      expect(JSON.stringify(removed)).not.toContain('secret');
      expect(await store.getSource('wire')).toBeNull();
      expect(await store.listSources()).toEqual([]);
      expect(await store.countItems()).toBe(1);
      expect(await store.removeSource('wire', 'tester')).toBeNull();
      expect(await store.lastSeq()).toBe(removed?.seq);
      await store.close();
      store = await harness.reopen();
      expect(await store.getSource('wire')).toBeNull();
    });

    it('never exposes connector options or cursors in source events', async () => {
      const event = await store.saveSource(buildSource({ options: { url: 'https://x', token: 'secret' }, cursor: { etag: 'e' } }), 'tester');
      expect(JSON.stringify(event)).not.toContain('secret');
      expect(event.action === 'sources.update' && 'options' in event.data.source).toBe(false);
    });

    it('stores only new items, keeps arrival order, and lists newest first', async () => {
      const a = await store.addItems('wire', [buildItem(1), buildItem(2)], 'source:wire');
      const b = await store.addItems('wire', [buildItem(2), buildItem(3)], 'source:wire');
      const c = await store.addItems('wire', [buildItem(3)], 'source:wire');
      expect(a.inserted.map((i) => i.externalId)).toEqual(['guid-1', 'guid-2']);
      expect(b.inserted.map((i) => i.externalId)).toEqual(['guid-3']);
      expect(c).toEqual({ inserted: [], event: null });
      expect(await store.countItems()).toBe(3);
      const listed = await store.listItems({ limit: 2 });
      expect(listed.map((i) => i.externalId)).toEqual(['guid-3', 'guid-2']);
      expect(await store.getItem(buildItem(1).id)).toEqual(buildItem(1));
    });

    it('stores one news article once, whichever feed brings it; social posts sharing a link stay apart', async () => {
      const article = { url: 'https://news.example/harbor-bridge', channel: 'news' as const };
      await store.addItems('world', [buildItem(1, { sourceId: 'world', ...article })], 'source:world');
      const again = await store.addItems('top', [buildItem(2, { sourceId: 'top', ...article }), buildItem(3, { sourceId: 'top' })], 'source:top');
      expect(again.inserted.map((i) => i.externalId)).toEqual(['guid-3']);
      const posts = await store.addItems(
        'reddit',
        [buildItem(4, { sourceId: 'reddit', channel: 'reddit', url: article.url }), buildItem(5, { sourceId: 'reddit', channel: 'reddit', url: article.url })],
        'source:reddit',
      );
      expect(posts.inserted).toHaveLength(2);
      await store.close();
      store = await harness.reopen();
      expect((await store.addItems('later', [buildItem(6, { sourceId: 'later', ...article })], 'source:later')).inserted).toEqual([]);
      expect(await store.countItems()).toBe(4);
    });

    it('filters items by source and story', async () => {
      await store.addItems('wire', [buildItem(1), buildItem(2)], 'source:wire');
      await store.addItems('other', [buildItem(3, { sourceId: 'other' })], 'source:other');
      await store.saveStories([buildStory('st-1')], [{ itemId: buildItem(2).id, storyId: 'st-1' }], 'system');
      expect((await store.listItems({ limit: 10, sourceId: 'other' })).map((i) => i.externalId)).toEqual(['guid-3']);
      expect((await store.listItems({ limit: 10, storyId: 'st-1' })).map((i) => i.externalId)).toEqual(['guid-2']);
      expect((await store.getItem(buildItem(2).id))?.storyId).toBe('st-1');
    });

    it('returns items fetched since a time, oldest first', async () => {
      await store.addItems('wire', [buildItem(5), buildItem(1), buildItem(9)], 'source:wire');
      const since = buildItem(4).fetchedAt;
      expect((await store.itemsFetchedSince(since, 10)).map((i) => i.externalId)).toEqual(['guid-5', 'guid-9']);
    });

    it('lists trending stories first, then the most recently active', async () => {
      await store.saveStories(
        [
          buildStory('quiet-old', { lastSeenAt: '2026-11-01T07:00:00.000Z' }),
          buildStory('quiet-new', { lastSeenAt: '2026-11-01T09:00:00.000Z' }),
          buildStory('hot', { trending: true, lastSeenAt: '2026-11-01T06:00:00.000Z' }),
        ],
        [],
        'system',
      );
      await store.saveStories([buildStory('quiet-old', { lastSeenAt: '2026-11-01T07:00:00.000Z', itemCount: 9 })], [], 'system');
      expect((await store.listStories({ limit: 10 })).map((s) => s.id)).toEqual(['hot', 'quiet-new', 'quiet-old']);
      expect((await store.getStory('quiet-old'))?.itemCount).toBe(9);
    });

    it('numbers events with one increasing sequence and answers "what changed since N"', async () => {
      await store.saveSource(buildSource(), 'tester');
      await store.addItems('wire', [buildItem(1)], 'source:wire');
      await store.saveStories([buildStory('a'), buildStory('b')], [], 'system');
      const all = await store.eventsSince(0, 100);
      expect(all.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(all.events.map((e) => e.action)).toEqual(['sources.update', 'items.create', 'stories.update', 'stories.update']);
      expect(all.truncated).toBe(false);
      const later = await store.eventsSince(2, 1);
      expect(later.events.map((e) => e.seq)).toEqual([3]);
      expect((await store.eventsSince(4, 10)).events).toEqual([]);
      expect(await store.lastSeq()).toBe(4);
    });

    it('tells listeners about each commit once, in sequence order', async () => {
      const seen: AnyEvent[] = [];
      const stop = store.onEvents((events) => seen.push(...events));
      await Promise.all([store.saveSource(buildSource(), 't'), store.addItems('wire', [buildItem(1)], 't'), store.saveStories([buildStory('s')], [], 't')]);
      stop();
      await store.saveSource(buildSource({ name: 'after unsubscribe' }), 't');
      expect(seen.map((e) => e.seq)).toEqual([1, 2, 3]);
    });

    it('lands every one of many concurrent writes', async () => {
      const writes = Array.from({ length: 200 }, (_, n) => store.addItems('wire', [buildItem(n)], 'source:wire'));
      const results = await Promise.all(writes);
      expect(results.every((r) => r.inserted.length === 1)).toBe(true);
      expect(new Set(results.map((r) => r.event?.seq)).size).toBe(200);
      expect(await store.countItems()).toBe(200);
      await store.close();
      store = await harness.reopen();
      expect(await store.countItems()).toBe(200);
      expect(await store.lastSeq()).toBe(200);
    });

    it('holds everything written after it is closed and reopened', async () => {
      await store.saveSource(buildSource({ cursor: { etag: '"v1"' } }), 'tester');
      await store.addItems('wire', [buildItem(1), buildItem(2)], 'source:wire');
      await store.saveStories([buildStory('st-1')], [{ itemId: buildItem(1).id, storyId: 'st-1' }], 'system');
      await store.close();
      store = await harness.reopen();
      expect((await store.getSource('wire'))?.cursor).toEqual({ etag: '"v1"' });
      expect((await store.listItems({ limit: 10 })).map((i) => i.externalId)).toEqual(['guid-2', 'guid-1']);
      expect((await store.getItem(buildItem(1).id))?.storyId).toBe('st-1');
      expect((await store.getStory('st-1'))?.label).toBe('Story st-1');
      expect((await store.eventsSince(0, 10)).events).toHaveLength(3);
      // The sequence goes on where it stopped: no number is ever reused.
      expect((await store.saveSource(buildSource(), 'tester')).seq).toBe(4);
    });

    it('keeps text exactly as given, even characters a database refuses (NUL, lone surrogates)', async () => {
      // Feeds and members can send both; a JSON file keeps them, PostgreSQL text cannot hold them.
      const odd = 'nul\u0000 high\ud83d low\ude00 pair\ud83d\ude00 max\uffff\uffff0000 end';
      const item = buildItem(1, { title: odd, text: odd, author: '\u0000' });
      await store.addItems('wire', [item], 'source:wire');
      await store.saveSource(buildSource({ name: odd, cursor: { [odd]: odd } }), 'tester');
      const member = buildMember(`m-${odd}`, { name: odd });
      await store.commit([{ kind: 'member', record: member, expectedRev: null }], []);
      await store.close();
      store = await harness.reopen();
      expect(await store.getItem(item.id)).toEqual(item);
      expect((await store.getSource('wire'))?.cursor).toEqual({ [odd]: odd });
      expect(await store.getRecord('member', member.id)).toEqual(member);
      expect(await store.listRecords('member', { name: odd })).toEqual([member]);
      expect(await store.listRecords('member', { name: 'nul' })).toEqual([]);
      const { events } = await store.eventsSince(0, 10);
      expect(events[0]?.action === 'items.create' && events[0].data.items[0]?.title).toBe(odd);
      expect(verifyChain(events).breaks).toEqual([]);
    });

    it('returns copies: changing a returned record does not change the store', async () => {
      await store.addItems('wire', [buildItem(1)], 'source:wire');
      const [item] = await store.listItems({ limit: 1 });
      item!.title = 'tampered';
      expect((await store.getItem(buildItem(1).id))?.title).toBe('Headline number 1');
    });
    describe('retention and erasure (issue 9)', () => {
      const OLD = '2026-10-01T08:00:00.000Z';
      const NEW = '2026-11-20T08:00:00.000Z';
      const CUTOFF = '2026-11-10T00:00:00.000Z';

      async function allEvents(from: Store = store): Promise<AnyEvent[]> {
        const events: AnyEvent[] = [];
        for (let since = 0; ; ) {
          const page = (await from.eventsSince(since, 500)).events;
          if (page.length === 0) return events;
          events.push(...page);
          since = page.at(-1)!.seq;
        }
      }

      async function seedRetention() {
        // One poll brings old and new items together, so one items.create event holds both kinds.
        await store.addItems(
          'wire',
          [
            buildItem(1, { fetchedAt: OLD, title: 'Old and alone', storyId: null }),
            buildItem(2, { fetchedAt: OLD, title: 'Old, in a story with an opportunity' }),
            buildItem(3, { fetchedAt: OLD, title: 'Old, linked by a pitched opportunity', url: 'https://example.org/pitched' }),
            buildItem(4, { fetchedAt: NEW, title: 'New and alone' }),
            buildItem(5, { fetchedAt: OLD, title: 'Old, in a story nobody works on' }),
          ],
          'source:wire',
        );
        await store.saveStories([buildStory('st-kept'), buildStory('st-idle')], [
          { itemId: buildItem(2).id, storyId: 'st-kept' },
          { itemId: buildItem(5).id, storyId: 'st-idle' },
        ], 'detector');
        await store.commit(
          [
            { kind: 'opportunity', record: buildOpportunity('op-story', { storyId: 'st-kept', state: 'dismissed' }), expectedRev: null },
            { kind: 'opportunity', record: buildOpportunity('op-pitched', { url: 'https://example.org/pitched', pitchedBy: 'm-1' }), expectedRev: null },
          ],
          [],
        );
      }

      it('deletes exactly the items past the period that no opportunity is attached to, redacts them in the log, keeps stories', async () => {
        await seedRetention();
        const gone = [buildItem(1).id, buildItem(5).id];
        const report = await store.applyRetention(CUTOFF, 'retention');
        expect([...report.items].sort()).toEqual([...gone].sort());
        expect(report.event?.action).toBe('items.expire');
        expect(report.event?.data).toEqual({ cutoff: CUTOFF, items: 2, redactedEvents: [1] });
        expect(report.redactedEvents).toEqual([1]);

        const check = async (s: Store) => {
          const left = (await s.listItems({ limit: 100 })).map((i) => i.externalId).sort();
          expect(left).toEqual(['guid-2', 'guid-3', 'guid-4']);
          expect(await s.countItems()).toBe(3);
          for (const id of gone) expect(await s.getItem(id)).toBeNull();
          expect((await s.listStories({ limit: 10 })).map((st) => st.id).sort()).toEqual(['st-idle', 'st-kept']);
          const events = await allEvents(s);
          const created = events[0]!;
          expect(created.action).toBe('items.create');
          const items = (created.data as unknown as { items: Array<Record<string, unknown>> }).items;
          // Ids stay, in their places; the expired items' words do not.
          expect(items.map((i) => i.id)).toEqual([1, 2, 3, 4, 5].map((n) => buildItem(n).id));
          expect(items.filter((i) => i.redacted === true).map((i) => i.id).sort()).toEqual([...gone].sort());
          expect(JSON.stringify(events)).not.toContain('Old and alone');
          expect(JSON.stringify(events)).not.toContain('nobody works on');
          expect(JSON.stringify(events)).toContain('New and alone');
          expect(created.redactions).toEqual([{ at: expect.any(String), reason: 'retention', scope: 'items' }]);
          const chain = verifyChain(events);
          expect(chain.breaks).toEqual([]);
          expect(chain.redacted.map((r) => [r.seq, r.verified])).toEqual([[1, true]]);
        };
        await check(store);
        const raw = await harness.rawText();
        expect(raw).not.toContain('Old and alone');
        expect(raw).toContain('New and alone');
        await store.close();
        store = await harness.reopen();
        await check(store);
        // Nothing more is old enough: nothing is deleted and nothing written.
        const seq = await store.lastSeq();
        expect(await store.applyRetention(CUTOFF, 'retention')).toEqual({ cutoff: CUTOFF, items: [], redactedEvents: [], event: null });
        expect(await store.lastSeq()).toBe(seq);
      });

      it('keeps every item when none is past the period', async () => {
        await seedRetention();
        const seq = await store.lastSeq();
        expect((await store.applyRetention('2026-09-01T00:00:00.000Z', 'retention')).items).toEqual([]);
        expect(await store.countItems()).toBe(5);
        expect(await store.lastSeq()).toBe(seq);
      });

      const HANDLE = 'Zephyrine_Q';
      const WORDS = 'Quixotic harbor lanterns drift past the lighthouse';

      async function seedErasure() {
        await store.addItems(
          'masto',
          [
            buildItem(1, { sourceId: 'masto', channel: 'mastodon', author: `@${HANDLE}`, title: null, text: `${WORDS} tonight`, url: `https://social.example/@${HANDLE}/1` }),
            buildItem(2, { sourceId: 'masto', channel: 'mastodon', author: 'someone_else', title: null, text: 'Harbor lanterns are lovely' }),
          ],
          'source:masto',
        );
        await store.addItems('masto', [buildItem(3, { sourceId: 'masto', channel: 'mastodon', author: HANDLE.toLowerCase(), title: null, text: 'Second post by the same hand' })], 'source:masto');
        await store.addItems('wire', [buildItem(4, { channel: 'news', author: HANDLE, title: 'Same name, another channel' })], 'source:wire');
        const story = buildStory('st-1', { label: `${WORDS.toLowerCase()} tonight`, terms: ['harbor', 'lanterns'] });
        await store.saveStories([story, buildStory('st-2')], [{ itemId: buildItem(1, { sourceId: 'masto' }).id, storyId: 'st-1' }], 'detector');
        const opportunity = buildOpportunity('op-1', { storyId: 'st-1', title: story.label, url: `https://social.example/@${HANDLE}/1` });
        await store.commit(
          [{ kind: 'opportunity', record: opportunity, expectedRev: null }],
          [{ at: '2026-11-01T09:00:00.000Z', actor: 'system', action: 'opportunities.create', record: { type: 'opportunity', id: 'op-1' }, digest: { before: null, after: digestOf(opportunity) }, data: { opportunity } }],
        );
      }

      it("erases an author's items on a channel: no copy of their words or handle in the store or the log; the chain verifies", async () => {
        await seedErasure();
        const report = await store.eraseAuthor({ erasureId: 'er-1', author: HANDLE.toUpperCase(), channel: 'mastodon' }, 'm-admin');
        expect([...report.items].sort()).toEqual([buildItem(1, { sourceId: 'masto' }).id, buildItem(3, { sourceId: 'masto' }).id].sort());
        expect(report.storiesRelabelled).toEqual(['st-1']);
        expect(report.opportunitiesRetitled).toEqual(['op-1']);
        // items.create 1 and 2, stories.update of st-1, opportunities.create.
        expect(report.redactedEvents).toEqual([1, 2, 4, 6]);
        expect(report.event?.action).toBe('erasures.create');
        expect(report.event?.data).toEqual({ erasureId: 'er-1', channel: 'mastodon', items: 2, redactedEvents: [1, 2, 4, 6], labelsReplaced: 2 });
        expect(report.event?.record).toEqual({ type: 'erasure', id: 'er-1' });

        const check = async (s: Store) => {
          const events = await allEvents(s);
          const text = JSON.stringify(events).toLowerCase();
          const handles = (t: string) => t.split(HANDLE.toLowerCase()).length - 1;
          // The same handle on another channel is another account's: its item (one copy in the log) stays.
          expect(handles(text)).toBe(1);
          expect(text).toContain('same name, another channel');
          expect(text).not.toContain('quixotic');
          expect(text).not.toContain('second post by the same hand');
          expect(text).toContain('harbor lanterns are lovely');
          const chain = verifyChain(events);
          expect(chain.breaks).toEqual([]);
          expect(chain.redacted.map((r) => r.seq)).toEqual([1, 2, 4, 6]);
          expect((await s.listItems({ limit: 10 })).map((i) => i.externalId).sort()).toEqual(['guid-2', 'guid-4']);
          const story = await s.getStory('st-1');
          expect(story?.label).toBe('harbor · lanterns');
          expect((await s.getStory('st-2'))?.label).toBe('Story st-2');
          const opportunity = await s.getRecord('opportunity', 'op-1');
          expect(opportunity).toMatchObject({ title: 'harbor · lanterns', url: null, rev: 2 });
          const raw = (await harness.rawText()).toLowerCase();
          // That item, in the items and in the log.
          expect(handles(raw)).toBe(2);
          expect(raw).not.toContain('quixotic');
          expect(raw).not.toContain('second post by the same hand');
        };
        await check(store);
        await store.close();
        store = await harness.reopen();
        await check(store);
      });

      it('still finds a real edit of a redacted event, and of the items left in it', async () => {
        await seedErasure();
        await store.eraseAuthor({ erasureId: 'er-1', author: HANDLE, channel: 'mastodon' }, 'm-admin');
        const events = await allEvents();
        const actorEdited = events.map((e) => (e.seq === 1 ? { ...e, actor: 'someone-else' } : e)) as AnyEvent[];
        expect(verifyChain(actorEdited).breaks.map((b) => b.seq)).toEqual([1]);
        const itemEdited = structuredClone(events);
        const first = itemEdited[0]!;
        if (first.action === 'items.create') (first.data.items[1] as { text: string }).text = 'Changed afterwards';
        expect(verifyChain(itemEdited).breaks).toEqual([{ seq: 1, problem: expect.stringMatching(/does not match its hash/) }]);
        const stubEdited = structuredClone(events);
        const stub = stubEdited[0]!;
        if (stub.action === 'items.create') (stub.data.items[0] as unknown as { digest: string }).digest = '0'.repeat(64);
        expect(verifyChain(stubEdited).breaks.map((b) => b.seq)).toEqual([1]);
      });

      it('erases nothing for an author with no items, and still records the erasure', async () => {
        await seedErasure();
        const report = await store.eraseAuthor({ erasureId: 'er-2', author: 'nobody_here', channel: 'mastodon' }, 'm-admin');
        expect(report).toMatchObject({ items: [], redactedEvents: [], storiesRelabelled: [], opportunitiesRetitled: [] });
        expect(report.event?.data).toEqual({ erasureId: 'er-2', channel: 'mastodon', items: 0, redactedEvents: [], labelsReplaced: 0 });
        expect(await store.countItems()).toBe(4);
      });
    });

    describe('workflow records', () => {
      const claimEvent = (opportunity: Opportunity, before: Opportunity | null): AnyNewEvent => ({
        at: '2026-11-01T09:00:00.000Z',
        actor: 'm-1',
        action: 'opportunities.claim',
        record: { type: 'opportunity', id: opportunity.id },
        digest: { before: digestOf(before), after: digestOf(opportunity) },
        data: { opportunity },
      });

      it('creates, reads, filters and updates records, each change with its event', async () => {
        const created = buildOpportunity('op-1');
        await store.commit([{ kind: 'opportunity', record: created, expectedRev: null }], []);
        await store.commit([{ kind: 'opportunity', record: buildOpportunity('op-2', { state: 'dismissed' }), expectedRev: null }], []);
        const claimed = { ...created, rev: 2, state: 'claimed' as const, holderId: 'm-1' };
        const [event] = await store.commit([{ kind: 'opportunity', record: claimed, expectedRev: 1 }], [claimEvent(claimed, created)]);
        expect(event?.seq).toBe(1);
        expect(await store.getRecord('opportunity', 'op-1')).toEqual(claimed);
        expect((await store.listRecords('opportunity')).map((o) => o.id)).toEqual(['op-1', 'op-2']);
        expect((await store.listRecords('opportunity', { state: 'claimed', holderId: 'm-1' })).map((o) => o.id)).toEqual(['op-1']);
        expect(await store.listRecords('opportunity', { state: 'published' })).toEqual([]);
        expect(await store.getRecord('opportunity', 'nope')).toBeNull();
      });

      it('finds nothing under ids that name built-ins of a plain object, and creates a record under one as under any id', async () => {
        for (const id of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) expect(await store.getRecord('opportunity', id)).toBeNull();
        const created = buildOpportunity('constructor');
        await store.commit([{ kind: 'opportunity', record: created, expectedRev: null }], []);
        expect(await store.getRecord('opportunity', 'constructor')).toEqual(created);
        expect((await store.listRecords('opportunity')).map((o) => o.id)).toEqual(['constructor']);
      });

      it('refuses a change based on an old rev, writes nothing, and hands back the record as it is', async () => {
        await store.commit([{ kind: 'opportunity', record: buildOpportunity('op-1'), expectedRev: null }], []);
        const first = buildOpportunity('op-1', { rev: 2, state: 'claimed', holderId: 'm-1' });
        await store.commit([{ kind: 'opportunity', record: first, expectedRev: 1 }], [claimEvent(first, null)]);
        const stale = buildOpportunity('op-1', { rev: 2, state: 'claimed', holderId: 'm-2' });
        const member = buildMember('m-2');
        const attempt = store.commit(
          [
            { kind: 'member', record: member, expectedRev: null },
            { kind: 'opportunity', record: stale, expectedRev: 1 },
          ],
          [claimEvent(stale, null)],
        );
        await expect(attempt).rejects.toBeInstanceOf(RecordConflictError);
        await expect(attempt).rejects.toMatchObject({ current: first });
        // All or nothing: the member in the same command was not written, nor its event.
        expect(await store.getRecord('member', 'm-2')).toBeNull();
        expect(await store.lastSeq()).toBe(1);
        await expect(store.commit([{ kind: 'opportunity', record: buildOpportunity('op-1'), expectedRev: null }], [])).rejects.toThrow(/already exists/);
      });

      it('lets exactly one of two simultaneous changes to one record win', async () => {
        await store.commit([{ kind: 'opportunity', record: buildOpportunity('op-1'), expectedRev: null }], []);
        const results = await Promise.allSettled(
          ['m-1', 'm-2'].map((holderId) => {
            const next = buildOpportunity('op-1', { rev: 2, state: 'claimed', holderId });
            return store.commit([{ kind: 'opportunity', record: next, expectedRev: 1 }], [claimEvent(next, null)]);
          }),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof RecordConflictError)).toHaveLength(1);
        expect(await store.lastSeq()).toBe(1);
      });

      it('holds records committed without an event, and story assignments made alone, once their promise resolves', async () => {
        await store.addItems('wire', [buildItem(1)], 'source:wire');
        await store.commit([{ kind: 'member', record: buildMember('m-1'), expectedRev: null }], []);
        expect(await store.saveStories([], [{ itemId: buildItem(1).id, storyId: 'st-1' }], 'system')).toEqual([]);
        await store.close();
        store = await harness.reopen();
        expect(await store.getRecord('member', 'm-1')).toEqual(buildMember('m-1'));
        expect((await store.getItem(buildItem(1).id))?.storyId).toBe('st-1');
        expect(await store.lastSeq()).toBe(1);
      });

      it('removes records', async () => {
        await store.commit([{ kind: 'member', record: buildMember('m-1'), expectedRev: null }], []);
        await store.commit([{ kind: 'member', id: 'm-1', expectedRev: 1, remove: true }], []);
        expect(await store.getRecord('member', 'm-1')).toBeNull();
      });

      it('chains every event to the one before, across a reopen, so the log verifies whole', async () => {
        await store.saveSource(buildSource(), 'tester');
        const claimed = buildOpportunity('op-1', { rev: 1, state: 'claimed' });
        await store.commit([{ kind: 'opportunity', record: claimed, expectedRev: null }], [claimEvent(claimed, null)]);
        await store.addItems('wire', [buildItem(1)], 'source:wire');
        await store.close();
        store = await harness.reopen();
        await store.saveStories([buildStory('s-1')], [], 'system');
        expect(await store.getRecord('opportunity', 'op-1')).toEqual(claimed);
        const { events } = await store.eventsSince(0, 100);
        expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
        const report = verifyChain(events);
        expect(report.breaks).toEqual([]);
        expect(report.head).toBe(events.at(-1)?.hash);
        expect(events[1]?.prevHash).toBe(events[0]?.hash);
      });
    });
  });
}
