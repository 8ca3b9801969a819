import type { BoardPost } from '../../../server/realtime/protocol.js';
import type { OpportunityFile } from '../api.js';
import { useBoardContext } from '../board-context.js';
import { ChannelChip } from '../components/chips.js';
import { EngagementChart } from '../components/engagement-chart.js';
import { Sparkline } from '../components/sparkline.js';
import { latestReading, engagementWords } from '../post-engagement.js';
import { formatClock } from '../relative-time.js';
import { formatVelocity } from './stories-view.js';
import '../styles/engagement.css';

/** Published posts whose engagement is, or was, read. */
const readable = (post: BoardPost) => post.state === 'published' && (post.engagement.length > 0 || post.nextEngagementAt !== null);

function PostCaption({ post }: { post: BoardPost }) {
  const latest = latestReading(post);
  return (
    <>
      <ChannelChip channel={post.channel} /> post
      <span class="record-detail">
        {latest ? `${engagementWords(latest)} at ${formatClock(latest.at)}` : 'no reading yet'}
        {post.nextEngagementAt ? ` · next reading ${formatClock(post.nextEngagementAt)}` : ' · no longer read'}
      </span>
    </>
  );
}

/**
 * How the opportunity's posts are received, each post's engagement over time, beside the story's
 * own momentum (items per time bucket): whether the audience still reacts while the story moves
 * is what tells the team to follow up or stop.
 */
export function PostReception({ file }: { file: OpportunityFile }) {
  const { state } = useBoardContext();
  const posts = file.posts.filter(readable);
  if (posts.length === 0) return null;
  const { storyId } = file.opportunity;
  const story = storyId ? state.story(storyId) : undefined;
  return (
    <section class="file-panel" aria-labelledby="reception-heading" data-testid="post-reception">
      <h3 class="file-heading" id="reception-heading">
        How the posts are received
      </h3>
      {story && (
        <p class="engagement-momentum">
          The story meanwhile:
          <Sparkline values={story.buckets} label={`The story's items per time bucket, oldest first: ${story.buckets.join(', ') || 'none yet'}`} />
          {formatVelocity(story.velocity)}
        </p>
      )}
      {posts.map((post) => (
        <EngagementChart key={post.id} samples={post.engagement} caption={<PostCaption post={post} />} />
      ))}
    </section>
  );
}
