import { describe, expect, it } from 'vitest';
import { boardKeyAction, isTypingTarget, nextCardIndex, type BoardKeyPress } from '../../web/src/views/board-keys.js';
import { riskFlagsInOrder, riskLabel, riskTone } from '../../web/src/views/risk-flag-words.js';

const press = (key: string, overrides: Partial<BoardKeyPress> = {}): BoardKeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  typing: false,
  onCard: false,
  inCard: false,
  ...overrides,
});

describe('board shortcuts', () => {
  it('move with j and k and focus the search with /', () => {
    expect(boardKeyAction(press('j'))).toBe('next');
    expect(boardKeyAction(press('k'))).toBe('previous');
    expect(boardKeyAction(press('/'))).toBe('search');
  });

  it('claim, dismiss and open only the focused card', () => {
    expect(boardKeyAction(press('c'))).toBeNull();
    expect(boardKeyAction(press('c', { inCard: true }))).toBe('claim');
    expect(boardKeyAction(press('d', { inCard: true }))).toBe('dismiss');
    // Enter on a button or link inside a card is that control's own.
    expect(boardKeyAction(press('Enter', { inCard: true }))).toBeNull();
    expect(boardKeyAction(press('Enter', { inCard: true, onCard: true }))).toBe('open');
  });

  it('never fire while typing, nor with a modifier held', () => {
    for (const key of ['j', 'k', '/', 'c', 'd', 'Enter']) expect(boardKeyAction(press(key, { typing: true, inCard: true, onCard: true }))).toBeNull();
    expect(boardKeyAction(press('c', { ctrlKey: true, inCard: true }))).toBeNull();
    expect(boardKeyAction(press('k', { metaKey: true }))).toBeNull();
    expect(boardKeyAction(press('j', { altKey: true }))).toBeNull();
  });

  it('know which fields take text', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'input' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('step through cards in reading order and stop at the ends', () => {
    expect(nextCardIndex(-1, 5, 'next')).toBe(0);
    expect(nextCardIndex(-1, 5, 'previous')).toBe(4);
    expect(nextCardIndex(2, 5, 'next')).toBe(3);
    expect(nextCardIndex(4, 5, 'next')).toBe(4);
    expect(nextCardIndex(0, 5, 'previous')).toBe(0);
    expect(nextCardIndex(-1, 0, 'next')).toBe(-1);
  });
});

describe('risk flags in words', () => {
  it('read the detector ids as a person would', () => {
    expect(riskLabel('do-not-engage')).toBe('Do not engage');
    expect(riskLabel('negative-sentiment')).toBe('Negative sentiment');
    expect(riskLabel('sensitive:self-harm')).toBe('Sensitive: self harm');
    expect(riskLabel('named-person:Jane Doe-Smith')).toBe('Names Jane Doe-Smith');
    expect(riskLabel('pending_lawsuit')).toBe('Pending lawsuit');
  });

  it('put do-not-engage first and mark it as a stop', () => {
    expect(riskFlagsInOrder(['negative-sentiment', 'do-not-engage', 'sensitive:death'])).toEqual(['do-not-engage', 'negative-sentiment', 'sensitive:death']);
    expect(riskTone('do-not-engage')).toBe('stop');
    expect(riskTone('sensitive:death')).toBe('warn');
  });
});
