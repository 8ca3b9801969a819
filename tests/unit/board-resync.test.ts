import { describe, expect, it } from 'vitest';
import type { AnyEvent, EventsPage } from '../../server/realtime/protocol.js';
import { EVENTS_PAGE_SIZE, Resync, type SyncStatus, type SyncTarget } from '../../web/src/resync.js';
import { buildStory } from '../support/builders.js';

function storyEvent(seq: number): AnyEvent {
  const id = `story-${seq}`;
  return {
    seq,
    at: new Date(Date.UTC(2026, 10, 1, 9, 0, seq)).toISOString(),
    actor: 'system',
    action: 'stories.update',
    record: { type: 'story', id },
    digest: { before: null, after: `digest-${seq}` },
    data: { story: buildStory(id) },
    prevHash: `hash-${seq - 1}`,
    hash: `hash-${seq}`,
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

/** An in-memory event log that answers like `GET /api/events` (see LowdbStore.eventsSince). */
class FakeLog {
  /** Events still kept, oldest first (compaction drops from the front). */
  events: AnyEvent[] = [];
  /** The last committed seq the server reports; events after it are not served yet. */
  head = 0;
  readonly calls: Array<{ since: number; limit: number }> = [];
  failuresLeft = 0;

  /** Commit events up to `seq`. */
  appendTo(seq: number): void {
    const from = (this.events.at(-1)?.seq ?? this.head) + 1;
    for (const n of range(from, seq)) this.events.push(storyEvent(n));
    this.head = seq;
  }

  /** Forget every event before `seq`. */
  compactBefore(seq: number): void {
    this.events = this.events.filter((event) => event.seq >= seq);
  }

  event(seq: number): AnyEvent {
    const found = this.events.find((event) => event.seq === seq);
    if (!found) throw new Error(`the fake log holds no event ${seq}`);
    return structuredClone(found);
  }

  readonly fetchEvents = async (since: number, limit: number): Promise<EventsPage> => {
    this.calls.push({ since, limit });
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('HTTP 503');
    }
    const oldest = this.events[0]?.seq ?? this.head + 1;
    const truncated = since + 1 < oldest && since < this.head;
    const page = this.events.filter((event) => event.seq > since && event.seq <= this.head).slice(0, limit);
    return { events: structuredClone(page), lastSeq: this.head, truncated };
  };

  get sinceCalls(): number[] {
    return this.calls.map((call) => call.since);
  }
}

/** Records what the board applied; `lastSeq` follows BoardState's rules. */
class FakeTarget implements SyncTarget {
  lastSeq = 0;
  readonly applied: number[] = [];

  apply(event: AnyEvent): void {
    this.applied.push(event.seq);
    this.advanceTo(event.seq);
  }

  advanceTo(seq: number): void {
    if (seq > this.lastSeq) this.lastSeq = seq;
  }
}

function setup(options: { onSnapshot?: (baseline: number) => void } = {}) {
  const log = new FakeLog();
  const target = new FakeTarget();
  const snapshots: number[] = [];
  const statuses: SyncStatus[] = [];
  const timers: Array<{ callback: () => void; ms: number }> = [];
  const resync = new Resync({
    target,
    fetchEvents: log.fetchEvents,
    async loadSnapshot(baseline) {
      snapshots.push(baseline);
      // Like BoardState.reset: the snapshot's state becomes the board's, at `baseline`.
      target.lastSeq = baseline;
      options.onSnapshot?.(baseline);
    },
    onStatus: (status) => statuses.push(status),
    setTimeout(callback, ms) {
      timers.push({ callback, ms });
      return timers.length;
    },
  });
  /** Fire the oldest scheduled timer. */
  const fireTimer = () => {
    const timer = timers.shift();
    if (!timer) throw new Error('no timer scheduled');
    timer.callback();
    return timer.ms;
  };
  return { log, target, snapshots, statuses, timers, resync, fireTimer };
}

/** Let pending promise callbacks run (no timer is involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('board resync', () => {
  it('applies in-order live events once each, without asking the server', async () => {
    const { log, target, resync, timers } = setup();
    log.appendTo(5);

    for (const seq of range(1, 5)) resync.receive(log.event(seq));
    await resync.idle();

    expect(target.applied).toEqual([1, 2, 3, 4, 5]);
    expect(target.lastSeq).toBe(5);
    expect(log.calls).toEqual([]);
    expect(timers).toEqual([]);
  });

  it('skips a repeated or old event', async () => {
    const { log, target, resync } = setup();
    log.appendTo(4);
    for (const seq of range(1, 3)) resync.receive(log.event(seq));

    resync.receive(log.event(3));
    resync.receive(log.event(1));
    resync.receive(log.event(4));
    resync.receive(log.event(4));
    await resync.idle();

    expect(target.applied).toEqual([1, 2, 3, 4]);
    expect(target.lastSeq).toBe(4);
    expect(log.calls).toEqual([]);
  });

  it('fills a gap from the log: the missing events in order, each once, the held event not twice', async () => {
    const { log, target, resync, statuses, timers } = setup();
    log.appendTo(5);
    resync.receive(log.event(1));
    resync.receive(log.event(2));

    resync.receive(log.event(5)); // lastSeq + 3
    await resync.idle();

    expect(log.calls).toEqual([{ since: 2, limit: EVENTS_PAGE_SIZE }]);
    expect(target.applied).toEqual([1, 2, 3, 4, 5]);
    expect(target.lastSeq).toBe(5);
    expect(statuses).toEqual([
      { kind: 'catching-up', since: 2 },
      { kind: 'synced', lastSeq: 5 },
    ]);
    expect(timers).toEqual([]);
  });

  it('applies the held-back event (and those arriving meanwhile) after the missing ones', async () => {
    const { log, target, resync, timers } = setup();
    log.appendTo(6);
    // The log serves only up to 4 when the board asks; 5 and 6 come over the socket, out of order.
    log.head = 4;
    resync.receive(log.event(1));
    resync.receive(log.event(2));

    resync.receive(log.event(6)); // gap: 3, 4 and 5 are missing
    resync.receive(log.event(5)); // arrives late, while the catch-up runs
    resync.receive(log.event(5)); // a repeat while held
    await settle();
    // Held events are put in order: no "still ahead of the log" wait is needed.
    expect(timers).toEqual([]);
    await resync.idle();

    expect(log.sinceCalls).toEqual([2]);
    expect(target.applied).toEqual([1, 2, 3, 4, 5, 6]);
    expect(target.lastSeq).toBe(6);
    expect(timers).toEqual([]);
  });

  it('asks again shortly when a held event is still ahead of the log, then applies each event once', async () => {
    const { log, target, resync, timers, fireTimer } = setup();
    log.appendTo(6);
    log.head = 3; // 4..6 committed but not yet served
    resync.receive(log.event(1));
    resync.receive(log.event(2));

    resync.receive(log.event(6));
    await settle();

    expect(target.applied).toEqual([1, 2, 3]);
    expect(timers.map((timer) => timer.ms)).toEqual([200]);

    log.head = 6;
    fireTimer();
    await resync.idle();

    expect(log.sinceCalls).toEqual([2, 3]);
    expect(target.applied).toEqual([1, 2, 3, 4, 5, 6]);
    expect(target.lastSeq).toBe(6);
    expect(timers).toEqual([]);
  });

  it('after a reconnection pages through the log until its lastSeq', async () => {
    const { log, target, resync, statuses } = setup();
    log.appendTo(3);
    for (const seq of range(1, 3)) resync.receive(log.event(seq));
    // Disconnected while 1,200 more events were committed.
    log.appendTo(1203);

    await resync.catchUp();

    expect(EVENTS_PAGE_SIZE).toBe(500);
    expect(log.calls).toEqual([
      { since: 3, limit: 500 },
      { since: 503, limit: 500 },
      { since: 1003, limit: 500 },
    ]);
    expect(target.applied).toEqual(range(1, 1203));
    expect(target.lastSeq).toBe(1203);
    expect(statuses.at(-1)).toEqual({ kind: 'synced', lastSeq: 1203 });
  });

  it('loads a snapshot at the log head when the log is truncated, then catches up from there', async () => {
    const { log, target, resync, snapshots, statuses } = setup({
      // Events committed while the snapshot loads.
      onSnapshot: () => log.appendTo(1205),
    });
    log.appendTo(10);
    for (const seq of range(1, 10)) resync.receive(log.event(seq));
    log.appendTo(1200);
    log.compactBefore(801); // the log no longer reaches back to 11

    await resync.catchUp();

    expect(log.sinceCalls).toEqual([10, 1200]);
    expect(snapshots).toEqual([1200]);
    // Nothing from the truncated answer's page (801..1300) is applied; only what came after the head.
    expect(target.applied).toEqual([...range(1, 10), ...range(1201, 1205)]);
    expect(target.lastSeq).toBe(1205);
    expect(statuses).toEqual([
      { kind: 'catching-up', since: 10 },
      { kind: 'synced', lastSeq: 1205 },
    ]);
  });

  it('on first load learns the head, loads a snapshot there, then catches up', async () => {
    const { log, target, resync, snapshots, statuses } = setup({ onSnapshot: () => log.appendTo(42) });
    log.appendTo(40);

    await resync.start();

    expect(log.calls).toEqual([
      { since: 0, limit: 1 },
      { since: 40, limit: EVENTS_PAGE_SIZE },
    ]);
    expect(snapshots).toEqual([40]);
    expect(target.applied).toEqual([41, 42]);
    expect(statuses).toEqual([{ kind: 'loading' }, { kind: 'synced', lastSeq: 42 }]);
  });

  it('reports a failed fetch, backs off, and retries through the timer hook', async () => {
    const { log, target, resync, statuses, timers, fireTimer } = setup();
    log.appendTo(2);
    resync.receive(log.event(1));
    resync.receive(log.event(2));
    log.appendTo(8);
    log.failuresLeft = 2;

    await resync.catchUp();

    expect(statuses.at(-1)).toEqual({ kind: 'failed', message: 'HTTP 503', retryInMs: 1000 });
    expect(timers.map((timer) => timer.ms)).toEqual([1000]);
    expect(target.applied).toEqual([1, 2]);

    // A live event while waiting to retry is held, not applied out of order.
    resync.receive(log.event(8));
    expect(target.applied).toEqual([1, 2]);

    expect(fireTimer()).toBe(1000);
    await resync.idle();

    expect(statuses.at(-1)).toEqual({ kind: 'failed', message: 'HTTP 503', retryInMs: 2000 });
    expect(timers.map((timer) => timer.ms)).toEqual([2000]);
    expect(target.applied).toEqual([1, 2]);

    expect(fireTimer()).toBe(2000);
    await resync.idle();

    expect(log.sinceCalls).toEqual([2, 2, 2]);
    expect(target.applied).toEqual(range(1, 8));
    expect(target.lastSeq).toBe(8);
    expect(statuses.at(-1)).toEqual({ kind: 'synced', lastSeq: 8 });
    expect(timers).toEqual([]);
  });
});
