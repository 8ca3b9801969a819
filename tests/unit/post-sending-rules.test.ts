import { describe, expect, it } from 'vitest';
import { HttpStatusError, RateLimitedError } from '../../connectors/connector-errors.js';
import { PublishRejectedError } from '../../connectors/publisher.js';
import { NO_ANSWER_STATUS, publishFailure } from '../../server/jobs/publish-failure.js';
import { notResentReason, resendIsSafe } from '../../server/jobs/resend-safety.js';
import { dueStep, gaveUpReason, postDueAt, windowOpenAt } from '../../server/workflow/post-window.js';
import { WorkflowError } from '../../server/workflow/workflow-errors.js';
import { buildDraft, buildOpportunity, buildPost } from '../support/builders.js';

const at = (time: string) => new Date(`2026-11-01T${time}:00.000Z`);
const opportunity = buildOpportunity('op-1', { state: 'scheduled', deadline: '2026-11-01T11:00:00.000Z' });
const draft = buildDraft('d-1', { status: 'approved', submittedVersion: 1 });
const due = buildPost('p-1', { scheduledFor: '2026-11-01T10:00:00.000Z' });

describe('when a due post goes out (rules W-PUB-3, W-PUB-7, W-PUB-9)', () => {
  it('W-PUB-3: sends while the window is open, through its account or by hand', () => {
    expect(dueStep({ post: due, draft, opportunity }, false, at('10:30'))).toEqual({ kind: 'send' });
    expect(dueStep({ post: due, draft, opportunity }, true, at('11:00'))).toEqual({ kind: 'by_hand' });
  });

  it('W-PUB-3: after the window it is missed, in words, never sent late', () => {
    expect(dueStep({ post: due, draft, opportunity }, false, at('11:01'))).toEqual({
      kind: 'miss',
      reason: 'the window closed at 11:00 UTC before it could go out (it was due at 10:00 UTC); it was not sent late',
    });
  });

  it('W-PUB-5: a post that was trying again when the window closed fails, saying after how many attempts', () => {
    const retrying = { ...due, attempts: [{ id: 'a-1', startedAt: '2026-11-01T10:00:00.000Z', finishedAt: '2026-11-01T10:00:01.000Z', outcome: 'retry' as const, message: 'Mastodon answered HTTP 502' }] };
    expect(dueStep({ post: retrying, draft, opportunity }, false, at('11:05'))).toEqual({ kind: 'give_up', reason: 'the window closed after 1 attempt: Mastodon answered HTTP 502' });
  });

  it('W-POST-5: a post sent late on purpose has no window to miss, but stops trying in the end', () => {
    const late = { ...due, overrideReason: 'the council asked us to wait' };
    expect(windowOpenAt(late, opportunity, at('23:00'))).toBe(true);
    expect(dueStep({ post: late, draft, opportunity }, false, at('23:00'))).toEqual({ kind: 'send' });
    expect(gaveUpReason(late, 10, 'HTTP 503')).toBe('gave up after 10 attempts: HTTP 503');
  });

  it('W-PUB-9: words that are no longer the approved ones are held, not sent', () => {
    expect(dueStep({ post: { ...due, contentHash: 'other' }, draft, opportunity }, false, at('10:00'))).toEqual({ kind: 'hold' });
    expect(dueStep({ post: due, draft: { ...draft, status: 'in_review' }, opportunity }, false, at('10:00'))).toEqual({ kind: 'hold' });
  });

  it('W-PUB-2: a retry is due at its own time, not the scheduled one', () => {
    expect(postDueAt(due)).toBe('2026-11-01T10:00:00.000Z');
    expect(postDueAt({ ...due, nextAttemptAt: '2026-11-01T10:02:00.000Z' })).toBe('2026-11-01T10:02:00.000Z');
  });
});

describe('what a publish error means (rule W-PUB-5)', () => {
  const backoff = { baseMs: 30_000, maxMs: 600_000 };
  const now = at('10:00');

  it('W-PUB-5: a refusal fails with the platform’s words; a problem of ours too', () => {
    expect(publishFailure(new PublishRejectedError(422, 'Mastodon', 'Mastodon refused the post (HTTP 422): Text too long'), 1, now, backoff, 0)).toEqual({
      kind: 'rejected',
      message: 'Mastodon refused the post (HTTP 422): Text too long',
      mayHaveArrived: false,
    });
    expect(publishFailure(new WorkflowError('invalid_state', 'the publishing account Desk is disabled'), 1, now, backoff, 0)).toMatchObject({ kind: 'rejected' });
  });

  it('W-PUB-5: 5xx retries after the backoff, which grows with the failures', () => {
    const first = publishFailure(new HttpStatusError(500, 'https://x/api', 'Mastodon answered HTTP 500'), 1, now, backoff, 0);
    const third = publishFailure(new HttpStatusError(500, 'https://x/api', 'Mastodon answered HTTP 500'), 3, now, backoff, 0);
    expect(first).toEqual({ kind: 'retry', message: 'Mastodon answered HTTP 500', retryAt: new Date(now.getTime() + 30_000), mayHaveArrived: false });
    expect(third).toMatchObject({ retryAt: new Date(now.getTime() + 120_000) });
  });

  it('W-PUB-5: Retry-After wins when it asks for longer; no answer may have arrived', () => {
    expect(publishFailure(new RateLimitedError(429, 'https://x/api', 900_000), 1, now, backoff, 0)).toMatchObject({ kind: 'retry', retryAt: new Date(now.getTime() + 900_000) });
    expect(publishFailure(new HttpStatusError(NO_ANSWER_STATUS, 'https://x/api', 'no answer from Mastodon'), 1, now, backoff, 0)).toMatchObject({ kind: 'retry', mayHaveArrived: true });
  });
});

describe('when a resend cannot post twice (rule W-PUB-6)', () => {
  it('W-PUB-6: Bluesky always, Mastodon within its hour of remembered keys, a webhook never', () => {
    const first = '2026-11-01T10:00:00.000Z';
    expect(resendIsSafe('bluesky', first, at('23:00'))).toBe(true);
    expect(resendIsSafe('mastodon', first, at('10:50'))).toBe(true);
    expect(resendIsSafe('mastodon', first, at('10:56'))).toBe(false);
    expect(resendIsSafe('webhook', first, at('10:00'))).toBe(false);
    expect(notResentReason('webhook', 'Desk (webhook to hooks.example)')).toBe(
      'a webhook cannot be asked whether it arrived, and sending it again could post it twice: check Desk (webhook to hooks.example), then confirm whether it arrived',
    );
  });
});
