import { describe, expect, it } from 'vitest';
import { ArrivalOrder } from '../../server/trends/arrival-order.js';

describe('arrival order', () => {
  it('gives keys back oldest first, across the compactions of its queue, while keys keep arriving', () => {
    const order = new ArrivalOrder<string>();
    const taken: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      order.push(`k${i}`);
      // A bounded memory: past 3,000 keys, one leaves for every one that arrives.
      if (order.size > 3_000) taken.push(order.shift()!);
    }
    expect(taken).toEqual(Array.from({ length: 7_000 }, (_, i) => `k${i}`));
    expect(order.size).toBe(3_000);
    const rest: string[] = [];
    for (let key = order.shift(); key !== undefined; key = order.shift()) rest.push(key);
    expect(rest).toEqual(Array.from({ length: 3_000 }, (_, i) => `k${7_000 + i}`));
    expect(order.size).toBe(0);
  });
});
