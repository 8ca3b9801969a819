/**
 * End to end: the real product (`tidewatch start --demo`) in a child process, the built board
 * in Debian's Chromium. Proves that stories reach an open board live, without a reload.
 *
 * Needs `npm run build` first (dist/server and web/dist). No timing assertions here: waits are
 * generous upper bounds; speed belongs to bench/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inPage, launchChromium, requireBuild, SCREENSHOT_DIR } from '../support/browser.js';
import { runCli, startServer, type RunningServer } from '../support/run-cli.js';

const START_TIMEOUT_MS = 30_000;
const LIVE_TIMEOUT_MS = 60_000;
const EMAIL = 'desk@newsroom.example';
const PASSWORD = 'morning tide, evening tide';

const STORY_IDS = `[...document.querySelectorAll('[data-testid=story]')].map((node) => node.getAttribute('data-story-id'))`;

describe('live board (e2e)', () => {
  let dataDir: string | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireBuild();

    dataDir = mkdtempSync(join(tmpdir(), 'tidewatch-e2e-'));
    // The operator adds the first member before the first start, with a password piped in.
    const added = runCli(['members', 'add', '--email', EMAIL, '--name', 'Desk Editor', '--role', 'editor', '--data', dataDir], {}, `${PASSWORD}\n`);
    if (added.status !== 0) throw new Error(`members add failed: ${added.stderr}`);
    server = await startServer(['--demo', '--data', dataDir]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 90_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.kill('SIGTERM');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('asks to sign in, shows the server\'s refusal, and signs in through the form', async () => {
    if (!page || !server) throw new Error('setup failed');
    await page.goto(server.url, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-testid=sign-in-form]', { timeout: START_TIMEOUT_MS });
    expect(await page.locator('[data-testid=story]').count()).toBe(0);

    await page.fill('[data-testid=sign-in-email]', EMAIL);
    await page.fill('[data-testid=sign-in-password]', 'not my password at all');
    await page.click('[data-testid=sign-in-submit]');
    await page.waitForSelector('[data-testid=sign-in-error]:not([hidden])', { timeout: START_TIMEOUT_MS });
    expect(await page.textContent('[data-testid=sign-in-error]')).toMatch(/email or the password is not right/);
    expect(await page.isEnabled('[data-testid=sign-in-submit]')).toBe(true);

    await inPage(page, 'window.__noReload = true');
    await page.fill('[data-testid=sign-in-password]', PASSWORD);
    await page.click('[data-testid=sign-in-submit]');
    await page.waitForSelector('[data-testid=account-name]', { timeout: START_TIMEOUT_MS });
    expect(await page.textContent('[data-testid=account-name]')).toBe('Desk Editor');
    expect(await inPage<unknown>(page, 'window.__noReload')).toBe(true);
    // The session cookie is out of the page's reach.
    expect(await inPage<string>(page, 'document.cookie')).not.toContain('tw_session');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('shows stories that arrive after the page loaded, without a reload', async () => {
    if (!page || !server) throw new Error('setup failed');
    const timeOrigin = await inPage<number>(page, 'performance.timeOrigin');
    // Stories and live items have their own view; switching views never reloads the page.
    await page.click('[data-testid=tab-stories]');

    // The first snapshot is on screen: what the board showed "at load".
    await page.waitForSelector('[data-testid=board][data-loaded="true"]', { timeout: START_TIMEOUT_MS });
    const initialIds = await inPage<string[]>(page, STORY_IDS);

    await page.waitForSelector('[data-testid=connection][data-state="live"]', { timeout: LIVE_TIMEOUT_MS });

    try {
      await page.waitForFunction(
        `(() => {
          if (window.__noReload !== true) return false;
          const initial = new Set(${JSON.stringify(initialIds)});
          const ids = ${STORY_IDS};
          return ids.length > 0 && (ids.length > initial.size || ids.some((id) => !initial.has(id)));
        })()`,
        undefined,
        { timeout: LIVE_TIMEOUT_MS, polling: 250 },
      );
    } catch (error) {
      throw new Error(
        `no new story reached the open board within ${LIVE_TIMEOUT_MS / 1000} s (stories at load: ${initialIds.length}): ${(error as Error).message}\n--- tidewatch output ---\n${server.output()}`,
      );
    }
    await page.waitForSelector('[data-testid=item]', { timeout: LIVE_TIMEOUT_MS });

    // Same document all along: the marker survived and the navigation did not restart.
    expect(await inPage<unknown>(page, 'window.__noReload')).toBe(true);
    expect(await inPage<number>(page, 'performance.timeOrigin')).toBe(timeOrigin);
    expect(await page.getAttribute('[data-testid=connection]', 'data-state')).toBe('live');

    const lastSeq = Number(await page.getAttribute('[data-testid=board]', 'data-last-seq'));
    expect(lastSeq).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=story]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=item]').count()).toBeGreaterThan(0);

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'stories.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('lists the sources and links out only to http(s) addresses, in a new tab, without an opener', async () => {
    if (!page) throw new Error('setup failed');
    await page.click('[data-testid=tab-sources]');
    await page.waitForSelector('[data-testid=source]', { timeout: LIVE_TIMEOUT_MS });
    const statuses = await inPage<string[]>(
      page,
      `[...document.querySelectorAll('[data-testid=source]')].map((node) => node.getAttribute('data-status'))`,
    );
    expect(statuses.length).toBeGreaterThan(0);
    for (const status of statuses) expect(['healthy', 'unhealthy', 'unknown']).toContain(status);
    // Each source says how busy it is; a demo source that has run says when it last succeeded.
    const rates = await inPage<string[]>(page, `[...document.querySelectorAll('[data-testid=items-per-hour]')].map((node) => node.textContent)`);
    expect(rates).toHaveLength(statuses.length);
    for (const rate of rates) expect(rate).toMatch(/^\d+(\.\d)? items\/hour$/);
    await page.waitForFunction(`[...document.querySelectorAll('[data-testid=source]')].some((node) => node.textContent.includes('last success'))`, undefined, { timeout: LIVE_TIMEOUT_MS });

    await page.click('[data-testid=tab-stories]');
    await page.waitForSelector('[data-testid=item] a', { timeout: LIVE_TIMEOUT_MS });
    const links = await inPage<{ href: string; rel: string; target: string }[]>(
      page,
      `[...document.querySelectorAll('[data-testid=item] a')].map((a) => ({ href: a.href, rel: a.rel, target: a.target }))`,
    );
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link.href).toMatch(/^https?:\/\//);
      expect(link.rel.split(/\s+/).sort()).toEqual(['noopener', 'noreferrer']);
      expect(link.target).toBe('_blank');
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('signs out back to the sign-in screen, and the session is gone for the API too', async () => {
    if (!page || !server) throw new Error('setup failed');
    await page.click('[data-testid=sign-out]');
    await page.waitForSelector('[data-testid=sign-in-form]', { timeout: START_TIMEOUT_MS });
    const status = await inPage<number>(page, `fetch('/api/session').then((r) => r.status)`);
    expect(status).toBe(401);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
