/**
 * Issue 17, point 6: the projector at 1920×1080 with the largest result a meeting shows — five
 * nominees for two seats, A and B tables — fits one screen; the tally hash says whether it is
 * final; its QR code leads to the inspector page with the meeting and the hash; after the
 * meeting a summary, where a round whose reconsideration passed without a new round stands (R10).
 * Votes are cast over HTTP by the reference tablet client.
 */
import { expect, test } from '@playwright/test';
import { TabletClient, type Fetcher } from '../../src/demo/tablet-client';
import { Officer, todayInShanghai } from './api';
import { expectClean, expectNoEnglish, screenshot, watch } from './pages';
import { startServer, type RunningServer } from './server';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer(['clerk:clerk', 'chair:presiding']);
});
test.afterAll(async () => {
  await server?.stop();
});

test('five nominees and the B table fit 1920×1080; the final hash is marked; a summary after the meeting', async ({ browser }) => {
  const clerk = await Officer.login(server.baseURL, 'clerk');
  const chair = await Officer.login(server.baseURL, 'chair');
  const committee = await clerk.call<{ id: string }>('POST', '/api/committees', { name: '中共某县委常委会' });
  const c = `/api/committees/${committee.id}`;
  for (let i = 1; i <= 7; i++) await clerk.call('POST', `${c}/persons`, { kind: 'member', name: `常委${i}`, unit: '县委', title: '常委' });
  for (let i = 1; i <= 3; i++) await clerk.call('POST', `${c}/persons`, { kind: 'observer', name: `列席${i}`, unit: '县人大', title: '副主任' });
  const post = await clerk.call<{ id: string }>('POST', `${c}/posts`, { unit: '县发展和改革委员会', title: '副主任' });
  const names = ['欧阳明华', '李建国', '王小红', '张伟东', '陈晓燕'];
  const nominees: string[] = [];
  for (const [i, name] of names.entries()) {
    nominees.push((await clerk.call<{ id: string }>('POST', `${c}/nominees`, { name, birthDate: `198${i}-0${i + 1}-1${i}`, currentPost: '某乡镇党委书记', resume: '' })).id);
  }
  const { meeting } = await clerk.call<{ meeting: { id: string } }>('POST', '/api/meetings', { committeeId: committee.id, date: todayInShanghai(), title: '县委常委会第十三次会议' });
  const item = await clerk.call<{ id: string }>('POST', `/api/meetings/${meeting.id}/items`, { title: '差额推荐县发改委副主任(5 选 2)', postId: post.id, nomineeIds: nominees, seats: 2 });
  const { slips } = await clerk.call<{ slips: Array<{ code: string }> }>('POST', `/api/meetings/${meeting.id}/slips`);
  const fetcher: Fetcher = (path, init) => fetch(server.baseURL + path, init);
  const tablets: TabletClient[] = [];
  for (const slip of slips) {
    const res = await fetcher(`/api/meetings/${meeting.id}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: slip.code }) });
    const body = (await res.json()) as { tabletToken: string; person: { class: 'A' | 'B' } };
    tablets.push(new TabletClient(fetcher, body.tabletToken, body.person.class));
  }

  const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1920, height: 1080 } });
  const projector = await watch(await context.newPage(), 'projector');
  const page = projector.page;
  await page.goto(`/projector/?meeting=${meeting.id}`);
  await chair.call('POST', `/api/meetings/${meeting.id}/open`, {});
  await chair.call('POST', `/api/items/${item.id}/open`, {});
  await expect(page.locator('#progress')).toHaveText('常委已投 0 / 7 票');
  await expect(page.locator('#progress-b')).toHaveText('列席已投 0 / 3 票(B 票,仅供参考)');
  await screenshot(page, 'projector-voting-ab');
  // Each ballot approves at most two (R8).
  const ballot = (i: number) => Object.fromEntries(nominees.map((n, k) => [n, k === i % 3 || k === 3 ? 'approve' : k === 4 ? 'abstain' : 'disapprove'])) as Record<string, 'approve' | 'disapprove' | 'abstain'>;
  await Promise.all(tablets.map((t, i) => t.vote(item.id, ballot(i))));
  await chair.call('POST', `/api/items/${item.id}/close`, {});
  await chair.call('POST', `/api/items/${item.id}/announce`, {});

  await expect(page.locator('.result-grid')).toHaveAttribute('data-nominees', '5');
  await expect(page.locator('.section-a tbody tr')).toHaveCount(5);
  await expect(page.locator('.section-b tbody tr')).toHaveCount(5);
  await expect(page.locator('#tally')).toHaveAttribute('data-final', 'false');
  await expect(page.locator('#tally-label')).toHaveText('计票哈希(截至目前,会议结束后为最终哈希)');
  // One screen: nothing below 1080 px, nothing wider than 1920.
  const size = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
  expect(size[0]).toBeLessThanOrEqual(1920);
  expect(size[1]).toBeLessThanOrEqual(1080);
  await screenshot(page, 'projector-five-nominees');
  await expectNoEnglish(page, 'result');

  // R10: a reconsideration motion passes and the meeting ends without round 2: round 1 stands,
  // and the summary shows its result as standing, not the item as never voted.
  await chair.call('POST', `/api/items/${item.id}/reconsider`, {});
  await Promise.all(tablets.filter((t) => t.klass === 'A').map((t) => t.vote(item.id, { reconsider: 'approve' })));
  await chair.call('POST', `/api/items/${item.id}/close`, {});

  const end = await chair.call<{ tallyHash: string }>('POST', `/api/meetings/${meeting.id}/close`, {});
  await expect(page.locator('#meeting-closed')).toBeVisible();
  await expect(page.locator('#tally')).toHaveAttribute('data-final', 'true');
  await expect(page.locator('#tally-hash')).toHaveText(end.tallyHash);
  // The QR code opens the inspector page on this meeting, with the final hash to compare.
  await expect(page.locator('#tally-qr')).toHaveAttribute('data-target', `${server.baseURL}/inspector/?meeting=${meeting.id}&hash=${end.tallyHash}`);
  await expect(page.locator('#summary tbody tr')).toHaveCount(1);
  await expect(page.locator('#summary tbody tr')).toContainText('复议通过后未再表决,第 1 轮结果有效');
  await expect(page.locator('#summary tbody tr')).toContainText('欧阳明华');
  await screenshot(page, 'projector-summary');
  await expectNoEnglish(page, 'summary');
  expectClean(projector);
  await context.close();
});
