/**
 * The tablet points of issue 17: Chinese only on members' tablets unless the tablet is set up
 * for English (…&en=1); 出生年月 as a month; the résumé as a résumé; a member whose vote closed
 * before they cast is told so; after the meeting ends the tablet says 会议已结束.
 */
import { expect, test, type Browser } from '@playwright/test';
import { Officer, prepareMeeting } from './api';
import { expectClean, watch } from './pages';
import { startServer, type RunningServer } from './server';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer(['clerk:clerk', 'chair:presiding']);
});

test.afterAll(async () => {
  await server?.stop();
});

async function signedIn(browser: Browser, meetingId: string, code: string, name: string, query = '') {
  const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 800 } });
  const w = await watch(await context.newPage(), name);
  await w.page.goto(`/tablet/?meeting=${meetingId}${query}`);
  await w.page.locator('#code').fill(code);
  await w.page.keyboard.press('Enter');
  await expect(w.page.locator('main[data-screen=waiting]')).toBeVisible();
  return { ...w, context };
}

test('Chinese unless set up for English; the nominee’s month of birth and résumé; a missed vote; the meeting’s end', async ({ browser }) => {
  const prepared = await prepareMeeting(server.baseURL, { members: 2, observers: 0 });
  const clerk = await Officer.login(server.baseURL, 'clerk');
  const chair = await Officer.login(server.baseURL, 'chair');
  const { slips } = await clerk.call<{ slips: Array<{ code: string }> }>('POST', `/api/meetings/${prepared.meetingId}/slips`);
  const member = await signedIn(browser, prepared.meetingId, slips[0]!.code, 'tablet-member');
  const late = await signedIn(browser, prepared.meetingId, slips[1]!.code, 'tablet-english', '&en=1');

  // A member's tablet has no language switch and stays Chinese; one set up with en=1 has it.
  await expect(member.page.locator('#lang')).toBeHidden();
  await expect(member.page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(late.page.locator('#lang')).toBeVisible();

  await chair.call('POST', `/api/meetings/${prepared.meetingId}/open`, {});
  await chair.call('POST', `/api/items/${prepared.plainItem}/open`, {});
  for (const t of [member, late]) await expect(t.page.locator('main[data-screen=card]')).toBeVisible();
  const card = member.page.locator(`fieldset[data-nominee="${prepared.plainNominee}"]`);
  await expect(card.locator('dd.birth')).toHaveText('1978年4月');
  await card.locator('details.resume summary').click();
  const resume = card.locator('.resume-list li');
  await expect(resume).toHaveCount(2);
  await expect(resume.nth(0).locator('.resume-period')).toHaveText('1996年');
  await expect(resume.nth(0).locator('.resume-text')).toHaveText('参加工作。');
  await expect(resume.nth(1).locator('.resume-period')).toHaveText('2015年起');

  // The English tablet in English: the month of birth reads as one.
  await late.page.locator('#lang').click();
  await expect(late.page.locator(`fieldset[data-nominee="${prepared.plainNominee}"] dd.birth`)).toHaveText('April 1978');
  await late.page.locator('#lang').click();

  await card.locator('label.choice-approve').click();
  await member.page.locator('#review').click();
  await member.page.locator('#cast').click();
  await expect(member.page.locator('main[data-screen=cast]')).toBeVisible();
  // The second member holds a token but does not cast before the close.
  await chair.call('POST', `/api/items/${prepared.plainItem}/close`, {});
  await expect(late.page.locator(`[data-item="${prepared.plainItem}"] .missed`)).toContainText('您未在结束前投票');
  await expect(member.page.locator(`[data-item="${prepared.plainItem}"] .missed`)).toHaveCount(0);

  await chair.call('POST', `/api/items/${prepared.plainItem}/announce`, {});
  await chair.call('POST', `/api/meetings/${prepared.meetingId}/close`, {});
  for (const t of [member, late]) {
    await expect(t.page.locator('main[data-screen=ended] h1')).toHaveText('会议已结束');
    await expect(t.page.locator('main')).not.toContainText('请等待表决开始');
  }
  // The receipt stays and is checked.
  await expect(member.page.locator(`[data-item="${prepared.plainItem}"] [data-check]`)).toHaveAttribute('data-check', 'proven');
  for (const t of [member, late]) t.problems.splice(0, t.problems.length, ...t.problems.filter((p) => !/HTTP 409 GET \/api\/receipts\//.test(p)));
  expectClean(member, late);
  for (const t of [member, late]) await t.context.close();
});
