/*
 * The board's keyboard shortcuts, as a pure decision so it can be tested without a page:
 * which action a key press means, given where the focus is.
 */

export type BoardKeyAction = 'next' | 'previous' | 'claim' | 'dismiss' | 'open' | 'search';

export interface BoardKeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The focus is in a field that takes text (or a select): shortcuts must not steal its keys. */
  typing: boolean;
  /** The focus is on a card itself, not on a link or button inside it (those handle Enter). */
  onCard: boolean;
  /** The focus is on a card or anything inside one. */
  inCard: boolean;
}

/** For the legend, in the order a newcomer needs them. */
export const BOARD_SHORTCUTS: ReadonlyArray<{ keys: string[]; does: string }> = [
  { keys: ['j', 'k'], does: 'next / previous card' },
  { keys: ['Enter'], does: 'open' },
  { keys: ['c'], does: 'claim' },
  { keys: ['d'], does: 'dismiss' },
  { keys: ['/'], does: 'search' },
];

/** Inputs that do not take text: shortcuts still work while one has the focus. */
const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Structural, so the decision needs no DOM types (an HTMLElement fits). */
export interface FocusTarget {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

export function isTypingTarget(target: FocusTarget | null | undefined): boolean {
  if (!target?.tagName) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
}

export function boardKeyAction(press: BoardKeyPress): BoardKeyAction | null {
  // Ctrl+K, Cmd+D and the like belong to the browser.
  if (press.typing || press.ctrlKey || press.metaKey || press.altKey) return null;
  switch (press.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case '/':
      return 'search';
    case 'c':
      return press.inCard ? 'claim' : null;
    case 'd':
      return press.inCard ? 'dismiss' : null;
    case 'Enter':
      return press.onCard ? 'open' : null;
    default:
      return null;
  }
}

/** The card to focus after `current` (an index, -1 for none) among `count`, clamped at the ends. */
export function nextCardIndex(current: number, count: number, action: 'next' | 'previous'): number {
  if (count === 0) return -1;
  if (current < 0) return action === 'next' ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + (action === 'next' ? 1 : -1)));
}
