/**
 * The console's preparation forms, in the browser: the admin creates an account; the clerk
 * builds a committee, its roster, posts and nominees, a meeting with an item and an excusal,
 * and prints the slips — all through the forms. The language choice survives a reload.
 */
import { expect, test, type Page } from '@playwright/test';
import { todayInShanghai } from './api';
import { expectClean, screenshot, watch, consoleLogin as login } from './pages';
import { startServer, type RunningServer } from './server';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer(['admin:admin', 'clerk:clerk']);
});

test.afterAll(async () => {
  await server?.stop();
});

async function submit(page: Page, form: string, fields: Record<string, string>): Promise<void> {
  const f = page.locator(`form#${form}`);
  for (const [name, value] of Object.entries(fields)) {
    const input = f.locator(`[name="${name}"]`);
    if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
    else await input.fill(value);
  }
  await f.locator('button[type=submit]').click();
  await expect(f.locator('.error')).toHaveText('');
}

test('preparing a meeting through the console forms', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 900 } });
  const w = await watch(await context.newPage(), 'console');
  const page = w.page;

  await page.goto('/console/');
  await screenshot(page, 'console-login');
  await login(page, 'admin');
  await expect(page).toHaveURL(/#\/officers$/);
  await submit(page, 'new-officer', { username: 'inspector1', displayName: '纪检委甲', role: 'inspector', password: 'a long enough password' });
  await expect(page.locator('table.list')).toContainText('inspector1');
  await page.locator('#logout').click();
  await expect(page.locator('#login')).toBeVisible();

  await login(page, 'clerk');
  await page.locator('#nav [data-view=committees]').click();
  const committeeForm = page.locator('form').last();
  await committeeForm.locator('[name=name]').fill('中共某县委常委会');
  await committeeForm.locator('button[type=submit]').click();
  await page.locator('a', { hasText: '中共某县委常委会' }).click();
  await expect(page.locator('h1')).toHaveText('中共某县委常委会');

  for (const [kind, name] of [['member', '常委甲'], ['member', '常委乙'], ['observer', '列席甲']] as const) {
    await submit(page, 'add-person', { kind, name, unit: '县委', title: '常委' });
    await expect(page.locator('table.list').first()).toContainText(name);
  }
  await submit(page, 'add-post', { unit: '县财政局', title: '局长' });
  await expect(page.locator('section', { hasText: '职位' }).locator('table')).toContainText('县财政局');
  await submit(page, 'add-nominee', { name: '张明', birthDate: '1978-04-12', currentPost: '县财政局副局长', resume: '1996年参加工作。' });
  await expect(page.locator('section', { hasText: '拟任人选' }).locator('table')).toContainText('张明');
  await screenshot(page, 'console-committee');

  await submit(page, 'new-meeting', { date: todayInShanghai(), title: '县委常委会第一次会议' });
  await expect(page).toHaveURL(/#\/meeting\/mtg_/);
  await expect(page.locator('h1')).toHaveText('县委常委会第一次会议');
  const item = page.locator('form#add-item');
  await item.locator('[name=title]').fill('任命张明为县财政局局长');
  await item.locator('input[name=nomineeIds]').first().check();
  await item.locator('button[type=submit]').click();
  await expect(page.locator('section', { hasText: '议题' }).locator('table')).toContainText('任命张明为县财政局局长');
  await submit(page, 'excuse', { personId: await page.locator('form#excuse select[name=personId] option', { hasText: '常委乙' }).getAttribute('value') ?? '', reason: '出差' });
  await expect(page.locator('section', { hasText: '参会人员' })).toContainText('已请假:出差');

  const [slips] = await Promise.all([context.waitForEvent('page'), page.locator('#issue-slips').click()]);
  // The excused member gets no slip: two of three.
  await expect(slips.locator('.slip')).toHaveCount(2);
  await expect(slips.locator('.slip .code code').first()).toHaveText(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
  await expect(slips.locator('link[rel=stylesheet]')).toHaveAttribute('href', '/kiosk/print.css');
  await screenshot(page, 'console-meeting-prepared');

  // English, kept across a reload, with <html lang> to match.
  await page.locator('#lang').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('#logout')).toHaveText('Sign out');
  await screenshot(page, 'console-meeting-en');

  expectClean(w);
  await context.close();
});
