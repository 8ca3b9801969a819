// The post scheduler on the real lowdb store against a local server that answers like Mastodon:
// 60 approved drafts scheduled one every 250 ms over 15 s, each sent through the scheduler's
// claim → send → commit path. Prints how late each post went out against its scheduled time
// (p50/p95/max) and how many statuses the platform really created (must equal the posts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSafeFetch } from '../connectors/http/safe-fetch.js';
import { startPostPublisher } from '../server/jobs/post-publisher.js';
import { openLowdbStore } from '../server/store/lowdb-store.js';
import { schedulePost } from '../server/workflow/post-commands.js';
import { createWorkflowContext } from '../server/workflow/workflow-context.js';
import { startFakeMastodon } from '../tests/support/fake-mastodon.js';
import { addAccount, addPublishingCast, approvedMastodonDraft, social, testVault } from '../tests/support/publishing-scene.js';
import { printMachine } from './support/machine.js';

printMachine();

const POSTS = 60;
const SPACING_MS = 250;
const LEAD_MS = 2_000;

const dataDir = mkdtempSync(join(tmpdir(), 'tw-bench-posts-'));
const store = await openLowdbStore({ dataDir });
const ctx = createWorkflowContext(store);
const vault = testVault();
const mastodon = await startFakeMastodon();
await addPublishingCast(store);
await addAccount(store, vault, { id: 'acct-bench', kind: 'mastodon', credentials: { instance: mastodon.origin, accessToken: 'bench-token' } });

const deadline = new Date(Date.now() + 3_600_000).toISOString();
const drafts: string[] = [];
for (let n = 0; n < POSTS; n++) drafts.push((await approvedMastodonDraft(ctx, deadline, `Harbour update ${n}`)).draftId);

const job = startPostPublisher({ ctx, vault, fetch: createSafeFetch({ allowPrivateAddresses: true, timeoutMs: 5_000 }), log: () => undefined });
const start = Date.now() + LEAD_MS;
const ids: string[] = [];
for (const [n, draftId] of drafts.entries()) {
  const { post } = await schedulePost(ctx, social, { draftId, scheduledFor: new Date(start + n * SPACING_MS).toISOString() });
  ids.push(post.id);
}

// Wait until every post has left (published or otherwise), at most a minute.
const until = Date.now() + LEAD_MS + POSTS * SPACING_MS + 60_000;
let posts = await Promise.all(ids.map((id) => store.getRecord('post', id)));
while (posts.some((post) => post?.state === 'scheduled' || post?.state === 'publishing') && Date.now() < until) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  posts = await Promise.all(ids.map((id) => store.getRecord('post', id)));
}
await job.stop();

const late = posts.flatMap((post) => (post?.publishedAt ? [Date.parse(post.publishedAt) - Date.parse(post.scheduledFor)] : [])).sort((a, b) => a - b);
const pct = (p: number) => late[Math.min(late.length - 1, Math.floor((p / 100) * late.length))] ?? NaN;
console.log(`post scheduler: ${POSTS} posts, one every ${SPACING_MS} ms; ${late.length} published, ${mastodon.created.length} statuses created on the platform`);
console.log(`lateness (publishedAt − scheduledFor): p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${late.at(-1)} ms`);
await mastodon.close();
await store.close();
rmSync(dataDir, { recursive: true, force: true });
