/**
 * Issue 15 (R11): once an item's discussion is recorded, the live page shows it done — who
 * introduced it, the order of speakers and its log entry — after a reload and in another
 * officer's console too, and never offers the form again (a second send would be 409).
 */
import { expect, test } from '@playwright/test';
import { Officer, prepareMeeting, type PreparedMeeting } from './api';
import { consoleLogin, expectClean, expectNoEnglish, watch } from './pages';
import { startServer, type RunningServer } from './server';

let server: RunningServer;
let prepared: PreparedMeeting;

test.beforeAll(async () => {
  server = await startServer(['clerk:clerk', 'chair:presiding']);
  prepared = await prepareMeeting(server.baseURL, { members: 5, observers: 1 });
  const chair = await Officer.login(server.baseURL, 'chair');
  await chair.call('POST', `/api/meetings/${prepared.meetingId}/open`);
});
test.afterAll(async () => {
  await server?.stop();
});

test('a recorded discussion stays recorded after a reload and on another console', async ({ browser }) => {
  const { meetingId, plainItem, members } = prepared;
  const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 900 } });
  const chair = await watch(await context.newPage(), 'chair');
  const page = chair.page;
  await page.goto('/console/');
  await consoleLogin(page, 'chair');
  await page.goto(`/console/#/live/${meetingId}`);

  const item = page.locator(`[data-item="${plainItem}"]`);
  const form = item.locator(`[data-discussion="${plainItem}"]`);
  await expect(form).toBeVisible();
  await form.locator('[data-introduced-by]').fill('县委组织部部长 韩立');
  const speakers = form.locator('ul.speakers li');
  await speakers.filter({ hasText: members[2]! }).locator('[data-speak]').click();
  await speakers.filter({ hasText: members[0]! }).locator('[data-speak]').click();
  await form.locator('[data-action=discussion]').click();

  const done = item.locator(`[data-discussed="${plainItem}"]`);
  const expectDone = async () => {
    await expect(done).toBeVisible();
    await expect(done.locator('[data-introduced]')).toHaveText('介绍人:县委组织部部长 韩立');
    await expect(done.locator('[data-order]')).toHaveText(`发言顺序:${members[2]} → ${members[0]}`);
    await expect(done.locator('[data-entry]')).toHaveText(/^记录于会议日志第 \d+ 条。$/);
    await expect(item.locator('[data-action=discussion]')).toHaveCount(0);
    await expect(item.locator('[data-introduced-by]')).toHaveCount(0);
  };
  await expectDone();

  await page.reload();
  await expectDone();
  await expectNoEnglish(page, 'live page after reload', ['chair']);

  // Another console, opened afresh.
  const other = await watch(await (await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 900 } })).newPage(), 'chair-2');
  await other.page.goto('/console/');
  await consoleLogin(other.page, 'chair');
  await other.page.goto(`/console/#/live/${meetingId}`);
  await expect(other.page.locator(`[data-discussed="${plainItem}"] [data-introduced]`)).toHaveText('介绍人:县委组织部部长 韩立');
  // The item not yet discussed still offers the form.
  await expect(other.page.locator(`[data-discussion="${prepared.competitiveItem}"]`)).toBeVisible();
  expectClean(chair, other);
});
