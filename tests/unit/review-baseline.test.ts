import { describe, expect, it } from 'vitest';
import { baselineWords, reviewBaseline } from '../../web/src/review-baseline.js';

describe('what a reviewer compares a version with', () => {
  it('says "first review" when no earlier version was reviewed', () => {
    expect(reviewBaseline(1, [{ version: 1 }], [])).toEqual({ kind: 'first' });
    expect(baselineWords({ kind: 'first' }, 1)).toMatch(/^First review/);
  });

  it('compares with the last version that was approved (a post exists only of an approved version)', () => {
    const reviews = [{ version: 2 }, { version: 3 }, { version: 5 }];
    expect(reviewBaseline(5, reviews, [{ version: 2 }, { version: 3 }])).toEqual({ kind: 'approved', version: 3 });
    expect(baselineWords({ kind: 'approved', version: 3 }, 5)).toBe('Changes in version 5 since version 3, the last approved');
  });

  it('falls back to the last reviewed version, saying none was approved', () => {
    expect(reviewBaseline(4, [{ version: 2 }, { version: 4 }], [])).toEqual({ kind: 'reviewed', version: 2 });
    expect(baselineWords({ kind: 'reviewed', version: 2 }, 4)).toMatch(/^No earlier version was approved/);
  });

  it('never compares a version with itself or a later one', () => {
    expect(reviewBaseline(2, [{ version: 2 }, { version: 3 }], [{ version: 3 }])).toEqual({ kind: 'first' });
  });
});
