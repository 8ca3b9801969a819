import type { Ref } from 'preact';
import { useId } from 'preact/hooks';
import type { Beat, Member } from '../../../server/realtime/protocol.js';
import { ASSIGNEE_ME, ASSIGNEE_UNCLAIMED, assigneeValue, isFiltering, NO_FILTERS, RISK_ANY, RISK_NONE, riskFlagValue, type BoardFilters } from './board-filters.js';
import { BOARD_SHORTCUTS } from './board-keys.js';
import { riskLabel } from './risk-flag-words.js';
import '../styles/board.css';

export interface FilterBarProps {
  filters: BoardFilters;
  onChange(next: BoardFilters): void;
  beats: readonly Beat[];
  channels: readonly string[];
  riskFlags: readonly string[];
  members: readonly Member[];
  shown: number;
  total: number;
  searchRef: Ref<HTMLInputElement>;
}

/** A select whose current value stays listed even when nothing on the board has it any more. */
function withCurrent(values: readonly string[], current: string): string[] {
  return current && !values.includes(current) ? [...values, current] : [...values];
}

/** The filters above the columns, and the keyboard legend. */
export function BoardFilterBar({ filters, onChange, beats, channels, riskFlags, members, shown, total, searchRef }: FilterBarProps) {
  const id = useId();
  const set = (key: keyof BoardFilters) => (event: Event) => onChange({ ...filters, [key]: (event.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const filtering = isFiltering(filters);
  const flagValues = riskFlags.map(riskFlagValue);
  const currentFlag = filters.risk.startsWith('flag:') && !flagValues.includes(filters.risk) ? filters.risk.slice('flag:'.length) : null;
  return (
    <div class="board-toolbar">
      <form class="filter-bar" role="search" aria-label="Filter the board" onSubmit={(event) => event.preventDefault()}>
        <div class="filter filter-search">
          <label for={`${id}-search`}>Search</label>
          <input
            ref={searchRef}
            id={`${id}-search`}
            type="search"
            data-testid="board-search"
            placeholder="Story, reason, person…"
            aria-keyshortcuts="/"
            value={filters.text}
            onInput={set('text')}
            onKeyDown={(event) => {
              // Escape on an empty search hands the keyboard back to the board's shortcuts.
              if (event.key === 'Escape' && event.currentTarget.value === '') event.currentTarget.blur();
            }}
          />
        </div>
        <div class="filter">
          <label for={`${id}-beat`}>Beat</label>
          <select id={`${id}-beat`} data-testid="filter-beat" value={filters.beat} onChange={set('beat')}>
            <option value="">All beats</option>
            {beats.map((beat) => (
              <option key={beat.id} value={beat.id}>
                {beat.name}
              </option>
            ))}
            {filters.beat && !beats.some((beat) => beat.id === filters.beat) && <option value={filters.beat}>{filters.beat}</option>}
          </select>
        </div>
        <div class="filter">
          <label for={`${id}-channel`}>Channel</label>
          <select id={`${id}-channel`} data-testid="filter-channel" value={filters.channel} onChange={set('channel')}>
            <option value="">All channels</option>
            {withCurrent(channels, filters.channel).map((channel) => (
              <option key={channel} value={channel}>
                {channel}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for={`${id}-risk`}>Risk</label>
          <select id={`${id}-risk`} data-testid="filter-risk" value={filters.risk} onChange={set('risk')}>
            <option value="">Any risk</option>
            <option value={RISK_ANY}>Flagged (any flag)</option>
            <option value={RISK_NONE}>No risk flags</option>
            {riskFlags.length > 0 && (
              <optgroup label="One flag">
                {riskFlags.map((flag) => (
                  <option key={flag} value={riskFlagValue(flag)}>
                    {riskLabel(flag)}
                  </option>
                ))}
              </optgroup>
            )}
            {currentFlag && <option value={filters.risk}>{riskLabel(currentFlag)}</option>}
          </select>
        </div>
        <div class="filter">
          <label for={`${id}-assignee`}>Assignee</label>
          <select id={`${id}-assignee`} data-testid="filter-assignee" value={filters.assignee} onChange={set('assignee')}>
            <option value="">Anyone</option>
            <option value={ASSIGNEE_ME}>Me</option>
            <option value={ASSIGNEE_UNCLAIMED}>Unclaimed</option>
            {members.length > 0 && (
              <optgroup label="Held by">
                {members.map((member) => (
                  <option key={member.id} value={assigneeValue(member.id)}>
                    {member.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </div>
        <div class="filter filter-status">
          <p class="filter-count" aria-live={filtering ? 'polite' : 'off'} data-testid="board-shown">
            {filtering ? `${shown} of ${total} shown` : `${total} ${total === 1 ? 'opportunity' : 'opportunities'}`}
          </p>
          {filtering && (
            <button type="button" class="btn btn-small" data-testid="clear-filters" onClick={() => onChange({ ...NO_FILTERS })}>
              Clear filters
            </button>
          )}
        </div>
      </form>
      <p class="shortcut-legend" aria-label="Keyboard shortcuts">
        {BOARD_SHORTCUTS.map((shortcut) => (
          <span key={shortcut.does} class="shortcut">
            {shortcut.keys.map((key) => (
              <kbd key={key}>{key}</kbd>
            ))}{' '}
            {shortcut.does}
          </span>
        ))}
      </p>
    </div>
  );
}
