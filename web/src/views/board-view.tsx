import type { ComponentChildren } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { Opportunity } from '../../../server/realtime/protocol.js';
import { useBoardChanges, useBoardContext } from '../board-context.js';
import type { BoardChange, BoardState } from '../board-state.js';
import { EmptyState } from '../components/chips.js';
import { navigate, route } from '../router.js';
import { BOARD_COLUMNS, groupIntoColumns, type BoardColumn } from './board-columns.js';
import { channelsOn, filterOpportunities, filtersFromQuery, filtersToQuery, isFiltering, NO_FILTERS, riskFlagsOn, type BoardFilters, type FilterLookup } from './board-filters.js';
import { BoardFilterBar } from './board-filter-bar.js';
import { boardKeyAction, isTypingTarget, nextCardIndex } from './board-keys.js';
import { OpportunityCard } from './opportunity-card.js';
import '../styles/board.css';

const CARD_SELECTOR = '[data-testid=opportunity-card]';
const NO_VERBS: readonly string[] = Object.freeze([]);

/**
 * How many relevant changes the board has seen, per kind, so the memos below recompute only
 * when what they read moved. The counting happens in the change filter, before the redraw.
 */
function useBoardVersions(): { state: BoardState; opportunities: number; stories: number; team: number } {
  const versions = useRef({ opportunities: 0, stories: 0, team: 0 });
  const state = useBoardChanges((change: BoardChange) => {
    const counts = versions.current;
    switch (change.kind) {
      case 'reset':
        counts.opportunities += 1;
        counts.stories += 1;
        counts.team += 1;
        return true;
      case 'opportunities':
      case 'allowed':
        counts.opportunities += 1;
        return true;
      case 'stories':
        counts.stories += 1;
        return true;
      case 'team':
        counts.team += 1;
        return true;
      default:
        return false;
    }
  });
  return { state, ...versions.current };
}

/**
 * The server sends fresh `allowed` arrays for every opportunity an event touched, usually with
 * the same verbs: keep handing the card the array it already has so its memo holds.
 */
function useStableAllowed(state: BoardState): (id: string) => readonly string[] {
  const cache = useRef(new Map<string, readonly string[]>());
  return (id) => {
    const fresh = state.allowedOn(id);
    const known = cache.current.get(id);
    if (known && known.length === fresh.length && known.every((verb, index) => verb === fresh[index])) return known;
    const value = fresh.length === 0 ? NO_VERBS : fresh;
    cache.current.set(id, value);
    return value;
  };
}

const queryOfHash = (hash: string) => hash.split('?')[1] ?? '';

/** Filters start from the address, and the address follows them without adding history entries. */
function useFiltersInAddress(): [BoardFilters, (next: BoardFilters) => void] {
  const [filters, setFilters] = useState<BoardFilters>(() => filtersFromQuery(queryOfHash(location.hash)));
  useEffect(() => {
    if (route.value.view !== 'board') return;
    const query = filtersToQuery(filters);
    const wanted = `#/board${query ? `?${query}` : ''}`;
    if (location.hash !== wanted) history.replaceState(history.state, '', wanted);
  }, [filters]);
  return [filters, setFilters];
}

function Column({ column, count, collapsed, onToggle, children }: { column: BoardColumn; count: number; collapsed: boolean; onToggle?: () => void; children: ComponentChildren }) {
  const id = useId();
  return (
    <section class={`board-column column-${column.key}${collapsed ? ' is-collapsed' : ''}`} data-testid="board-column" data-state={column.key} data-count={count} aria-labelledby={`${id}-heading`}>
      <header class="column-head">
        <h3 class="column-title" id={`${id}-heading`} title={column.hint}>
          {column.label} <span class="column-count">{count}</span>
        </h3>
        {onToggle && (
          <button type="button" class="btn btn-small btn-quiet" data-testid="toggle-done" aria-expanded={!collapsed} aria-controls={`${id}-cards`} onClick={onToggle}>
            {collapsed ? 'Show' : 'Hide'}
          </button>
        )}
      </header>
      <div class="column-body" id={`${id}-cards`}>
        {collapsed ? (
          <p class="column-note">{count === 0 ? 'Nothing finished yet.' : `${count} published, dismissed or expired. Show them to look back.`}</p>
        ) : count === 0 ? (
          <p class="column-note">{column.hint}</p>
        ) : (
          <ol class="column-cards" aria-label={`${column.label} opportunities, soonest deadline first`}>
            {children}
          </ol>
        )}
      </div>
    </section>
  );
}

/** What to say when the board is empty: what makes opportunities appear, given what is missing. */
function NothingYet({ beats, sources }: { beats: number; sources: number }) {
  const hint =
    beats === 0
      ? 'Opportunities appear when a trending story matches a beat. There are no beats yet: add beats for the subjects your team covers (an admin can, with POST /api/beats).'
      : sources === 0
        ? 'Opportunities appear when a trending story matches a beat. No sources are listening yet: add feeds, subreddits or accounts on the Sources tab.'
        : 'Opportunities appear when a trending story matches a beat. Add beats or widen their queries to catch more; the Stories tab shows what is moving now.';
  return <EmptyState title="No opportunities yet." hint={hint} />;
}

