import type { Story } from '../../../server/realtime/protocol.js';
import { useBoardContext } from '../board-context.js';
import { engagementIndexOf } from '../engagement-index.js';
import { addUp, engagementWords } from '../post-engagement.js';
import { formatVelocity } from './stories-view.js';
import '../styles/engagement.css';

/**
 * On a published opportunity's card: how its posts are received (their latest readings added
 * up) next to the story's own momentum, so the team sees at a glance whether to follow up while
 * the story still moves, or stop. Nothing for posts nobody can read (by hand, through a webhook).
 */
export function CardEngagement({ opportunityId, story }: { opportunityId: string; story: Story | undefined }) {
  const { state } = useBoardContext();
  const posts = engagementIndexOf(state).of(opportunityId).value;
  const read = posts.flatMap((post) => (post.latest ? [{ ...post, latest: post.latest }] : []));
  if (read.length === 0 && !posts.some((post) => post.watched)) return null;
  const counts = read.length === 0 ? 'first engagement reading soon' : engagementWords(addUp(read.map((post) => post.latest)));
  const perChannel = read.map((post) => `${post.channel}: ${engagementWords(post.latest)}`).join('; ');
  return (
    <p class="opp-engagement" data-testid="post-engagement" title={perChannel || undefined}>
      <span class="opp-engagement-counts">
        <span class="visually-hidden">Engagement: </span>
        {counts}
      </span>
      {story && (
        <span class="opp-engagement-story" title="The story's momentum: items per hour over the last hour">
          story {formatVelocity(story.velocity)}
        </span>
      )}
    </p>
  );
}
