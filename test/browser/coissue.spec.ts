/**
 * A whole co-issued meeting in a real browser (docs/coissuance.md): the discipline commission's
 * officer imports its key file into the co-issuer page (non-extractable, in IndexedDB), starts
 * co-issuing, confirms the members as they sign in on their tablets, and the page co-signs
 * every token; a member the clerk signed in but the officer marked absent gets none. The console
 * shows the co-issuer online with its fingerprint; the record carries the co-issuer's rolls.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coissuerFingerprint, generateCoissuerKey } from '../../crypto/coissuer-statements';
import { parseEntry } from '../../crypto/log-entry';
import { Officer, todayInShanghai } from './api';
import { expectNoAxeViolations } from './a11y';
import { expectClean, expectNoEnglish, screenshot, watch, type Watched } from './pages';
import { PASSWORD, startServer, type RunningServer } from './server';

let server: RunningServer;
let dir: string;

test.beforeAll(async () => {
  server = await startServer(['clerk:clerk', 'chair:presiding', 'kw:inspector']);
  dir = mkdtempSync(join(tmpdir(), 'sealvote-coissue-spec-'));
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function openPage(browser: Browser, name: string, opts: Parameters<Browser['newContext']>[0] = {}): Promise<Watched & { context: BrowserContext }> {
  const context = await browser.newContext({ baseURL: server.baseURL, ...opts });
  const page = await context.newPage();
  return { context, ...(await watch(page, name)) };
}

async function prepare() {
  const clerk = await Officer.login(server.baseURL, 'clerk');
  const committee = await clerk.call<{ id: string }>('POST', '/api/committees', { name: '中共某县委常委会', issuance: 'coissued' });
  const c = `/api/committees/${committee.id}`;
  for (let i = 1; i <= 4; i++) await clerk.call('POST', `${c}/persons`, { kind: 'member', name: `常委${i}`, unit: '县委', title: '常委' });
  const post = await clerk.call<{ id: string }>('POST', `${c}/posts`, { unit: '县财政局', title: '局长' });
  const nominee = await clerk.call<{ id: string }>('POST', `${c}/nominees`, { name: '张明', birthDate: '1978-04-12', currentPost: '县财政局副局长', resume: '1996年参加工作。' });
  const { meeting } = await clerk.call<{ meeting: { id: string } }>('POST', '/api/meetings', { committeeId: committee.id, date: todayInShanghai(), title: '县委常委会第十三次会议' });
  const item = await clerk.call<{ id: string }>('POST', `/api/meetings/${meeting.id}/items`, { title: '任命张明为县财政局局长', postId: post.id, nomineeIds: [nominee.id] });
  const { slips } = await clerk.call<{ slips: Array<{ personId: string; name: string; code: string }> }>('POST', `/api/meetings/${meeting.id}/slips`);
  return { meetingId: meeting.id, itemId: item.id, nomineeId: nominee.id, slips };
}

async function signInTablet(page: Page, meetingId: string, code: string): Promise<void> {
  await page.goto(`/tablet/?meeting=${meetingId}`);
  await page.locator('#code').fill(code);
  await page.locator('form.signin button[type=submit]').click();
  await expect(page.locator('main[data-screen=waiting]')).toBeVisible();
}

test('a whole meeting with the inspector page co-issuing every token', async ({ browser }) => {
  const m = await prepare();
  const { signerKey, verifierKey } = generateCoissuerKey('sealvote-coissuer-county');
  const keyFile = join(dir, 'sealvote-coissuer-county.key');
  writeFileSync(keyFile, `${signerKey}\n`, { mode: 0o600 });
  const fingerprint = coissuerFingerprint(verifierKey);

  // The commission's officer: sign in, import the key, start co-issuing for the meeting.
  const co = await openPage(browser, 'coissuer');
  await co.page.goto(`/coissuer/?meeting=${m.meetingId}`);
  await co.page.locator('#login input[name=username]').fill('kw');
  await co.page.locator('#login input[name=password]').fill(PASSWORD);
  await co.page.locator('#login button[type=submit]').click();
  await expect(co.page.locator('#key')).toBeVisible();
  await co.page.locator('#key-file').setInputFiles(keyFile);
  await expect(co.page.locator('#key-fingerprint')).toHaveText(fingerprint);
  await co.page.locator('#start').click();
  await expect(co.page.locator('#run-fingerprint')).toHaveText(fingerprint);
  await expect(co.page.locator('#run-status')).toHaveAttribute('data-status', 'connected');

  // Four tablets sign in; member 4 was signed in by someone, but is not in the room.
  const tablets: Array<Watched & { context: BrowserContext }> = [];
  for (const slip of m.slips) {
    const tab = await openPage(browser, `tablet-${slip.name}`, { viewport: { width: 1280, height: 800 }, hasTouch: true });
    await signInTablet(tab.page, m.meetingId, slip.code);
    tablets.push(tab);
  }
  for (const slip of m.slips) {
    const row = co.page.locator(`#roster tr[data-person="${slip.personId}"]`);
    await expect(row).toHaveAttribute('data-signed-in', 'true');
    await row.locator(slip === m.slips[3] ? '[data-action=absent]' : '[data-action=confirm]').click();
    await expect(row).toHaveAttribute('data-decision', slip === m.slips[3] ? 'absent' : 'present');
  }
  await screenshot(co.page, 'coissuer-roster');
  await expectNoEnglish(co.page, 'co-issuer page');
  await expectNoAxeViolations(co.page, 'co-issuer page, roster');

  // The presiding officer's console: co-issuer online, its fingerprint, 3 of 4 confirmed.
  const chair = await Officer.login(server.baseURL, 'chair');
  await chair.call('POST', `/api/meetings/${m.meetingId}/open`);
  const consolePage = await openPage(browser, 'console');
  await consolePage.page.goto('/console/');
  await consolePage.page.locator('#login input[name=username]').fill('chair');
  await consolePage.page.locator('#login input[name=password]').fill(PASSWORD);
  await consolePage.page.locator('#login button[type=submit]').click();
  await expect(consolePage.page.locator('#logout')).toBeVisible();
  await consolePage.page.goto(`/console/#/live/${m.meetingId}`);
  await expect(consolePage.page.locator('#issuance')).toHaveAttribute('data-online', 'true');
  await expect(consolePage.page.locator('#issuance code')).toHaveText(fingerprint);

  // The vote opens once the co-issuer has accepted its key (it does so as soon as the meeting opens).
  await expect(co.page.locator('#log')).toContainText(/表决密钥|vote key/);
  await chair.call('POST', `/api/items/${m.itemId}/open`);
  for (const tab of tablets.slice(0, 3)) {
    await expect(tab.page.locator('main[data-screen=card]')).toBeVisible();
    await tab.page.locator(`fieldset[data-nominee="${m.nomineeId}"] label.choice-approve`).click();
    await tab.page.locator('#review').click();
    await tab.page.locator('#cast').click();
    await expect(tab.page.locator('main[data-screen=cast]')).toBeVisible();
  }
  // Member 4 is not present (the commission says absent): no ballot for them.
  await expect(tablets[3]!.page.locator('main[data-screen=refused], main[data-screen=fetching], main[data-screen=waiting]').first()).toBeVisible();
  await expect(tablets[3]!.page.locator('main[data-screen=card]')).toHaveCount(0);

  await chair.call('POST', `/api/items/${m.itemId}/close`);
  await expect(co.page.locator('#log')).toContainText(/签发名册.*3|Roll signed.*3 issued/);
  await chair.call('POST', `/api/items/${m.itemId}/announce`);
  const ended = await chair.call<{ tallyHash: string }>('POST', `/api/meetings/${m.meetingId}/close`);
  expect(ended.tallyHash).toMatch(/^[0-9a-f]{64}$/);

  const record = await chair.call<{ entries: string[] }>('GET', `/api/meetings/${m.meetingId}/record`);
  const entries = record.entries.map((e) => parseEntry(new TextEncoder().encode(e)) as Record<string, any>);
  expect(entries[0]!.issuance).toEqual({ mode: 'coissued', coissuer: verifierKey });
  const rolls = entries.filter((e) => e.type === 'coissued');
  expect(rolls.map((r) => [r.class, r.issued.length, r.present.length])).toEqual([['A', 3, 3], ['B', 0, 0]]);
  await screenshot(co.page, 'coissuer-after');
  await expectNoAxeViolations(co.page, 'co-issuer page, after the meeting');

  // The key never left the browser in a readable form.
  const extractable = await co.page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('sealvote-coissuer', 1);
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const key = await new Promise<any>((res) => {
      const g = db.transaction('kv').objectStore('kv').get('coissuer-key');
      g.onsuccess = () => res(g.result);
    });
    return [key.identity.extractable, key.shares.extractable, JSON.stringify(key).includes('PRIVATE')];
  });
  expect(extractable).toEqual([false, false, false]);
  expectClean(co, consolePage, ...tablets.slice(0, 3));
});
