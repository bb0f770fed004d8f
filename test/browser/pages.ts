/**
 * What every kiosk page must satisfy in the browser: no console error, no uncaught exception,
 * nothing blocked by the CSP. Also screenshots, and keyboard helpers.
 */
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PASSWORD, ROOT } from './server';

export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

export interface Watched {
  page: Page;
  problems: string[];
}

export async function watch(page: Page, name: string): Promise<Watched> {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${name} console: ${msg.text()} at ${msg.location().url}`);
  });
  page.on('pageerror', (err) => problems.push(`${name} exception: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${name} HTTP ${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  // Registered before any page script: reports every CSP violation, whatever the console says.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Presses Tab until the focused element matches `selector` (keyboard only, bounded). */
export async function tabTo(page: Page, selector: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

export function expectClean(...pages: Watched[]): void {
  expect(pages.flatMap((p) => p.problems)).toEqual([]);
}

/**
 * Answers the console's confirmation (issue 17: every irreversible action asks first) after
 * checking it states the consequence, when `expected` is given.
 */
export async function confirmDialog(page: Page, expected?: string | RegExp): Promise<void> {
  const dialog = page.locator('dialog.confirm[open]');
  if (expected !== undefined) await expect(dialog).toContainText(expected);
  await dialog.locator('[data-confirm]').click();
  await expect(dialog).toHaveCount(0);
}

/**
 * Issue 17: a zh-CN page shows no English. Reads the visible text without what is meant to be
 * Latin (ids and hashes in <code>, the language switch itself, anything marked lang="en") and
 * fails on any run of three Latin letters but an upper-case acronym (PDF).
 */
export async function expectNoEnglish(page: Page, context = '', data: string[] = []): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const words = await page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    // #who is the signed-in officer's own name (the test accounts are named in Latin letters).
    clone.querySelectorAll('code, .mono, #lang, #who, [lang=en], script, style, [hidden], .visually-hidden').forEach((el) => el.remove());
    // Form values are what people typed; placeholders and labels are ours and stay.
    const text = [clone.innerText, ...[...document.querySelectorAll('dialog[open]')].map((d) => (d as HTMLElement).innerText)].join('\n');
    // Upper-case acronyms (PDF, HTTP) are written so in Chinese text too.
    return [...text.matchAll(/[A-Za-z]{3,}/g)].map((m) => m[0]).filter((w) => !/^[A-Z]{2,5}$/.test(w));
  });
  // `data`: names people typed in Latin letters (the test accounts' display names), not page text.
  expect(words.filter((w) => !data.includes(w)), `English on a zh-CN page${context ? ` (${context})` : ''}`).toEqual([]);
}

/** Fills the console form `form#<id>` (text, date, select) and submits it. */
export async function fill(page: Page, form: string, fields: Record<string, string>): Promise<void> {
  const f = page.locator(`form#${form}`);
  for (const [name, value] of Object.entries(fields)) {
    const input = f.locator(`[name="${name}"]`);
    if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
    else await input.fill(value);
  }
  await f.locator('button[type=submit]').click();
}

/** The row of the console table `table#<id>` holding `text`. */
export const row = (page: Page, table: string, text: string) => page.locator(`table#${table} tbody tr`, { hasText: text });

/** Signs in on the console page already open, as a test account with the test password. */
export async function consoleLogin(page: Page, username: string): Promise<void> {
  await page.locator('#login input[name=username]').fill(username);
  await page.locator('#login input[name=password]').fill(PASSWORD);
  await page.locator('#login button[type=submit]').click();
  await expect(page.locator('#logout')).toBeVisible();
}
