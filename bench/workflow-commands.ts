// Runs the newsroom workflow through its real commands on the lowdb store and prints throughput
// and latency percentiles of the full path, of concurrent claims, of an audit export and of a
// whole-log chain check, with the size of the data files.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Member, Principal, Role } from '../server/domain/index.js';
import { DATA_FILE_NAME, EVENT_LOG_FILE_NAME, openLowdbStore } from '../server/store/lowdb-store.js';
import { opportunityTrail, verifyEventLog } from '../server/workflow/audit-trail.js';
import { createBeat } from '../server/workflow/beat-commands.js';
import { createDraft, submitDraft } from '../server/workflow/draft-commands.js';
import { addMember } from '../server/workflow/member-commands.js';
import { claimOpportunity, pitchOpportunity } from '../server/workflow/opportunity-commands.js';
import { schedulePost } from '../server/workflow/post-commands.js';
import { decideReview } from '../server/workflow/review-commands.js';
import { createWorkflowContext } from '../server/workflow/workflow-context.js';
import { printMachine } from './support/machine.js';

printMachine();

const PATHS = 500;
const IN_FLIGHT = 16;
const dir = mkdtempSync(join(tmpdir(), 'tw-bench-workflow-'));
const store = await openLowdbStore({ dataDir: dir });
const ctx = createWorkflowContext(store);

async function member(role: Role): Promise<Principal> {
  const { member: m }: { member: Member } = await addMember(ctx, { email: `${role}@bench.example`, name: role, roles: [role], password: 'bench-password-long' }, 'bench');
  return { kind: 'member', id: m.id, name: m.name, roles: m.roles };
}
const [editor, legal, comms, social] = [await member('editor'), await member('legal'), await member('comms'), await member('social')] as const;
const beat = await createBeat(ctx, editor, { name: 'Bench beat', query: '"harbor bridge"', requiresLegal: true });

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const describe = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`;
};

/** pitch → claim → draft → submit → legal and comms approve side by side → schedule: 7 commands. */
async function fullPath(n: number): Promise<string> {
  const opportunity = await pitchOpportunity(ctx, editor, { title: `Harbor bridge ${n}`, beatId: beat.id, channels: ['mastodon'] });
  await claimOpportunity(ctx, editor, { opportunityId: opportunity.id });
  const { draft } = await createDraft(ctx, editor, { opportunityId: opportunity.id, channel: 'mastodon', text: `The harbor bridge reopens (${n}).` });
  const { reviews } = await submitDraft(ctx, editor, { draftId: draft.id });
  await Promise.all(reviews.map((review) => decideReview(ctx, review.role === 'legal' ? legal : comms, { reviewId: review.id, decision: 'approve' })));
  await schedulePost(ctx, social, { draftId: draft.id, scheduledFor: 'now' });
  return opportunity.id;
}

let next = 0;
const latencies: number[] = [];
const ids: string[] = [];
const started = performance.now();
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (next < PATHS) {
      const n = next++;
      const t = performance.now();
      ids.push(await fullPath(n));
      latencies.push(performance.now() - t);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
console.log(
  `full path x${PATHS} (7 commands each, ${IN_FLIGHT} in flight): ${(PATHS / seconds).toFixed(1)} paths/s, ${((PATHS * 7) / seconds).toFixed(0)} commands/s; ` +
    `per path ${describe(latencies)}`,
);

// Two editors racing for the same opportunities: every pair has one winner and one 409.
const fresh = await Promise.all(Array.from({ length: 200 }, (_, n) => pitchOpportunity(ctx, editor, { title: `Race ${n}`, beatId: beat.id, channels: ['bluesky'] })));
const { member: second } = await addMember(ctx, { email: 'editor2@bench.example', name: 'editor2', roles: ['editor'], password: 'bench-password-long' }, 'bench');
const other: Principal = { kind: 'member', id: second.id, name: second.name, roles: second.roles };
const raceStarted = performance.now();
const outcomes = await Promise.allSettled(fresh.flatMap((o) => [claimOpportunity(ctx, editor, { opportunityId: o.id }), claimOpportunity(ctx, other, { opportunityId: o.id })]));
const raceSeconds = (performance.now() - raceStarted) / 1000;
const won = outcomes.filter((o) => o.status === 'fulfilled').length;
console.log(`claim races x200 (400 claims at once): ${won} won, ${outcomes.length - won} refused; ${(outcomes.length / raceSeconds).toFixed(0)} claims/s`);

const lastSeq = await store.lastSeq();
let t = performance.now();
const trail = await opportunityTrail(store, ids[0]!);
console.log(`audit export of one opportunity: ${trail.length} events found in a log of ${lastSeq} in ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now();
const report = await verifyEventLog(store);
const verifySeconds = (performance.now() - t) / 1000;
console.log(`audit verify: ${report.checked} events in ${(verifySeconds * 1000).toFixed(0)} ms (${Math.round(report.checked / verifySeconds)} events/s), ${report.breaks.length} breaks`);
console.log(
  `files: data ${(statSync(join(dir, DATA_FILE_NAME)).size / 1e6).toFixed(1)} MB, event log ${(statSync(join(dir, EVENT_LOG_FILE_NAME)).size / 1e6).toFixed(1)} MB; ` +
    `rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
