// The live board under load: 500 opportunities on the board in Debian's Chromium, 50 updates
// per second arriving through the real server. Prints the page's long tasks (over 50 ms) and
// the time from the server's commit of each change (its `updatedAt`, taken just before the event
// is emitted) to the moment the card shows it in the DOM: median, p95, p99.
//
// Needs `npm run build` (the server and the board) and /usr/bin/chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../server/domain/index.js';
import { openLowdbStore } from '../server/store/lowdb-store.js';
import { createBeat } from '../server/workflow/beat-commands.js';
import { addMember } from '../server/workflow/member-commands.js';
import { claimOpportunity, pitchOpportunity } from '../server/workflow/opportunity-commands.js';
import { createWorkflowContext } from '../server/workflow/workflow-context.js';
import { inPage, launchChromium, requireBuild, signInThroughForm } from '../tests/support/browser.js';
import { signInOverHttp } from '../tests/support/http-session.js';
import { startServer } from '../tests/support/run-cli.js';
import { printMachine } from './support/machine.js';
import { benchFlags } from './support/stats.js';

// `--rate` updates per second for `--seconds`, `--opportunities` cards: `--quick` for a short run.
const flags = benchFlags({ opportunities: '500', rate: '50', seconds: '20' }, { opportunities: '100', rate: '20', seconds: '5' });
const OPPORTUNITIES = Number(flags.opportunities);
const UPDATES_PER_SECOND = Number(flags.rate);
const SECONDS = Number(flags.seconds);
const PASSWORD = 'bench password, long enough';

printMachine();
requireBuild();
const dataDir = mkdtempSync(join(tmpdir(), 'tw-bench-board-'));

// Seed the store directly (fast), then hand the directory to a real server process.
const store = await openLowdbStore({ dataDir });
const ctx = createWorkflowContext(store);
const add = async (email: string, name: string): Promise<Principal> => {
  const { member } = await addMember(ctx, { email, name, roles: ['editor'], password: PASSWORD }, 'bench');
  return { kind: 'member', id: member.id, name: member.name, roles: member.roles };
};
const [north, south] = [await add('north@bench.example', 'North Desk'), await add('south@bench.example', 'South Desk')] as const;
const beat = await createBeat(ctx, north, { name: 'Bench beat', query: 'harbour' });
const ids: string[] = [];
for (let n = 0; n < OPPORTUNITIES; n++) {
  const channels = (['bluesky', 'mastodon', 'news', 'reddit'] as const).slice(0, 1 + (n % 4));
  const opportunity = await pitchOpportunity(ctx, north, { title: `Harbour story ${n}`, beatId: beat.id, channels: [...channels] });
  await claimOpportunity(ctx, north, { opportunityId: opportunity.id });
  ids.push(opportunity.id);
}
await store.close();

const server = await startServer(['--data', dataDir]);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  // Long tasks from the first paint on, kept in the page.
  await page.addInitScript(`
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__longTasks.push(entry.duration); }).observe({ type: 'longtask', buffered: true });
  `);
  await page.goto(server.url, { waitUntil: 'domcontentloaded' });
  await signInThroughForm(page, 'north@bench.example', PASSWORD, 60_000);
  await page.waitForFunction(`document.querySelectorAll('[data-testid=opportunity-card]').length >= ${OPPORTUNITIES}`, undefined, { timeout: 60_000 });
  await page.waitForSelector('[data-testid=connection][data-state="live"]', { timeout: 30_000 });
  const loadLongTasks = await inPage<number[]>(page, 'window.__longTasks.splice(0)');

  // Every change to a card's holder text, with the wall-clock time it reached the DOM.
  await page.evaluate(`
    window.__seen = [];
    new MutationObserver((records) => {
      const at = performance.timeOrigin + performance.now();
      for (const record of records) {
        const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
        const card = node && node.closest('[data-testid=opportunity-card]');
        if (card) window.__seen.push({ id: card.getAttribute('data-opportunity-id'), text: card.querySelector('[data-testid=card-holder]')?.textContent ?? '', at });
      }
    }).observe(document.querySelector('[data-testid=board-view]'), { subtree: true, childList: true, characterData: true });
  `);

  const api = await signInOverHttp(server.url, 'north@bench.example', PASSWORD);
  const sent: Array<{ id: string; holder: string; committedAt: number }> = [];
  const total = UPDATES_PER_SECOND * SECONDS;
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / UPDATES_PER_SECOND;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const id = ids[n % ids.length]!;
    // Each round hands every card to the other desk, so each update changes what the card shows.
    const to = Math.floor(n / ids.length) % 2 === 0 ? south : north;
    inFlight.push(
      api.call<{ opportunity: { updatedAt: string } }>('POST', `/api/opportunities/${id}/assign`, { memberId: to.id }).then(({ opportunity }) => {
        sent.push({ id, holder: to.name, committedAt: Date.parse(opportunity.updatedAt) });
      }),
    );
  }
  await Promise.all(inFlight);
  const sendSeconds = (Date.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  const seen = await inPage<Array<{ id: string; text: string; at: number }>>(page, 'window.__seen');
  const longTasks = await inPage<number[]>(page, 'window.__longTasks');
  const latencies: number[] = [];
  let missing = 0;
  for (const update of sent) {
    const shown = seen.find((entry) => entry.id === update.id && entry.text.includes(update.holder) && entry.at >= update.committedAt - 5);
    if (shown) latencies.push(shown.at - update.committedAt);
    else missing++;
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(0) : 'n/a');
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  console.log(`board: ${OPPORTUNITIES} opportunities, ${total} updates at ${UPDATES_PER_SECOND}/s over ${sendSeconds.toFixed(1)} s (Chromium ${browser.version()})`);
  console.log(`commit → DOM: median ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)?.toFixed(0) ?? 'n/a'} ms; ${latencies.length} seen, ${missing} not seen`);
  console.log(
    `long tasks (> 50 ms) while updating: ${longTasks.length}, total ${sum(longTasks).toFixed(0)} ms, longest ${Math.max(0, ...longTasks).toFixed(0)} ms; ` +
      `during the first load: ${loadLongTasks.length} (longest ${Math.max(0, ...loadLongTasks).toFixed(0)} ms)`,
  );
} finally {
  await browser.close();
  await server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
