/**
 * Issue 19 in the browser: the clerk makes a full committee (全委会) with an alternate member in
 * the console; an alternate's tablet says 候补委员 and B; a removal is voted with 同意免职 /
 * 不同意免职 and the projector announces "未通过免职".
 */
import { expect, test } from '@playwright/test';
import { Officer, todayInShanghai } from './api';
import { expectClean, screenshot, watch, consoleLogin as login } from './pages';
import { startServer, type RunningServer } from './server';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer(['clerk:clerk', 'chair:presiding']);
});

test.afterAll(async () => {
  await server?.stop();
});

test('a full committee with an alternate member, made in the console', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 900 } });
  const w = await watch(await context.newPage(), 'console');
  const page = w.page;
  await page.goto('/console/');
  await login(page, 'clerk');
  await page.locator('#nav [data-view=committees]').click();
  const form = page.locator('form#new-committee');
  await form.locator('[name=name]').fill('中共某区委常委会');
  await form.locator('button[type=submit]').click();
  await expect(page.locator('a', { hasText: '中共某区委常委会' })).toBeVisible();
  await form.locator('[name=name]').fill('中共某区委全委会');
  await form.locator('[name=kind]').selectOption('full');
  await form.locator('[name=standingCommitteeId]').selectOption({ label: '中共某区委常委会' });
  await form.locator('button[type=submit]').click();
  await expect(page.locator('tr', { hasText: '中共某区委全委会' })).toContainText('全委会');
  await page.locator('a', { hasText: '中共某区委全委会' }).click();
  await expect(page.locator('#committee-kind')).toHaveText('全委会');
  const add = page.locator('form#add-person');
  await expect(add.locator('[name=kind] option')).toHaveText(['常委', '候补委员', '列席']);
  await add.locator('[name=kind]').selectOption('alternate');
  await add.locator('[name=name]').fill('候补委员甲');
  await add.locator('[name=unit]').fill('某街道党工委');
  await add.locator('[name=title]').fill('书记');
  await add.locator('button[type=submit]').click();
  await expect(page.locator('#roster')).toContainText('候补委员甲');
  await expect(page.locator('#roster tr', { hasText: '候补委员甲' })).toContainText('候补委员');
  await screenshot(page, 'console-full-committee');

  // A standing committee offers no alternates.
  await page.locator('#nav [data-view=committees]').click();
  await page.locator('a', { hasText: '中共某区委常委会' }).click();
  await expect(page.locator('form#add-person [name=kind] option')).toHaveText(['常委', '列席']);
  expectClean(w);
  await context.close();
});

test('an alternate is told their B ballot does not decide; a removal is voted 同意免职 / 不同意免职', async ({ browser }) => {
  const clerk = await Officer.login(server.baseURL, 'clerk');
  const chair = await Officer.login(server.baseURL, 'chair');
  const full = await clerk.call<{ id: string }>('POST', '/api/committees', { name: '中共某区委全委会', kind: 'full' });
  const c = `/api/committees/${full.id}`;
  await clerk.call('POST', `${c}/persons`, { kind: 'member', name: '委员甲', unit: '区委', title: '委员' });
  await clerk.call('POST', `${c}/persons`, { kind: 'alternate', name: '候补乙', unit: '某街道', title: '书记' });
  const post = await clerk.call<{ id: string }>('POST', `${c}/posts`, { unit: '某街道党工委', title: '书记' });
  const person = await clerk.call<{ id: string }>('POST', `${c}/nominees`, { name: '赵某', birthDate: '1975-06-01', currentPost: '某街道党工委书记', resume: '' });
  const { meeting } = await clerk.call<{ meeting: { id: string } }>('POST', '/api/meetings', { committeeId: full.id, date: todayInShanghai(), title: '区委全委会' });
  const item = await clerk.call<{ id: string }>('POST', `/api/meetings/${meeting.id}/items`, { title: '免去赵某同志某街道党工委书记职务', postId: post.id, nomineeIds: [person.id], itemKind: 'removal' });
  const { slips } = await clerk.call<{ slips: Array<{ code: string; name: string }> }>('POST', `/api/meetings/${meeting.id}/slips`);
  const code = (name: string) => slips.find((s) => s.name === name)!.code;

  // One browser context per tablet: a tablet keeps its session in its own IndexedDB.
  const contexts = await Promise.all([0, 1, 2].map(() => browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 800 }, hasTouch: true })));
  const member = await watch(await contexts[0]!.newPage(), 'member');
  const alternate = await watch(await contexts[1]!.newPage(), 'alternate');
  const projector = await watch(await contexts[2]!.newPage(), 'projector');
  await projector.page.goto(`/projector/?meeting=${meeting.id}`);
  for (const [w, name] of [[member, '委员甲'], [alternate, '候补乙']] as const) {
    await w.page.goto(`/tablet/?meeting=${meeting.id}`);
    await w.page.locator('#code').fill(code(name));
    await w.page.keyboard.press('Enter');
    await expect(w.page.locator('main[data-screen=waiting]')).toBeVisible();
  }
  await expect(alternate.page.locator('#who')).toHaveText('候补乙 · 候补委员(B票)');
  await expect(alternate.page.locator('main')).toContainText('您是候补委员');
  await expect(member.page.locator('#who')).toHaveText('委员甲 · 委员(A票)');

  await chair.call('POST', `/api/meetings/${meeting.id}/open`, {});
  await chair.call('POST', `/api/items/${item.id}/open`, {});
  const card = member.page.locator('main[data-screen=card]');
  await expect(card).toBeVisible();
  await expect(card.locator('.removal-note')).toBeVisible();
  await expect(card.locator(`fieldset[data-nominee="${person.id}"] label.choice span`)).toHaveText(['同意免职', '不同意免职', '弃权']);
  await expect(card.locator('.post-line')).toContainText('拟免去职务');
  await screenshot(member.page, 'tablet-removal');
  await card.locator('label.choice-disapprove').click();
  await member.page.locator('#review').click();
  await expect(member.page.locator('.review-list')).toContainText('不同意免职');
  await member.page.locator('#cast').click();
  await expect(member.page.locator('main[data-screen=cast]')).toBeVisible();

  await alternate.page.locator('label.choice-approve').click();
  await alternate.page.locator('#review').click();
  await alternate.page.locator('#cast').click();
  await expect(alternate.page.locator('main[data-screen=cast]')).toBeVisible();

  await chair.call('POST', `/api/items/${item.id}/close`, {});
  await chair.call('POST', `/api/items/${item.id}/announce`, {});
  await expect(projector.page.locator('#item-kind')).toHaveText('免职事项');
  await expect(projector.page.locator('#decision')).toContainText('赵某 未通过免职');
  await expect(projector.page.locator('.section-a th[scope=col]')).toContainText(['人选', '同意免职', '不同意免职', '弃权']);
  await screenshot(projector.page, 'projector-removal');
  expectClean(member, alternate, projector);
  for (const c of contexts) await c.close();
});