/** The live board: opportunities in columns by state, soonest deadline first. */
export function BoardView() {
  const { session } = useBoardContext();
  const versions = useBoardVersions();
  const { state } = versions;
  const [filters, setFilters] = useFiltersInAddress();
  const [showDone, setShowDone] = useState(false);
  const board = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const lastFocus = useRef<{ element: Element; id: string } | null>(null);
  const allowedOf = useStableAllowed(state);

  const all = useMemo(() => state.opportunitiesInOrder(), [state, versions.opportunities]);
  const lookup = useMemo<FilterLookup>(
    () => ({
      memberId: session.member?.id ?? session.principal.id,
      story: (id) => state.story(id),
      memberName: (id) => state.member(id)?.name,
      beatName: (id) => state.beat(id)?.name,
    }),
    [state, session],
  );
  // Story labels and member names only matter to the text search.
  const searchInputs = filters.text.trim() ? [versions.stories, versions.team] : [0, 0];
  const shown = useMemo(() => filterOpportunities(all, filters, lookup), [all, filters, lookup, ...searchInputs]);
  const columns = useMemo(() => groupIntoColumns(shown), [shown]);
  const channels = useMemo(() => channelsOn(all), [all]);
  const riskFlags = useMemo(() => riskFlagsOn(all), [all]);
  const beats = useMemo(() => state.beatsInOrder(), [state, versions.team]);
  const members = useMemo(() => state.membersInOrder(), [state, versions.team]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const container = board.current;
      if (!container || event.defaultPrevented) return;
      const active = document.activeElement;
      const card = active instanceof HTMLElement ? active.closest<HTMLElement>(CARD_SELECTOR) : null;
      const action = boardKeyAction({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        typing: isTypingTarget(event.target as HTMLElement | null),
        onCard: card !== null && card === active,
        inCard: card !== null && container.contains(card),
      });
      if (!action) return;
      event.preventDefault();
      switch (action) {
        case 'search':
          search.current?.focus();
          search.current?.select();
          break;
        case 'next':
        case 'previous': {
          const cards = [...container.querySelectorAll<HTMLElement>(CARD_SELECTOR)];
          const target = cards[nextCardIndex(card ? cards.indexOf(card) : -1, cards.length, action)];
          target?.focus();
          target?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
          break;
        }
        // The card's own buttons: the same busy state, and nothing the member may not do.
        case 'claim':
          card?.querySelector<HTMLButtonElement>('[data-testid=card-claim]:not(:disabled)')?.click();
          break;
        case 'dismiss':
          card?.querySelector<HTMLButtonElement>('[data-testid=card-dismiss]')?.click();
          break;
        case 'open': {
          const id = card?.dataset.opportunityId;
          if (id) navigate({ view: 'opportunity', id });
          break;
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // A card that changes state moves to another column, which makes a new element and drops
  // the focus on the page body: put it back on the same card so j/k carry on from there.
  useEffect(() => {
    const last = lastFocus.current;
    if (!last || last.element.isConnected) return;
    lastFocus.current = null;
    if (document.activeElement && document.activeElement !== document.body) return;
    const card = board.current?.querySelector<HTMLElement>(`${CARD_SELECTOR}[data-opportunity-id="${CSS.escape(last.id)}"]`);
    card?.focus({ preventScroll: true });
  });

  const renderCard = (opportunity: Opportunity) => (
    <OpportunityCard
      key={opportunity.id}
      opportunity={opportunity}
      story={opportunity.storyId ? state.story(opportunity.storyId) : undefined}
      allowed={allowedOf(opportunity.id)}
      holderName={opportunity.holderId ? (state.member(opportunity.holderId)?.name ?? 'a former member') : null}
    />
  );

  const filtering = isFiltering(filters);
  return (
    <section class="view board-view" data-testid="board-view" aria-labelledby="board-heading">
      <h2 class="visually-hidden" id="board-heading">
        Opportunities
      </h2>
      <BoardFilterBar filters={filters} onChange={setFilters} beats={beats} channels={channels} riskFlags={riskFlags} members={members} shown={shown.length} total={all.length} searchRef={search} />
      {!state.isLoaded ? (
        <EmptyState title="Loading the board…" hint="Fetching opportunities, stories and the team from the server." />
      ) : all.length === 0 ? (
        <NothingYet beats={beats.length} sources={state.sourcesInOrder().length} />
      ) : (
        filtering &&
        shown.length === 0 && (
          <div class="empty board-no-match" data-testid="board-no-match">
            <p class="empty-title">Nothing matches these filters.</p>
            <p class="empty-hint">
              {all.length} {all.length === 1 ? 'opportunity is' : 'opportunities are'} on the board.{' '}
              <button type="button" class="link-button" onClick={() => setFilters({ ...NO_FILTERS })}>
                Clear the filters
              </button>{' '}
              to see them all.
            </p>
          </div>
        )
      )}
      <div
        class="board-columns"
        ref={board}
        onFocusIn={(event) => {
          const target = event.target as HTMLElement;
          const id = target.closest<HTMLElement>(CARD_SELECTOR)?.dataset.opportunityId;
          lastFocus.current = id ? { element: target, id } : null;
        }}
      >
        {BOARD_COLUMNS.map((column) => {
          const cards = columns[column.key];
          const collapsible = column.key === 'done';
          return (
            <Column key={column.key} column={column} count={cards.length} collapsed={collapsible && !showDone} onToggle={collapsible ? () => setShowDone(!showDone) : undefined}>
              {(!collapsible || showDone) && cards.map(renderCard)}
            </Column>
          );
        })}
      </div>
    </section>
  );
}
