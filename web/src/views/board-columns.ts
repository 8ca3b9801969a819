import type { Opportunity, OpportunityState } from '../../../server/realtime/protocol.js';
import { compareOpportunities } from '../board-state.js';

export type ColumnKey = 'new' | 'claimed' | 'drafting' | 'in_review' | 'approved' | 'scheduled' | 'done';

export interface BoardColumn {
  key: ColumnKey;
  label: string;
  /** What a card in this column waits for, for the column's tooltip and empty state. */
  hint: string;
  states: readonly OpportunityState[];
}

/** The columns left to right, in the order work moves through them. */
export const BOARD_COLUMNS: readonly BoardColumn[] = [
  { key: 'new', label: 'New', hint: 'Nobody holds these yet: claim one, or dismiss it with a reason.', states: ['new'] },
  { key: 'claimed', label: 'Claimed', hint: 'Held by an editor who has not started a draft.', states: ['claimed'] },
  { key: 'drafting', label: 'Drafting', hint: 'A reaction is being written.', states: ['drafting'] },
  { key: 'in_review', label: 'In review', hint: 'Waiting for legal or comms.', states: ['in_review'] },
  { key: 'approved', label: 'Approved', hint: 'Ready for a social manager to schedule.', states: ['approved'] },
  { key: 'scheduled', label: 'Scheduled', hint: 'A post is queued on its channel.', states: ['scheduled'] },
  { key: 'done', label: 'Done', hint: 'Published, dismissed or expired: nothing more to do.', states: ['published', 'dismissed', 'expired'] },
];

const COLUMN_OF_STATE = new Map<OpportunityState, ColumnKey>(BOARD_COLUMNS.flatMap((column) => column.states.map((state) => [state, column.key] as const)));

export function columnOf(state: OpportunityState): ColumnKey {
  return COLUMN_OF_STATE.get(state) ?? 'new';
}

/** Most recently finished first: in Done the deadline has passed or no longer matters. */
function compareDone(a: Opportunity, b: Opportunity): number {
  return Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || a.id.localeCompare(b.id);
}

/**
 * The opportunities of each column, soonest deadline first (what runs out next is on top);
 * Done, whose deadlines are over, shows the latest first.
 */
export function groupIntoColumns(opportunities: Iterable<Opportunity>): Record<ColumnKey, Opportunity[]> {
  const columns = Object.fromEntries(BOARD_COLUMNS.map((column) => [column.key, [] as Opportunity[]])) as Record<ColumnKey, Opportunity[]>;
  for (const opportunity of opportunities) columns[columnOf(opportunity.state)].push(opportunity);
  for (const column of BOARD_COLUMNS) columns[column.key].sort(column.key === 'done' ? compareDone : compareOpportunities);
  return columns;
}
