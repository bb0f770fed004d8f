/**
 * The tablet keeps what it must not lose: a ballot whose answer was lost is sent again, the
 * same ballot, after a reload; the server counts it once. Sign-out asks twice and leaves no key
 * or choice behind, only the receipt.
 */
import { expect, test } from '@playwright/test';
import { Officer, prepareMeeting } from './api';
import { expectNoAxeViolations } from './a11y';
import { expectClean, watch } from './pages';
import { PASSWORD, startServer, type RunningServer } from './server';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer(['clerk:clerk', 'chair:presiding']);
});

test.afterAll(async () => {
  await server?.stop();
});

test('a lost ballot answer and a reload: the kept ballot is sent again and counted once', async ({ browser }) => {
  const prepared = await prepareMeeting(server.baseURL, { members: 1, observers: 0 });
  const clerk = await Officer.login(server.baseURL, 'clerk');
  const chair = await Officer.login(server.baseURL, 'chair');
  const { slips } = await clerk.call<{ slips: Array<{ code: string }> }>('POST', `/api/meetings/${prepared.meetingId}/slips`);
  const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 800 }, hasTouch: true });
  const w = await watch(await context.newPage(), 'tablet');
  const page = w.page;

  await page.goto(`/tablet/?meeting=${prepared.meetingId}`);
  await page.locator('#code').fill(slips[0]!.code);
  await page.keyboard.press('Enter');
  await expect(page.locator('main[data-screen=waiting]')).toBeVisible();
  await chair.call('POST', `/api/meetings/${prepared.meetingId}/open`, {});
  await chair.call('POST', `/api/items/${prepared.plainItem}/open`, {});
  await expect(page.locator('main[data-screen=card]')).toBeVisible();

  // The server stores the ballot, but the answer never reaches the tablet.
  const sent: string[] = [];
  let dropAnswers = true;
  await context.route('**/api/ballots', async (route) => {
    sent.push(route.request().postData() ?? '');
    const response = await route.fetch();
    if (dropAnswers) await route.abort('connectionreset');
    else await route.fulfill({ response });
  });
  await page.locator(`fieldset[data-nominee="${prepared.plainNominee}"] label.choice-disapprove`).click();
  await page.locator('#review').click();
  await page.locator('#cast').click();
  await expect(page.locator('main[data-screen=casting]')).toBeVisible();
  await page.reload();
  await expect.poll(() => sent.length).toBeGreaterThanOrEqual(2);
  dropAnswers = false;
  await expect(page.locator('main[data-screen=cast]')).toBeVisible();
  expect(new Set(sent).size).toBe(1);
  const progress = (await (await fetch(`${server.baseURL}/api/items/${prepared.plainItem}/progress`)).json()) as { cast: number; issued: number };
  expect(progress).toMatchObject({ cast: 1, issued: 1 });
  const shortCode = await page.locator('#short-code').textContent();

  // Close: the receipt stays in the agenda. Then sign out, which asks twice.
  await chair.call('POST', `/api/items/${prepared.plainItem}/close`, {});
  await expect(page.locator(`[data-item="${prepared.plainItem}"] .short-code`)).toHaveText(shortCode!);
  await page.locator('#signout').click();
  await expect(page.locator('main[data-screen=waiting]')).toBeVisible();
  await page.locator('#signout').click();
  await expect(page.locator('main[data-screen=signin]')).toBeVisible();
  const kept = await page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const req = indexedDB.open('sealvote-tablet', 1);
        req.onsuccess = () => {
          const all = req.result.transaction('kv').objectStore('kv').getAll();
          all.onsuccess = () => resolve(all.result as unknown[]);
          all.onerror = () => reject(all.error);
        };
        req.onerror = () => reject(req.error);
      }),
  );
  // The receipt, and what the tablet checked of the log (public: the pinned service key and the
  // meeting's signed checkpoints), stay; no ballot key, blinding state, token or choice.
  const records = kept.filter((v) => typeof v === 'object' && v !== null && 'receipt' in v);
  expect(records).toHaveLength(1);
  expect(Object.keys(records[0] as object).sort()).toEqual(['class', 'item', 'meeting', 'purpose', 'receipt', 'round', 'status', 'subject']);
  const others = kept.filter((v) => !(records as unknown[]).includes(v));
  expect(others).toHaveLength(2);
  expect(others.find((v) => typeof v === 'string')).toMatch(/^sealvote\.local\/log\+[0-9a-f]{8}\+/);
  expect(Object.keys(others.find((v) => typeof v === 'object') as object).sort()).toEqual(['key', 'meetingId', 'seen']);
  expect(JSON.stringify(kept)).not.toMatch(/ballotSk|blindState|tokenSig|choices/);

  // The dropped answers are the only errors the page may show.
  w.problems.splice(0, w.problems.length, ...w.problems.filter((p) => !/ERR_CONNECTION_RESET|Failed to load resource: net::/.test(p)));
  expectClean(w);
  await context.close();
});

