/**
 * Issue 15: the clerk chooses a committee's policies in the console (R8's ratio, R2's majority,
 * R3's bar, R10's motion threshold); they are saved, shown back after a reload, logged in the
 * record's meeting entry (committee.policies), and an agenda the chosen ratio refuses is
 * explained in Chinese from the problem code and its numbers.
 */
import { expect, test } from '@playwright/test';
import { Officer, todayInShanghai } from './api';
import { consoleLogin, expectNoEnglish, watch } from './pages';
import { startServer, type RunningServer } from './server';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer(['clerk:clerk', 'chair:presiding']);
});
test.afterAll(async () => {
  await server?.stop();
});

const CHOSEN = { ratio: 'one-or-two-more', majority: 'half-or-more', bar: 'not-approved', motion: 'half-or-more' } as const;

test('the committee policy form: chosen, saved, shown after a reload, logged, and applied with Chinese refusals', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 900 } });
  const w = await watch(await context.newPage(), 'clerk');
  const page = w.page;
  await page.goto('/console/');
  await consoleLogin(page, 'clerk');
  await page.locator('#nav [data-view=committees]').click();
  const form = page.locator('form#new-committee');
  await form.locator('[name=name]').fill('中共某县委常委会(政策)');
  for (const [name, value] of Object.entries(CHOSEN)) await form.locator(`select[name=${name}]`).selectOption(value);
  // Tokens from the service alone: this spec runs no co-issuer.
  await form.locator('select[name=issuance]').selectOption('service');
  await form.locator('button[type=submit]').click();

  const row = page.locator('table tr', { hasText: '中共某县委常委会(政策)' });
  const expectShown = async () => {
    for (const [name, value] of Object.entries(CHOSEN)) await expect(row.locator(`[data-policy=${name}]`)).toHaveAttribute('data-value', value);
  };
  await expectShown();
  await page.reload();
  await expectShown();
  await expectNoEnglish(page, 'committees with policies', ['clerk']);

  // The committee's own page shows them too.
  await row.locator('a', { hasText: '中共某县委常委会(政策)' }).click();
  for (const [name, value] of Object.entries(CHOSEN)) await expect(page.locator(`[data-policies] [data-policy=${name}]`)).toHaveAttribute('data-value', value);
  const committeeId = /#\/committee\/([^/?]+)/.exec(page.url())![1]!;

  // A roster, a post, four nominees and a meeting, through the API.
  const clerk = await Officer.login(server.baseURL, 'clerk');
  const c = `/api/committees/${committeeId}`;
  for (let i = 1; i <= 4; i++) await clerk.call('POST', `${c}/persons`, { kind: 'member', name: `委员${i}`, unit: '县委', title: '常委' });
  const post = await clerk.call<{ id: string }>('POST', `${c}/posts`, { unit: '县水利局', title: '局长' });
  const nominees: string[] = [];
  for (const [name, birthDate] of [['钱立新', '1979-02-11'], ['孙海燕', '1981-07-30'], ['周建国', '1976-10-05'], ['吴晓梅', '1984-12-19']] as const) {
    nominees.push((await clerk.call<{ id: string }>('POST', `${c}/nominees`, { name, birthDate, currentPost: '县水利局副局长', resume: '2000年参加工作。' })).id);
  }
  const { meeting } = await clerk.call<{ meeting: { id: string } }>('POST', '/api/meetings', { committeeId, date: todayInShanghai(), title: '县委常委会第九次会议' });

  // 003's "差额一人或两人": 4 nominees for 1 seat is refused, in Chinese, with the numbers.
  await page.goto(`/console/#/meeting/${meeting.id}`);
  const item = page.locator('form#add-item');
  await item.locator('[name=title]').fill('差额推荐县水利局局长');
  for (const box of await item.locator('input[name=nomineeIds]').all()) await box.check();
  await item.locator('button[type=submit]').click();
  await expect(item.locator('.error')).toContainText('1 个职位有 4 名人选;本委员会实行差额一人或两人,需 2 名或 3 名(R8)。');
  await expectNoEnglish(page, 'ratio refusal', ['clerk']);
  // Three of the four (k + 2) is accepted.
  await item.locator('input[name=nomineeIds]').last().uncheck();
  await item.locator('button[type=submit]').click();
  await expect(page.locator('section', { hasText: '议题' }).locator('table')).toContainText('差额推荐县水利局局长');

  // Logged in the record's meeting entry when the meeting opens.
  const chair = await Officer.login(server.baseURL, 'chair');
  await chair.call('POST', `/api/meetings/${meeting.id}/open`);
  const record = await clerk.call<{ entries: string[] }>('GET', `/api/meetings/${meeting.id}/record`);
  const entry = JSON.parse(record.entries[0]!.slice(record.entries[0]!.indexOf('\n') + 1)) as { committee: { policies: unknown } };
  expect(entry.committee.policies).toEqual(CHOSEN);
  // The one refusal is the one asked for (422 competitive_ratio), nothing else.
  const refused = `/api/meetings/${meeting.id}/items`;
  expect(w.problems.filter((p) => !p.includes(refused))).toEqual([]);
  expect(w.problems.filter((p) => p.includes('HTTP'))).toEqual([`clerk HTTP 422 POST ${refused}`]);
});
