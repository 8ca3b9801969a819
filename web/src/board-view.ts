import type { BoardChange, BoardState } from './board-state.js';
import { flash } from './keyed-list.js';
import { showEmpty, type BoardLayout } from './layout.js';
import { refreshRelativeTimes } from './relative-time.js';
import { createItemList, MAX_ITEMS_SHOWN } from './render-items.js';
import { createSourceList } from './render-sources.js';
import { createStoryList, MAX_STORIES_SHOWN } from './render-stories.js';

const TIME_REFRESH_MS = 30_000;

/**
 * Draws the board state into the layout. Changes are collected and drawn once per animation
 * frame, so a burst of events costs one redraw; new records get a brief highlight.
 */
export class BoardView {
  private readonly stories;
  private readonly items;
  private readonly sources;
  private frame: number | null = null;
  private dirty = { stories: false, items: false, sources: false };
  private readonly fresh = { stories: new Set<string>(), items: new Set<string>() };
  private readonly updated = { stories: new Set<string>(), sources: new Set<string>() };
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly state: BoardState,
    private readonly layout: BoardLayout,
  ) {
    this.stories = createStoryList(layout.storyList);
    this.items = createItemList(layout.itemList, (id) => state.source(id));
    this.sources = createSourceList(layout.sourceList);
    state.subscribe((change) => this.onChange(change));
    this.timer = setInterval(() => refreshRelativeTimes(layout.root), TIME_REFRESH_MS);
    this.draw();
  }

  dispose(): void {
    clearInterval(this.timer);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
  }

  private onChange(change: BoardChange): void {
    switch (change.kind) {
      case 'reset':
        this.dirty = { stories: true, items: true, sources: true };
        this.fresh.stories.clear();
        this.fresh.items.clear();
        break;
      case 'stories':
        this.dirty.stories = true;
        for (const id of change.created) this.fresh.stories.add(id);
        for (const id of change.updated) this.updated.stories.add(id);
        break;
      case 'items':
        this.dirty.items = true;
        for (const id of change.created) this.fresh.items.add(id);
        break;
      case 'sources':
        this.dirty.sources = true;
        this.dirty.items = true; // item rows show the source's name
        for (const id of change.updated) this.updated.sources.add(id);
        break;
      case 'seq':
        break;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.draw();
    });
  }

  private draw(): void {
    const { state, layout } = this;
    layout.root.setAttribute('data-last-seq', String(state.lastSeq));
    layout.root.setAttribute('data-loaded', String(state.isLoaded));
    layout.itemCount.textContent = String(state.itemCount);
    layout.storyCount.textContent = String(state.storyCount);

    if (this.dirty.stories) {
      const stories = state.storiesInOrder();
      this.stories.render(stories.slice(0, MAX_STORIES_SHOWN));
      const trending = stories.filter((story) => story.trending).length;
      layout.storyHeadingCount.textContent = stories.length ? `${stories.length}${trending ? ` · ${trending} trending` : ''}` : '';
      for (const id of this.fresh.stories) this.highlight(this.stories.node(id), 'is-fresh');
      for (const id of this.updated.stories) if (!this.fresh.stories.has(id)) this.highlight(this.stories.node(id), 'is-updated');
    }
    if (this.dirty.items) {
      this.items.render(state.itemsNewestFirst().slice(0, MAX_ITEMS_SHOWN));
      layout.itemHeadingCount.textContent = state.itemCount ? String(state.itemCount) : '';
      for (const id of this.fresh.items) this.highlight(this.items.node(id), 'is-fresh');
    }
    if (this.dirty.sources) {
      const sources = state.sourcesInOrder();
      this.sources.render(sources);
      const unhealthy = sources.filter((source) => source.health.status === 'unhealthy').length;
      layout.sourceHeadingCount.textContent = sources.length ? `${sources.length}${unhealthy ? ` · ${unhealthy} failing` : ''}` : '';
      for (const id of this.updated.sources) this.highlight(this.sources.node(id), 'is-updated');
    }
    this.drawEmptyStates();
    this.dirty = { stories: false, items: false, sources: false };
    this.fresh.stories.clear();
    this.fresh.items.clear();
    this.updated.stories.clear();
    this.updated.sources.clear();
  }

  private highlight(node: HTMLElement | undefined, className: 'is-fresh' | 'is-updated'): void {
    if (node) flash(node, className);
  }

  private drawEmptyStates(): void {
    const { state, layout } = this;
    if (!state.isLoaded) {
      const loading = { title: 'Loading the board…', hint: 'Fetching stories, items and sources from the server.' };
      showEmpty(layout.storyEmpty, loading);
      showEmpty(layout.itemEmpty, { ...loading, title: 'Loading items…' });
      showEmpty(layout.sourceEmpty, { ...loading, title: 'Loading sources…' });
      return;
    }
    const noSources = state.sourcesInOrder().length === 0;
    showEmpty(
      layout.storyEmpty,
      state.storyCount > 0
        ? null
        : noSources
          ? { title: 'No stories yet.', hint: 'Add a source to start listening; stories form once several sources talk about the same thing.' }
          : { title: 'Waiting for the first poll…', hint: 'Stories appear here when several items talk about the same thing. Trending ones come first.' },
    );
    showEmpty(
      layout.itemEmpty,
      state.itemCount > 0
        ? null
        : noSources
          ? { title: 'Nothing to show yet.', hint: 'No sources are configured: add a feed, subreddit or account to start listening.' }
          : { title: 'Waiting for the first poll…', hint: 'New items show up here, newest first, as each source is polled.' },
    );
    showEmpty(
      layout.sourceEmpty,
      noSources
        ? { title: 'No sources configured.', hint: 'Add a feed, subreddit, account or search for Tidewatch to poll.' }
        : null,
    );
  }
}