test('a blind signature that does not verify under the logged key is refused on the tablet', async ({ browser }) => {
  const prepared = await prepareMeeting(server.baseURL, { members: 1, observers: 0 });
  const clerk = await Officer.login(server.baseURL, 'clerk');
  const chair = await Officer.login(server.baseURL, 'chair');
  const { slips } = await clerk.call<{ slips: Array<{ code: string }> }>('POST', `/api/meetings/${prepared.meetingId}/slips`);
  const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 800 } });
  // A server tagging this tablet: it answers with a point that is not sk·B (here B itself).
  await context.route('**/api/items/*/tokens', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as Record<string, string>;
    const { blinded } = JSON.parse(route.request().postData() ?? '{}') as { blinded: string };
    await route.fulfill({ response, json: { ...body, blindSignature: blinded } });
  });
  const w = await watch(await context.newPage(), 'tablet');
  await w.page.goto(`/tablet/?meeting=${prepared.meetingId}`);
  await w.page.locator('#code').fill(slips[0]!.code);
  await w.page.keyboard.press('Enter');
  await expect(w.page.locator('main[data-screen=waiting]')).toBeVisible();
  await chair.call('POST', `/api/meetings/${prepared.meetingId}/open`, {});
  await chair.call('POST', `/api/items/${prepared.plainItem}/open`, {});
  await expect(w.page.locator('main[data-screen=refused] h1.danger')).toContainText('选票校验未通过');
  await expectNoAxeViolations(w.page, 'tablet, token refused');
  await expect(w.page.locator('input[type=radio]')).toHaveCount(0);
  expectClean(w);
  await context.close();
});

test('a locked sign-in says how long to wait, and the clerk can lift it (issue 20)', async ({ browser }) => {
  const prepared = await prepareMeeting(server.baseURL, { members: 1, observers: 0 });
  const clerk = await Officer.login(server.baseURL, 'clerk');
  const { slips } = await clerk.call<{ slips: Array<{ code: string }> }>('POST', `/api/meetings/${prepared.meetingId}/slips`);
  // Ten different wrong codes from this machine's address; the tablet's next attempt is locked out.
  for (let i = 0; i < 10; i++) {
    await fetch(`${server.baseURL}/api/meetings/${prepared.meetingId}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `${String(i).padStart(5, '0')}-zzzzz` }),
    });
  }
  const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 800 } });
  const w = await watch(await context.newPage(), 'tablet');
  await w.page.goto(`/tablet/?meeting=${prepared.meetingId}`);
  await w.page.locator('#code').fill(slips[0]!.code);
  await w.page.keyboard.press('Enter');
  await expect(w.page.locator('form.signin .error')).toHaveText('尝试次数过多,请 5 分钟后再试,或请工作人员解除锁定。');
  // The clerk lifts it from the meeting's page in the console.
  const desk = await watch(await context.newPage(), 'console');
  await desk.page.goto(`/console/#/meeting/${prepared.meetingId}`);
  await desk.page.locator('#login input[name=username]').fill('clerk');
  await desk.page.locator('#login input[name=password]').fill(PASSWORD);
  await desk.page.locator('#login button[type=submit]').click();
  await desk.page.locator('#clear-sign-in-locks').click();
  await expect(desk.page.locator('#sign-in-locks-cleared')).toHaveText('已解除 1 个地址的签到锁定。');
  expectClean(desk);
  await w.page.keyboard.press('Enter');
  await expect(w.page.locator('main[data-screen=waiting]')).toBeVisible();
  // The 429 is the one error the page may show.
  w.problems.splice(0, w.problems.length, ...w.problems.filter((p) => !/HTTP 429 POST \/api\/meetings\/[^/]+\/sign-in|status of 429/.test(p)));
  expectClean(w);
  await context.close();
});
