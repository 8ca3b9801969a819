/**
 * End to end: the dashboard view of the board on the real product, in Debian's Chromium. A small
 * history is made through the HTTP API (two beats, five opportunities, a draft approved by comms,
 * two dismissals, items pushed to a webhook source at a known hour) and the charts must show its
 * figures: caught vs missed, review turnaround, a heat map cell. The beat filter changes them,
 * the CSV link downloads CSV, an empty period says what to do, and an API error offers a retry.
 *
 * Needs `npm run build` first. Waits are generous upper bounds; speed belongs to bench/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inPage, launchChromium, requireBuild, SCREENSHOT_DIR, signInThroughForm } from '../support/browser.js';
import { signInOverHttp, type HttpSession } from '../support/http-session.js';
import { runCli, startServer, type RunningServer } from '../support/run-cli.js';

const WAIT = { timeout: 30_000 };
const PASSWORD = 'the tide table says noon';
const EDITOR = { email: 'dana@newsroom.example', name: 'Dana Desk', roles: ['editor', 'admin'] };
const COMMS = { email: 'cy@newsroom.example', name: 'Cy Comms', roles: ['comms'] };

/** The items' hour: two days ago, 14:00–15:00 UTC, inside any preset period. */
const ITEM_HOUR = 14;
const itemDay = new Date(Date.now() - 2 * 86_400_000);
itemDay.setUTCHours(ITEM_HOUR, 5, 0, 0);
/** Monday = 0, as the heat map's rows. */
const ITEM_WEEKDAY = (itemDay.getUTCDay() + 6) % 7;
const HEAT_CELL = `[data-testid=heat-cell][data-day="${ITEM_WEEKDAY}"][data-hour="${ITEM_HOUR}"]`;

const outcome = (name: string) => `[data-testid=chart-caught-missed] [data-testid=outcome][data-outcome="${name}"]`;

