/**
 * A written consultation (书面征求意见, docs/full-committee.md §5) in the browser, from codes to
 * a verified record: the clerk creates it in the console, the presiding officer starts it with
 * one press (no one signed in, no quorum), each member answers every item on their own device
 * (`/tablet/?meeting=…`), the presiding officer closes each item once all have answered,
 * announces and ends; the record verifies.
 */
import { expect, test } from '@playwright/test';
import { verifyRecord, type MeetingRecord } from '../../src/verifier';
import { Officer, todayInShanghai } from './api';
import { confirmDialog, consoleLogin as login, expectClean, screenshot, watch } from './pages';
import { startServer, type RunningServer } from './server';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer(['clerk:clerk', 'chair:presiding', 'inspector:inspector']);
});

test.afterAll(async () => {
  await server?.stop();
});

/** The date `days` after `date` (YYYY-MM-DD, calendar arithmetic only). */
function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

test('a written consultation from codes on members’ own devices to a verified record', async ({ browser }) => {
  test.setTimeout(240_000);
  const clerk = await Officer.login(server.baseURL, 'clerk');
  const full = await clerk.call<{ id: string }>('POST', '/api/committees', { name: '中共某区委全委会', kind: 'full' });
  const c = `/api/committees/${full.id}`;
  for (const name of ['委员甲', '委员乙', '委员丙']) await clerk.call('POST', `${c}/persons`, { kind: 'member', name, unit: '区委', title: '委员' });
  const items: Array<{ title: string; post: string; nominee: string }> = [];
  for (const [unit, name] of [['某街道党工委', '赵某'], ['某镇党委', '钱某']] as const) {
    const post = await clerk.call<{ id: string }>('POST', `${c}/posts`, { unit, title: '书记' });
    const nominee = await clerk.call<{ id: string }>('POST', `${c}/nominees`, { name, birthDate: '1978-03-01', currentPost: `${unit}副书记`, resume: '' });
    items.push({ title: `任命${name}为${unit}书记`, post: post.id, nominee: nominee.id });
  }
  const today = todayInShanghai();
  const closesOn = plusDays(today, 6);

  // The clerk creates the consultation in the console.
  const consoleContext = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 900 } });
  const officer = await watch(await consoleContext.newPage(), 'console');
  const clerkPage = officer.page;
  await clerkPage.goto('/console/');
  await login(clerkPage, 'clerk');
  await clerkPage.goto(`/console/#/committee/${full.id}`);
  const form = clerkPage.locator('form#new-meeting');
  await form.locator('[name=date]').fill(today);
  await form.locator('[name=title]').fill('书面征求区委委员意见');
  await form.locator('[name=kind]').selectOption('consultation');
  await form.locator('[name=closesOn]').fill(closesOn);
  await form.locator('button[type=submit]').click();
  await expect(clerkPage.locator('#consultation-window')).toContainText('书面征求意见');
  const meetingId = (await clerkPage.locator('#meeting-id').textContent())!.trim();
  for (const it of items) await clerk.call('POST', `/api/meetings/${meetingId}/items`, { title: it.title, postId: it.post, nomineeIds: [it.nominee] });
  const { slips } = await clerk.call<{ slips: Array<{ code: string; name: string }> }>('POST', `/api/meetings/${meetingId}/slips`);

  // The presiding officer, at their own console, starts it: one press, nobody signed in.
  const chairContext = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 900 } });
  const chair = await watch(await chairContext.newPage(), 'chair');
  const page = chair.page;
  await page.goto('/console/');
  await login(page, 'chair');
  await page.goto(`/console/#/live/${meetingId}`);
  await expect(page.locator('#consultation-window')).toContainText('不要求到会人数');
  // A full committee's words (R13): 委员, and 候补委员 with 列席 for class B.
  await expect(page.locator('#presence-members')).toContainText('委员:应到 3');
  await expect(page.locator('#presence-class-b')).toContainText('候补委员、列席');
  await expect(page.locator('#open-meeting')).toHaveText('开始征求意见');
  await page.locator('#open-meeting').click();
  await confirmDialog(page);
  const liveItems = page.locator('#live-items .live-item');
  await expect(liveItems).toHaveCount(2);
  for (const box of await liveItems.all()) await expect(box.locator('[data-progress]')).toHaveText('委员已作答 0 / 3');
  await screenshot(page, 'console-consultation-open');

  // The projector shows every open item, each with its answers so far and nothing more (R11).
  const screenContext = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1920, height: 1080 } });
  const projector = await watch(await screenContext.newPage(), 'projector');
  await projector.page.goto(`/projector/?meeting=${meetingId}`);
  const asked = projector.page.locator('#asked-items li');
  await expect(asked).toHaveCount(2);
  for (const [k, it] of items.entries()) {
    await expect(asked.nth(k).locator('.item-title')).toHaveText(it.title);
    await expect(asked.nth(k).locator('.asked-progress')).toHaveText('委员已作答 0 / 3');
  }
  await expect(projector.page.locator('main')).toContainText(closesOn);

  // Each member on their own device answers both items, one after the other.
  const devices = await Promise.all(slips.map(() => browser.newContext({ baseURL: server.baseURL, viewport: { width: 412, height: 915 }, hasTouch: true })));
  const tablets = await Promise.all(devices.map(async (d, i) => watch(await d.newPage(), `device-${i}`)));
  for (const [i, slip] of slips.entries()) {
    const w = tablets[i]!;
    await w.page.goto(`/tablet/?meeting=${meetingId}`);
    await w.page.locator('#code').fill(slip.code);
    await w.page.keyboard.press('Enter');
    for (const [k] of items.entries()) {
      const card = w.page.locator('main[data-screen=card]');
      await expect(card).toBeVisible();
      await expect(card).toContainText(items[k]!.title);
      await card.locator(i === 2 && k === 1 ? 'label.choice-disapprove' : 'label.choice-approve').click();
      await w.page.locator('#review').click();
      await w.page.locator('#cast').click();
      await expect(w.page.locator('main[data-screen=cast]')).toBeVisible();
      if (i === 0 && k === 0) await screenshot(w.page, 'tablet-consultation-cast');
      await w.page.locator('#consultation-next').click();
    }
    await expect(w.page.locator('main[data-screen=waiting]')).toBeVisible();
    await expect(w.page.locator('#consultation-window')).toContainText(closesOn);
  }

  for (const k of items.keys()) await expect(asked.nth(k).locator('.asked-progress')).toHaveText('委员已作答 3 / 3');
  await screenshot(projector.page, 'projector-consultation');

  // Everyone asked has answered: each item closes before its window ends, then is announced.
  for (const box of await liveItems.all()) {
    await expect(box.locator('[data-progress]')).toHaveText('委员已作答 3 / 3');
    await box.locator('[data-action=close]').click();
    await confirmDialog(page);
    // Three members all of one mind (item 1): the small-group warning is confirmed before announcing.
    const confirm = box.locator('[data-action=confirm-announce]');
    const announce = box.locator('[data-action=announce]');
    await expect(confirm.or(announce)).toBeVisible();
    if ((await confirm.count()) > 0) await confirm.click();
    await announce.click();
    await confirmDialog(page);
  }
  await page.locator('#close-meeting').click();
  await confirmDialog(page);
  await expect(page.locator('#close-meeting')).toHaveCount(0);

  // The record verifies, and says it was a consultation.
  const inspector = await Officer.login(server.baseURL, 'inspector');
  const record = await inspector.call<MeetingRecord>('GET', `/api/meetings/${meetingId}/record`);
  const report = verifyRecord(record);
  expect(report.firstFailure).toBeUndefined();
  expect(report.ok).toBe(true);
  expect(report.checks.find((x) => x.id === 'consultation')?.detail).toContain(`to ${closesOn}`);
  expectClean(officer, chair, projector, ...tablets);
  await screenContext.close();
  await consoleContext.close();
  await chairContext.close();
  for (const d of devices) await d.close();
});
