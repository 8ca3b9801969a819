import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../server/version.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Where browser tests leave screenshots for a person to look at (not committed). */
export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-output', 'screens');

/** The built server and board must exist: the browser tests run what `npm run build` made. */
export function requireBuild(): void {
  for (const built of ['dist/server/cli.js', 'web/dist/index.html']) {
    if (!existsSync(join(PROJECT_ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` before the browser tests.`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (Debian package "chromium").`);
}

/**
 * Debian's Chromium, headless. Without the background-networking flags it keeps trying to reach
 * Google's hosts, which this machine's closed network refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Run an expression in the page. The tests' tsconfig has no DOM types, hence strings. */
export async function inPage<T>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(expression)) as T;
}

/** Signs in through the board's own form and waits for the board to load. */
export async function signInThroughForm(page: Page, email: string, password: string, timeout = 30_000): Promise<void> {
  await page.waitForSelector('[data-testid=sign-in-form]', { timeout });
  await page.fill('[data-testid=sign-in-email]', email);
  await page.fill('[data-testid=sign-in-password]', password);
  await page.click('[data-testid=sign-in-submit]');
  await page.waitForSelector('[data-testid=board][data-loaded="true"]', { timeout });
}