describe('the dashboard (e2e)', () => {
  let dataDir: string | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let editor: HttpSession;
  let harbourBeat: string;
  const pageErrors: string[] = [];

  const shoot = async (name: string) => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  };
  /** Waits until the figures on screen are those asked for with `fragment` in their query. */
  const figuresFor = async (fragment: string) => {
    await page.waitForSelector(`[data-testid=dashboard][data-loading="false"][data-query*="${fragment}"]`, WAIT);
  };
  const countOf = async (selector: string) => Number(await page.getAttribute(selector, 'data-count'));

  beforeAll(async () => {
    requireBuild();
    dataDir = mkdtempSync(join(tmpdir(), 'tidewatch-e2e-dashboard-'));
    for (const member of [EDITOR, COMMS]) {
      const roles = member.roles.flatMap((role) => ['--role', role]);
      const added = runCli(['members', 'add', '--email', member.email, '--name', member.name, ...roles, '--data', dataDir], {}, `${PASSWORD}\n`);
      if (added.status !== 0) throw new Error(`members add failed: ${added.stderr}`);
    }
    server = await startServer(['--data', dataDir], { TIDEWATCH_QUIET_HOURS: 'none' });
    editor = await signInOverHttp(server.url, EDITOR.email, PASSWORD);
    const comms = await signInOverHttp(server.url, COMMS.email, PASSWORD);

    // Two beats; three opportunities on the harbour, two on the rail strike.
    harbourBeat = (await editor.call<{ beat: { id: string } }>('POST', '/api/beats', { name: 'Harbour city', query: 'harbour OR bridge' })).beat.id;
    const railBeat = (await editor.call<{ beat: { id: string } }>('POST', '/api/beats', { name: 'Rail strike', query: 'rail OR strike' })).beat.id;
    const pitch = async (title: string, beatId: string) =>
      (await editor.call<{ opportunity: { id: string } }>('POST', '/api/opportunities', { title, beatId, channels: ['mastodon'], url: 'https://news.example/a' })).opportunity.id;
    const approvedOne = await pitch('Harbour bridge reopens a week early', harbourBeat);
    await pitch('Harbour ferry timetable changes', harbourBeat);
    const offBrand = await pitch('Harbour fireworks cancelled', harbourBeat);
    await pitch('Rail strike called for Friday', railBeat);
    const tooLate = await pitch('Rail strike talks stall', railBeat);
    await editor.call('POST', `/api/opportunities/${offBrand}/dismiss`, { reason: 'Off brand' });
    await editor.call('POST', `/api/opportunities/${tooLate}/dismiss`, { reason: 'Too late to matter' });

    // One draft through review: comms approves it.
    await editor.call('POST', `/api/opportunities/${approvedOne}/claim`, {});
    const { draft } = await editor.call<{ draft: { id: string } }>('POST', `/api/opportunities/${approvedOne}/drafts`, { channel: 'mastodon', text: 'The harbour bridge is open again, a week early.' });
    const { reviews } = await editor.call<{ reviews: Array<{ id: string; role: string }> }>('POST', `/api/drafts/${draft.id}/submit`, {});
    for (const review of reviews) await comms.call('POST', `/api/reviews/${review.id}/decision`, { decision: 'approve' });

    // Items at one known hour: three about the harbour, one about the rail strike.
    const made = await editor.call<{ token: string }>('POST', '/api/sources', { id: 'city-desk', name: 'City desk', kind: 'webhook', channel: 'news', options: {} });
    const items = [
      { externalId: 'h-1', title: 'Harbour bridge reopens', text: 'Great news for the harbour: the bridge is open.' },
      { externalId: 'h-2', title: 'Harbour traffic eases', text: 'Commuters welcome the bridge.' },
      { externalId: 'h-3', title: 'Harbour market returns', text: 'A happy weekend at the harbour.' },
      { externalId: 'r-1', title: 'Rail strike announced', text: 'Unions call a rail strike.' },
    ].map((item, index) => ({ ...item, author: `reporter ${index % 2}`, language: 'en-GB', url: `https://news.example/${item.externalId}`, publishedAt: new Date(itemDay.getTime() + index * 60_000).toISOString() }));
    const pushed = await fetch(new URL('/api/ingest/city-desk', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${made.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    if (pushed.status !== 200) throw new Error(`ingest answered ${pushed.status}: ${await pushed.text()}`);

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url, { waitUntil: 'domcontentloaded' });
    await signInThroughForm(page, EDITOR.email, PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.kill('SIGTERM');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('opens from the tabs and draws the seeded history', async () => {
    await page.click('[data-testid=tab-dashboard]');
    await figuresFor('from=');
    expect(await page.getAttribute('[data-testid=tab-dashboard]', 'aria-current')).toBe('page');

    // Caught vs missed: five raised, two dismissed with their reasons, three still open.
    expect(await countOf(outcome('dismissed'))).toBe(2);
    expect(await countOf(outcome('open'))).toBe(3);
    expect(await countOf(outcome('publishedInWindow'))).toBe(0);
    expect(await page.textContent('[data-testid=caught-total]')).toMatch(/^5 opportunities raised/);
    const reasons = await inPage<string[]>(page, `[...document.querySelectorAll('[data-testid=dismiss-reasons] [data-testid=bar]')].map((bar) => bar.getAttribute('data-key') + '=' + bar.getAttribute('data-value')).sort()`);
    expect(reasons).toEqual(['Off brand=1', 'Too late to matter=1']);

    // Review turnaround: comms decided one review.
    await page.waitForSelector('[data-testid=turnaround-row][data-role=comms]', WAIT);
    expect(await page.textContent('[data-testid=turnaround-row][data-role=comms] td')).toBe('1');

    // Reaction speed: the approved opportunity has a first draft and an approval.
    expect(await page.getAttribute('[data-testid=chart-reaction-speed]', 'data-empty')).toBe('false');

    // When: the four items in their hour of the week, named in the cell's label.
    expect(await countOf(HEAT_CELL)).toBe(4);
    expect(await page.getAttribute(HEAT_CELL, 'aria-label')).toMatch(new RegExp(`${ITEM_HOUR}:00–${ITEM_HOUR + 1}:00 UTC: 4 items$`));
    // Where: all four in English, from GB.
    expect(await page.getAttribute('[data-testid=languages] [data-testid=bar][data-key=en]', 'data-value')).toBe('4');
    expect(await page.getAttribute('[data-testid=regions] [data-testid=bar][data-key=GB]', 'data-value')).toBe('4');

    // Reputation: each beat with its items.
    expect(await page.getAttribute(`[data-testid=beat-reputation][data-beat-id="${harbourBeat}"]`, 'data-items')).toBe('3');

    // Numbers read as people write them.
    expect(await page.textContent('[data-testid=chart-caught-missed]')).toMatch(/\d+ %/);
    await shoot('dashboard');

    // On a phone the charts stack in one column and each fits the screen (wide tables scroll inside their panel).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(
      `[...document.querySelectorAll('[data-testid=dashboard-controls], .dashboard-chart')].every((node) => node.getBoundingClientRect().right <= window.innerWidth + 1)`,
      undefined,
      WAIT,
    );
    await shoot('dashboard-narrow');
    await page.setViewportSize({ width: 1440, height: 960 });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('narrows every figure to the picked beat, and keeps it in the address', async () => {
    await page.selectOption('[data-testid=dashboard-beat]', harbourBeat);
    await figuresFor(`beatId=${encodeURIComponent(harbourBeat)}`);
    expect(await countOf(outcome('dismissed'))).toBe(1);
    expect(await countOf(outcome('open'))).toBe(2);
    expect(await countOf(HEAT_CELL)).toBe(3);
    expect(await inPage<string>(page, 'location.hash')).toContain(`beat=${encodeURIComponent(harbourBeat)}`);

    // A reload shows the same beat.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await figuresFor(`beatId=${encodeURIComponent(harbourBeat)}`);
    expect(await page.inputValue('[data-testid=dashboard-beat]')).toBe(harbourBeat);
    expect(await countOf(outcome('open'))).toBe(2);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('downloads a chart as CSV for the same period and beat', async () => {
    const href = await page.getAttribute('[data-testid=chart-caught-missed] [data-testid=csv-caught-missed]', 'href');
    expect(href).toMatch(/^\/api\/dashboard\/caught-missed\.csv\?/);
    expect(href).toContain(`beatId=${encodeURIComponent(harbourBeat)}`);
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('[data-testid=chart-caught-missed] [data-testid=csv-caught-missed]')]);
    const path = await download.path();
    const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    // The header, then the beat's outcomes and its one dismiss reason.
    expect(lines[0]).toBe('outcome,reason,count');
    expect(lines).toContain('open,,2');
    expect(lines).toContain('dismissed,,1');
    expect(lines).toContain('dismissed,Off brand,1');

    const answer = await inPage<{ status: number; type: string | null }>(page, `fetch(${JSON.stringify(href)}).then((r) => ({ status: r.status, type: r.headers.get('content-type') }))`);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/csv/);
  }, 60_000);

  it('says what to do for a period with nothing in it', async () => {
    await page.selectOption('[data-testid=dashboard-beat]', '');
    await page.click('[data-testid=range-custom]');
    await page.fill('[data-testid=range-from]', '2020-01-01');
    await page.fill('[data-testid=range-to]', '2020-01-31');
    await figuresFor('to=2020-02-01');
    expect(await page.textContent('[data-testid=chart-caught-missed] [data-testid=chart-empty]')).toMatch(/No opportunities were raised in this period: widen the range or pick another beat/);
    expect(await page.getAttribute('[data-testid=chart-heatmap]', 'data-empty')).toBe('true');
    expect(await page.textContent('[data-testid=dashboard-period]')).toContain('1 Jan – 31 Jan 2020');
    expect(await inPage<string>(page, 'location.hash')).toContain('from=2020-01-01&to=2020-01-31');
    await shoot('dashboard-empty');

    // Back to a preset: the figures return.
    await page.click('[data-testid=range-7d]');
    await page.waitForSelector(`${outcome('open')}[data-count="3"]`, WAIT);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("shows the API's error and tries again on asking", async () => {
    let failures = 0;
    const figuresUrl = (url: URL) => url.pathname === '/api/dashboard';
    await page.route(figuresUrl, async (route) => {
      failures += 1;
      await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'the figures are being counted, try again' } }) });
    });
    await page.click('[data-testid=range-30d]');
    await page.waitForSelector('[data-testid=dashboard-error]', WAIT);
    expect(await page.textContent('[data-testid=dashboard-error-message]')).toBe('the figures are being counted, try again');
    expect(failures).toBeGreaterThan(0);

    await page.unroute(figuresUrl);
    await page.click('[data-testid=dashboard-retry]');
    await page.waitForSelector('[data-testid=dashboard-error]', { state: 'detached', ...WAIT });
    await page.waitForSelector(`${outcome('open')}[data-count="3"]`, WAIT);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
