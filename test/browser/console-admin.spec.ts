/**
 * Issue 17, point 5: the administrator's pages. Accounts: create, set a new password, disable,
 * enable, unlock an account locked by wrong passwords. Department keys: register the discipline
 * commission's verifier key and read its fingerprint. All in Chinese, nothing through the API.
 */
import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { generateCosignerKey } from '../../crypto/cosignature';
import { confirmDialog, expectClean, expectNoEnglish, screenshot, watch } from './pages';
import { PASSWORD, startServer, type RunningServer } from './server';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer(['admin:admin', 'chair:presiding']);
});
test.afterAll(async () => {
  await server?.stop();
});

const row = (page: Page, username: string) => page.locator('table#officers tbody tr', { hasText: username });

test('the administrator manages accounts and department keys through the pages', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 900 } });
  const w = await watch(await context.newPage(), 'admin');
  const page = w.page;
  await page.goto('/console/');
  await page.locator('#login input[name=username]').fill('admin');
  await page.locator('#login input[name=password]').fill(PASSWORD);
  await page.locator('#login button[type=submit]').click();
  await expect(page).toHaveURL(/#\/officers$/);

  // The password rule is on the form before anyone types.
  await expect(page.locator('form#new-officer')).toContainText('12–256 个字符');
  const f = page.locator('form#new-officer');
  await f.locator('[name=username]').fill('clerk2');
  await f.locator('[name=displayName]').fill('组织部干事');
  await f.locator('[name=role]').selectOption('clerk');
  await f.locator('[name=password]').fill('the first long passphrase');
  await f.locator('button[type=submit]').click();
  await expect(row(page, 'clerk2')).toContainText('正常');

  // A new password.
  await row(page, 'clerk2').locator('[data-reset]').click();
  await page.locator('form#reset-password [name=password]').fill('a second long passphrase');
  await page.locator('form#reset-password button[type=submit]').click();
  await expect(page.locator('dialog[open]')).toHaveCount(0);
  const login = (username: string, password: string) =>
    fetch(`${server.baseURL}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseURL }, body: JSON.stringify({ username, password }) });
  expect((await login('clerk2', 'the first long passphrase')).status).toBe(401);
  expect((await login('clerk2', 'a second long passphrase')).status).toBe(200);

  // Disable (asks first), then enable.
  await row(page, 'clerk2').locator('[data-disable]').click();
  await confirmDialog(page, '停用 组织部干事(clerk2)的账号?');
  await expect(row(page, 'clerk2')).toContainText('已停用');
  expect((await login('clerk2', 'a second long passphrase')).status).toBe(401);
  await row(page, 'clerk2').locator('[data-enable]').click();
  await expect(row(page, 'clerk2')).toContainText('正常');
  expect((await login('clerk2', 'a second long passphrase')).status).toBe(200);
  // The administrator cannot disable themselves: no button on their own row.
  await expect(row(page, 'admin').locator('[data-disable]')).toHaveCount(0);

  // Five wrong passwords lock the presiding officer; the page shows until when, and unlocks.
  for (let i = 0; i < 6; i++) await login('chair', 'not the password at all');
  await page.reload();
  await expect(row(page, 'chair')).toContainText('密码错误次数过多,锁定至');
  await screenshot(page, 'console-officers');
  await expectNoEnglish(page, 'officers', ['admin', 'chair']);
  await row(page, 'chair').locator('[data-unlock]').click();
  await expect(row(page, 'chair')).toContainText('正常');
  expect((await login('chair', PASSWORD)).status).toBe(200);

  // Department keys: register the discipline commission's, with its fingerprint.
  await page.locator('#nav [data-view=departments]').click();
  await expect(page.locator('h1')).toHaveText('部门密钥');
  const { verifierKey } = generateCosignerKey('sealvote-discipline-county');
  const fingerprint = createHash('sha256').update(verifierKey).digest('hex').slice(0, 20).match(/.{5}/g)!.join(' ');
  const k = page.locator('form#register-key');
  await k.locator('[name=department]').selectOption('discipline');
  await k.locator('[name=verifierKey]').fill(verifierKey);
  await k.locator('button[type=submit]').click();
  await confirmDialog(page, fingerprint);
  await expect(page.locator('[data-fingerprint=discipline]')).toHaveText(fingerprint);
  await expect(page.locator('table#department-keys')).toContainText('尚未登记');
  await screenshot(page, 'console-department-keys');
  await expectNoEnglish(page, 'department keys');

  // The wrong logins above were provoked on purpose from the test, not by the page.
  expectClean(w);
  await context.close();
});
