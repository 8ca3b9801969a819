import type { BoardPost, BoardReview, Draft } from '../../../server/realtime/protocol.js';
import type { OpportunityFile } from '../api.js';
import { useBoardContext } from '../board-context.js';
import { ChannelChip } from '../components/chips.js';
import { TimeAgo } from '../components/time-ago.js';
import { formatAbsolute, formatClock } from '../relative-time.js';
import { engagementWords, latestReading } from '../post-engagement.js';
import { hrefOf } from '../router.js';
import '../styles/opportunity.css';

const words = (state: string) => state.replace(/_/g, ' ');

const latestVersion = (draft: Draft) => draft.versions.at(-1)?.version ?? 0;

function DraftRow({ draft }: { draft: Draft }) {
  const version = latestVersion(draft);
  return (
    <li class="record-row">
      <ChannelChip channel={draft.channel} />
      <a class="record-link" data-testid="draft-link" href={hrefOf({ view: 'draft', id: draft.id })}>
        {draft.channel} draft
      </a>
      <span class="status-chip" data-status={draft.status}>{words(draft.status)}</span>
      <span class="record-detail">
        {version === 0 ? 'no text yet' : `v${version}`}
        {draft.submittedVersion !== null && draft.submittedVersion !== version ? `, v${draft.submittedVersion} submitted` : ''}
      </span>
      <TimeAgo at={draft.updatedAt} prefix="updated " />
    </li>
  );
}

function ReviewRow({ review }: { review: BoardReview }) {
  const { state } = useBoardContext();
  const reviewer = review.reviewerId ? (state.member(review.reviewerId)?.name ?? 'a former member') : null;
  const open = review.state === 'pending' || review.state === 'reopened';
  return (
    <li class="record-row" data-testid="review-row">
      <ChannelChip channel={review.about.channel} />
      <span class="record-name">
        {review.role} review of v{review.version}
      </span>
      <span class="status-chip" data-status={review.state}>{words(review.state)}</span>
      <span class="record-detail">
        {open ? (
          <>
            due <TimeAgo at={review.dueAt} />
            {review.escalatedAt && <strong class="record-warn"> · escalated</strong>}
          </>
        ) : (
          <>
            {reviewer ? `by ${reviewer}` : ''}
            {review.comment ? `: “${review.comment}”` : ''}
          </>
        )}
      </span>
    </li>
  );
}

function PostRow({ post }: { post: BoardPost }) {
  const latest = latestReading(post);
  return (
    <li class="record-row" data-testid="post-row">
      <ChannelChip channel={post.channel} />
      <span class="record-name">post of v{post.version}</span>
      <span class="status-chip" data-status={post.state}>{words(post.state)}</span>
      <span class="record-detail">
        {post.publishedAt ? (
          <>
            published <TimeAgo at={post.publishedAt} />
          </>
        ) : (
          <time dateTime={post.scheduledFor} title={formatAbsolute(post.scheduledFor)}>
            for {formatClock(post.scheduledFor)}
          </time>
        )}
        {post.holdReason ? ` · held: ${post.holdReason}` : ''}
      </span>
      {latest && (
        <span class="record-detail record-engagement" data-testid="post-engagement">
          {engagementWords(latest)}
        </span>
      )}
    </li>
  );
}

/** The work on an opportunity: its drafts, their reviews and the posts, one compact list each. */
export function OpportunityRecords({ file }: { file: OpportunityFile }) {
  return (
    <section class="file-panel" aria-labelledby="records-heading">
      <h3 class="file-heading" id="records-heading">
        Drafts, reviews and posts
      </h3>
      <h4 class="file-subheading">Drafts</h4>
      {file.drafts.length === 0 ? (
        <p class="file-note">No draft yet.</p>
      ) : (
        <ul class="record-list">
          {file.drafts.map((draft) => (
            <DraftRow key={draft.id} draft={draft} />
          ))}
        </ul>
      )}
      <h4 class="file-subheading">Reviews</h4>
      {file.reviews.length === 0 ? (
        <p class="file-note">Nothing submitted for review yet.</p>
      ) : (
        <ul class="record-list">
          {file.reviews.map((review) => (
            <ReviewRow key={review.id} review={review} />
          ))}
        </ul>
      )}
      <h4 class="file-subheading">Posts</h4>
      {file.posts.length === 0 ? (
        <p class="file-note">Nothing scheduled yet.</p>
      ) : (
        <ul class="record-list">
          {file.posts.map((post) => (
            <PostRow key={post.id} post={post} />
          ))}
        </ul>
      )}
    </section>
  );
}
