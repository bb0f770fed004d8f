/**
 * From the presiding officer's console: postpone an item with a reason (R9), and reconsider a
 * decided item (R10) — the tablet votes the yes/no motion, then the item's second round.
 */
import { expect, test, type Page } from '@playwright/test';
import { Officer, prepareMeeting } from './api';
import { expectClean, screenshot, watch, confirmDialog } from './pages';
import { PASSWORD, startServer, type RunningServer } from './server';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer(['clerk:clerk', 'chair:presiding']);
});

test.afterAll(async () => {
  await server?.stop();
});

async function closeAndAnnounce(console: Page, itemId: string): Promise<void> {
  const item = console.locator(`[data-item="${itemId}"]`);
  await item.locator('[data-action=close]').click();
  await confirmDialog(console);
  await expect(item.locator('[data-action=announce], [data-warning]').first()).toBeVisible();
  if (await item.locator('[data-warning]').isVisible()) await item.locator('[data-action=confirm-announce]').click();
  await item.locator('[data-action=announce]').click();
  await confirmDialog(console);
  await expect(item).toHaveClass(/status-announced/);
}

test('postponing and reconsidering from the console, the motion voted on the tablet', async ({ browser }) => {
  const prepared = await prepareMeeting(server.baseURL, { members: 1, observers: 0 });
  const { meetingId, plainItem, plainNominee, competitiveItem } = prepared;
  const clerk = await Officer.login(server.baseURL, 'clerk');
  const { slips } = await clerk.call<{ slips: Array<{ code: string }> }>('POST', `/api/meetings/${meetingId}/slips`);

  const tabletContext = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 800 } });
  const tablet = await watch(await tabletContext.newPage(), 'tablet');
  await tablet.page.goto(`/tablet/?meeting=${meetingId}`);
  await tablet.page.locator('#code').fill(slips[0]!.code);
  await tablet.page.keyboard.press('Enter');
  await expect(tablet.page.locator('main[data-screen=waiting]')).toBeVisible();

  const consoleContext = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 900 } });
  const chair = await watch(await consoleContext.newPage(), 'console');
  await chair.page.goto('/console/');
  await chair.page.locator('#login input[name=username]').fill('chair');
  await chair.page.locator('#login input[name=password]').fill(PASSWORD);
  await chair.page.locator('#login button[type=submit]').click();
  await chair.page.goto(`/console/#/live/${meetingId}`);
  await chair.page.locator('#open-meeting').click();
  await confirmDialog(chair.page);

  // R9: postpone the competitive item, with a reason.
  const second = chair.page.locator(`[data-item="${competitiveItem}"]`);
  await second.locator('input[type=text]:not([data-introduced-by])').fill('人选材料需补充');
  await second.locator('[data-action=postpone]').click();
  await confirmDialog(chair.page);
  await expect(second).toHaveClass(/status-postponed/);

  // Round 1: the member disapproves; the nominee is not approved.
  const first = chair.page.locator(`[data-item="${plainItem}"]`);
  await first.locator('[data-action=open]').click();
  await expect(tablet.page.locator('main[data-screen=card]')).toBeVisible();
  await tablet.page.locator(`fieldset[data-nominee="${plainNominee}"] label.choice-disapprove`).click();
  await tablet.page.locator('#review').click();
  await tablet.page.locator('#cast').click();
  await expect(tablet.page.locator('main[data-screen=cast]')).toBeVisible();
  await closeAndAnnounce(chair.page, plainItem);

  // R10: the motion; the tablet shows a yes/no card by itself.
  await first.locator('[data-action=reconsider]').click();
  await confirmDialog(chair.page);
  await expect(tablet.page.locator('main[data-screen=card] fieldset[data-nominee=reconsider]')).toBeVisible();
  await expect(tablet.page.locator('fieldset[data-nominee=reconsider] input[type=radio]')).toHaveCount(2);
  await screenshot(tablet.page, 'tablet-motion');
  await tablet.page.locator('fieldset[data-nominee=reconsider] label.choice-approve').click();
  await tablet.page.locator('#review').click();
  await tablet.page.locator('#cast').click();
  await expect(tablet.page.locator('main[data-screen=cast]')).toBeVisible();
  await expect(first.locator('[data-progress]')).toContainText('已投 1 / 实到 1');
  await first.locator('[data-action=close]').click();
  await confirmDialog(chair.page);

  // The motion passed (1 of 1 due): the item is back, round 2, and votes again.
  await expect(first).toHaveClass(/status-pending/);
  await first.locator('[data-action=open]').click();
  await expect(tablet.page.locator('main[data-screen=card]')).toBeVisible();
  await tablet.page.locator(`fieldset[data-nominee="${plainNominee}"] label.choice-approve`).click();
  await tablet.page.locator('#review').click();
  await tablet.page.locator('#cast').click();
  await expect(tablet.page.locator('main[data-screen=cast]')).toBeVisible();
  await closeAndAnnounce(chair.page, plainItem);
  await expect(first.locator('.result-summary')).toContainText('同意 1');

  // The tablet kept one receipt per vote: round 1, the motion, round 2.
  await expect(tablet.page.locator(`[data-item="${plainItem}"] .short-code`)).toHaveCount(3);
  await screenshot(tablet.page, 'tablet-receipts');
  expectClean(tablet, chair);
  await tabletContext.close();
  await consoleContext.close();
});
