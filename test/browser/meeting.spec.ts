/**
 * A whole meeting in a real browser: the clerk issues printable slips from the console, five
 * tablets sign in (one operated by keyboard only, one reloaded in the middle of voting), the
 * presiding officer opens, closes and announces two items (a plain one and a competitive one)
 * from the console, and the projector shows "n of m cast" and then the announced result.
 * Every page must run without a console error or a CSP violation.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { Officer, prepareMeeting, type PreparedMeeting } from './api';
import { expectClean, screenshot, tabTo, watch, type Watched, confirmDialog } from './pages';
import { PASSWORD, startServer, type RunningServer } from './server';

let server: RunningServer;
let prepared: PreparedMeeting;
let clerkApi: Officer;

test.beforeAll(async () => {
  server = await startServer(['clerk:clerk', 'chair:presiding']);
  prepared = await prepareMeeting(server.baseURL, { members: 5, observers: 1 });
  clerkApi = await Officer.login(server.baseURL, 'clerk');
});

test.afterAll(async () => {
  await server?.stop();
});

const TABLET = { viewport: { width: 1280, height: 800 }, hasTouch: true };
const PROJECTOR = { viewport: { width: 1920, height: 1080 } };

async function openPage(browser: Browser, name: string, opts: Parameters<Browser['newContext']>[0] = {}): Promise<Watched & { context: BrowserContext }> {
  const context = await browser.newContext({ baseURL: server.baseURL, ...opts });
  const page = await context.newPage();
  return { context, ...(await watch(page, name)) };
}

async function login(page: Page, username: string): Promise<void> {
  await page.goto('/console/');
  await page.locator('#login input[name=username]').fill(username);
  await page.locator('#login input[name=password]').fill(PASSWORD);
  await page.locator('#login button[type=submit]').click();
  await expect(page.locator('#logout')).toBeVisible();
}

async function choose(page: Page, nomineeId: string, choice: 'approve' | 'disapprove' | 'abstain'): Promise<void> {
  await page.locator(`fieldset[data-nominee="${nomineeId}"] label.choice-${choice}`).click();
}

async function reviewAndCast(page: Page): Promise<string> {
  await page.locator('#review').click();
  await expect(page.locator('main[data-screen=review]')).toBeVisible();
  await page.locator('#cast').click();
  await expect(page.locator('main[data-screen=cast]')).toBeVisible();
  return (await page.locator('#short-code').textContent()) ?? '';
}

async function announce(console: Page, itemId: string): Promise<void> {
  const item = console.locator(`[data-item="${itemId}"]`);
  await item.locator('[data-action=close]').click();
  await confirmDialog(console);
  // Wait for the tally; the small-group warning, when the result could reveal choices, comes first.
  await expect(item.locator('[data-action=announce], [data-warning]').first()).toBeVisible();
  if (await item.locator('[data-warning]').isVisible()) {
    await screenshot(console, 'console-small-group-warning');
    await item.locator('[data-action=confirm-announce]').click();
  }
  await item.locator('[data-action=announce]').click();
  await confirmDialog(console);
  await expect(item).toHaveClass(/status-announced/);
}

test('a whole meeting: slips, tablets, console and projector', async ({ browser }) => {
  const { meetingId, plainItem, plainNominee, competitiveItem, competitiveNominees } = prepared;

  // The clerk issues the slips from the console; the printable page opens with the codes.
  const clerk = await openPage(browser, 'clerk-console');
  await login(clerk.page, 'clerk');
  await screenshot(clerk.page, 'console-meetings');
  await clerk.page.goto(`/console/#/meeting/${meetingId}`);
  await expect(clerk.page.locator('#meeting-id')).toHaveText(meetingId);
  const [slipsPage] = await Promise.all([clerk.context.waitForEvent('page'), clerk.page.locator('#issue-slips').click()]);
  await expect(slipsPage.locator('.slip')).toHaveCount(6);
  await screenshot(slipsPage, 'slips');
  const codes = new Map<string, string>();
  for (const slip of await slipsPage.locator('.slip').all()) {
    codes.set((await slip.locator('.name strong').textContent())!.trim(), (await slip.locator('.code code').textContent())!.trim());
  }
  await screenshot(clerk.page, 'console-meeting');

  // Four of five members and the observer sign in; tablet 1 by keyboard only.
  const names = ['常委1', '常委2', '常委3', '常委4', '列席1'];
  const tablets: Array<Watched & { context: BrowserContext }> = [];
  for (const [i, name] of names.entries()) {
    const tablet = await openPage(browser, `tablet-${name}`, TABLET);
    await tablet.page.goto(`/tablet/?meeting=${meetingId}`);
    await expect(tablet.page.locator('#code')).toBeFocused();
    if (i === 0) {
      await screenshot(tablet.page, 'tablet-signin');
      await tablet.page.keyboard.type(codes.get(name)!);
      await tablet.page.keyboard.press('Enter');
    } else {
      await tablet.page.locator('#code').fill(codes.get(name)!);
      await tablet.page.locator('form.signin button[type=submit]').click();
    }
    await expect(tablet.page.locator('main[data-screen=waiting]')).toBeVisible();
    tablets.push(tablet);
  }
  await expect(tablets[0]!.page.locator('#who')).toContainText('常委1');
  await screenshot(tablets[0]!.page, 'tablet-waiting');

  // The presiding officer: presence and quorum (4 of 5 due: 12 ≥ 10, R1), then opens.
  const chair = await openPage(browser, 'chair-console');
  await login(chair.page, 'chair');
  await chair.page.goto(`/console/#/live/${meetingId}`);
  await expect(chair.page.locator('#quorum')).toHaveAttribute('data-met', 'true');
  await chair.page.locator('#open-meeting').click();
  await confirmDialog(chair.page);
  await chair.page.locator(`[data-item="${plainItem}"] [data-action=open]`).click();

  const projector = await openPage(browser, 'projector', PROJECTOR);
  await projector.page.goto(`/projector/?meeting=${meetingId}`);
  // Members against the members present, observers apart (R4).
  await expect(projector.page.locator('#progress')).toHaveText('常委已投 0 / 4 票');
  await expect(projector.page.locator('#progress-b')).toHaveText('列席已投 0 / 1 票(B 票,仅供参考)');
  await screenshot(projector.page, 'projector-voting');

  // Every tablet fetched its token by itself and shows the item card.
  for (const t of tablets) await expect(t.page.locator('main[data-screen=card]')).toBeVisible();
  const [k1, t2, t3, t4, observer] = tablets.map((t) => t.page) as [Page, Page, Page, Page, Page];
  await expect(k1.locator('.facts')).toContainText('县财政局副局长');
  await screenshot(k1, 'tablet-card');

  // Tablet 1, keyboard only: approve, review, cast.
  await tabTo(k1, `input[name="choice-${plainNominee}"]`);
  await k1.keyboard.press('Space');
  await expect(k1.locator(`input[name="choice-${plainNominee}"][value=approve]`)).toBeChecked();
  await tabTo(k1, '#review');
  await k1.keyboard.press('Enter');
  await expect(k1.locator('main[data-screen=review]')).toBeVisible();
  await screenshot(k1, 'tablet-review');
  await tabTo(k1, '#cast');
  await k1.keyboard.press('Enter');
  await expect(k1.locator('main[data-screen=cast]')).toBeVisible();
  const receipt1 = (await k1.locator('#short-code').textContent()) ?? '';
  expect(receipt1).toMatch(/^[0-9a-f]{5} [0-9a-f]{5}$/);
  await screenshot(k1, 'tablet-receipt');

  // Tablet 2 reloads in the middle of voting: token and half-made choice survive.
  await choose(t2, plainNominee, 'approve');
  await expect(t2.locator('body[data-draft-saved]')).toHaveCount(1);
  await t2.reload();
  await expect(t2.locator('main[data-screen=card]')).toBeVisible();
  await expect(t2.locator(`input[name="choice-${plainNominee}"][value=approve]`)).toBeChecked();
  await reviewAndCast(t2);

  await choose(t3, plainNominee, 'disapprove');
  await reviewAndCast(t3);
  await choose(t4, plainNominee, 'approve');
  await reviewAndCast(t4);
  await expect(observer.locator('.note').first()).toBeVisible();
  await choose(observer, plainNominee, 'abstain');
  await reviewAndCast(observer);

  // R11: only "n of m cast" while open, on the projector and the console alike.
  await expect(projector.page.locator('#progress')).toHaveText('常委已投 4 / 4 票');
  await expect(projector.page.locator('#progress-b')).toHaveText('列席已投 1 / 1 票(B 票,仅供参考)');
  // A against the members present, B apart (R4).
  await expect(chair.page.locator(`[data-item="${plainItem}"] [data-progress]`)).toHaveText('常委(A 票):已投 4 / 实到 4');
  await expect(chair.page.locator(`[data-item="${plainItem}"] [data-progress-b]`)).toHaveText('列席(B 票):已投 1 / 1');
  await screenshot(chair.page, 'console-live');
  await announce(chair.page, plainItem);

  // The projector: A counts and the decision, B labelled as reference, tally hash and QR.
  const a = projector.page.locator('.section-a');
  await expect(a.locator(`td.decision[data-nominee="${plainNominee}"]`)).toHaveText('通过');
  await expect(a.locator('tbody td.num')).toHaveText(['3', '1', '0']);
  await expect(projector.page.locator('.section-b h3')).toHaveText('B 票(列席,仅供参考)');
  await expect(projector.page.locator('.section-b tbody td.num')).toHaveText(['0', '0', '1']);
  const state = (await (await fetch(`${server.baseURL}/api/meetings/${meetingId}/state`)).json()) as { checkpoint: { rootHash: string } };
  await expect(projector.page.locator('#tally-hash')).toHaveText(state.checkpoint.rootHash);
  await expect(projector.page.locator('#tally-qr')).toHaveAttribute('src', /^data:image\//);
  // The QR code opens the inspector page on this meeting with this hash; not final before the end.
  await expect(projector.page.locator('#tally-qr')).toHaveAttribute('data-target', `${server.baseURL}/inspector/?meeting=${meetingId}&hash=${state.checkpoint.rootHash}`);
  await expect(projector.page.locator('#tally')).toHaveAttribute('data-final', 'false');
  expect(await projector.page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
  await screenshot(projector.page, 'projector-result');

  // The tablet keeps the receipt, shown in the agenda after close.
  await expect(k1.locator(`[data-item="${plainItem}"] .short-code`)).toHaveText(receipt1);

  // The competitive item: one approval at most (R8), enforced on the card.
  await chair.page.locator(`[data-item="${competitiveItem}"] [data-action=open]`).click();
  const [n2, n3] = competitiveNominees as [string, string];
  for (const page of [k1, t2, t3, t4]) await expect(page.locator('main[data-screen=card]')).toBeVisible();
  await choose(k1, n2, 'approve');
  await expect(k1.locator(`fieldset[data-nominee="${n3}"] input[value=approve]`)).toBeDisabled();
  await expect(k1.locator('#approval-hint')).toContainText('上限');
  await screenshot(k1, 'tablet-competitive');
  await choose(k1, n3, 'disapprove');
  await reviewAndCast(k1);
  for (const page of [t2, t4]) {
    await choose(page, n2, 'approve');
    await choose(page, n3, 'abstain');
    await reviewAndCast(page);
  }
  await choose(t3, n3, 'approve');
  await choose(t3, n2, 'disapprove');
  await reviewAndCast(t3);
  await expect(projector.page.locator('#progress')).toHaveText('常委已投 4 / 4 票');
  await announce(chair.page, competitiveItem);
  await expect(projector.page.locator(`td.decision[data-nominee="${n2}"]`)).toHaveText('通过');
  await expect(projector.page.locator(`td.decision[data-nominee="${n3}"]`)).toHaveText('未通过');

  // English is one switch away, and the page says which language it is in.
  await projector.page.locator('#lang').click();
  await expect(projector.page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(projector.page.locator('.section-b h3')).toHaveText('B ballots (observers, for reference)');
  await screenshot(projector.page, 'projector-result-en');

  await projector.page.locator('#lang').click();
  await expect(projector.page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await chair.page.locator('#close-meeting').click();
  await confirmDialog(chair.page);
  await expect(k1.locator('.state-closed').first()).toBeVisible();
  // The projector after the meeting: every item's outcome and the final tally hash.
  await expect(projector.page.locator('#meeting-closed')).toHaveText('会议已结束');
  await expect(projector.page.locator('#summary tbody tr')).toHaveCount(2);
  await expect(projector.page.locator('#tally')).toHaveAttribute('data-final', 'true');
  await expect(projector.page.locator('#tally-label')).toHaveText('最终计票哈希(会议已结束)');
  expect(await projector.page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
  await screenshot(projector.page, 'projector-closed');

  expectClean(clerk, chair, projector, ...tablets);
  for (const p of [clerk, chair, projector, ...tablets]) await p.context.close();
  expect(server.stderr()).not.toMatch(/failed:/);
});
