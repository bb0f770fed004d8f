/**
 * Issue 19 point 2 in the browser: the clerk marks a standing committee item as a nomination to
 * the full committee; members' tablets say so; once the standing meeting has ended the full
 * committee's draft meeting lists the nomination, the clerk puts it on the agenda with one press,
 * the full committee's tablets show the citation, and the full committee's record verifies
 * against the standing committee's.
 */
import { expect, test, type Page } from '@playwright/test';
import { TabletClient } from '../../src/demo/tablet-client';
import { verifyRecord } from '../../src/verifier';
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

const fetcher = (path: string, init?: RequestInit) => fetch(`${server.baseURL}${path}`, init);

async function signIn(meetingId: string, code: string): Promise<string> {
  const res = await fetcher(`/api/meetings/${meetingId}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { tabletToken: string }).tabletToken;
}

/** A committee of three members (the first on a browser tablet), a post and a person. */
async function committee(clerk: Officer, body: Record<string, unknown>, names: string[]) {
  const c = await clerk.call<{ id: string }>('POST', '/api/committees', body);
  for (const name of names) await clerk.call('POST', `/api/committees/${c.id}/persons`, { kind: 'member', name, unit: '县委', title: '委员' });
  const { meeting } = await clerk.call<{ meeting: { id: string } }>('POST', '/api/meetings', { committeeId: c.id, date: todayInShanghai(), title: `${body.name as string}会议` });
  return { id: c.id, meetingId: meeting.id };
}

/** The first member votes approve on the browser tablet (after `check`), the other two through the API; the chair ends the meeting. */
async function runMeeting(chair: Officer, clerk: Officer, page: Page, meetingId: string, itemId: string, nomineeId: string, check: (card: ReturnType<Page['locator']>) => Promise<void>) {
  const { slips } = await clerk.call<{ slips: Array<{ code: string; name: string }> }>('POST', `/api/meetings/${meetingId}/slips`);
  await page.goto(`/tablet/?meeting=${meetingId}`);
  await page.locator('#code').fill(slips[0]!.code);
  await page.keyboard.press('Enter');
  await expect(page.locator('main[data-screen=waiting]')).toBeVisible();
  const others = await Promise.all(slips.slice(1).map(async (s) => new TabletClient(fetcher, await signIn(meetingId, s.code), 'A')));
  await chair.call('POST', `/api/meetings/${meetingId}/open`, {});
  await chair.call('POST', `/api/items/${itemId}/open`, {});
  const card = page.locator('main[data-screen=card]');
  await expect(card).toBeVisible();
  await check(card);
  await card.locator('label.choice-approve').click();
  await page.locator('#review').click();
  await page.locator('#cast').click();
  await expect(page.locator('main[data-screen=cast]')).toBeVisible();
  for (const tablet of others) await tablet.vote(itemId, { [nomineeId]: 'approve' });
  await chair.call('POST', `/api/items/${itemId}/close`, {});
  await chair.call('POST', `/api/items/${itemId}/announce`, {});
  await chair.call('POST', `/api/meetings/${meetingId}/close`, {});
}


test('a standing committee nominates; the full committee puts the nomination on its agenda, decides it, and its record verifies with the standing one', async ({ browser }) => {
  const clerk = await Officer.login(server.baseURL, 'clerk');
  const chair = await Officer.login(server.baseURL, 'chair');
  const standing = await committee(clerk, { name: '中共某县委常委会' }, ['常委甲', '常委乙', '常委丙']);
  const post = await clerk.call<{ id: string }>('POST', `/api/committees/${standing.id}/posts`, { unit: '某镇党委', title: '书记' });
  const person = await clerk.call<{ id: string }>('POST', `/api/committees/${standing.id}/nominees`, { name: '钱某', birthDate: '1979-03-04', currentPost: '某镇镇长', resume: '1999年参加工作。' });
  const item = await clerk.call<{ id: string }>('POST', `/api/meetings/${standing.meetingId}/items`, { title: '提名钱某同志为某镇党委书记人选', postId: post.id, nomineeIds: [person.id] });

  const console = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 900 } });
  const w = await watch(await console.newPage(), 'console');
  await w.page.goto(`/console/#/meeting/${standing.meetingId}`);
  await login(w.page, 'clerk');
  await w.page.goto(`/console/#/meeting/${standing.meetingId}`);
  await w.page.locator('#items [data-edit]').click();
  const dialog = w.page.locator('dialog[open]');
  await dialog.locator('[name=nominates]').check();
  await dialog.locator('button[type=submit]').click();
  await expect(w.page.locator('#items')).toContainText('提名至全委会');

  // The dossier (point 5): a personal recommendation without the declaration is refused, in Chinese.
  await w.page.locator(`#items [data-dossier="${person.id}"]`).click();
  const form = w.page.locator('dialog[open] form#edit-dossier');
  await form.locator('[name=source]').selectOption('personal');
  await form.locator('[name=recommender]').fill('孙某(县委副书记)');
  await form.locator('[name=relationship]').fill('曾为上下级,无亲属关系');
  await form.locator('[name=recommendation]').fill('民主推荐得票 45 票,排名第一');
  await form.locator('[name=examination]').fill('考察认为政治素质好,工作实绩突出');
  await form.locator('[name=reasons]').fill('工作需要,符合任职条件');
  await form.locator('[name=vacancy]').fill('原书记调任,职位空缺');
  await form.locator('button[type=submit]').click();
  await expect(form).toContainText('个人推荐须有推荐人声明');
  // That refusal was provoked: exactly it, and nothing else, is taken off the page's problems.
  const provoked = (p: string) => /422/.test(p) && p.includes('/dossiers/');
  expect(w.problems.filter(provoked)).toHaveLength(2);
  w.problems.splice(0, w.problems.length, ...w.problems.filter((p) => !provoked(p)));
  await form.locator('[name=declaration]').check();
  await form.locator('button[type=submit]').click();
  await expect(w.page.locator('dialog[open]')).toHaveCount(0);
  const dossier = w.page.locator(`#items [data-nominee="${person.id}"] details.dossier`);
  await expect(dossier).toHaveAttribute('data-source', 'personal');
  await dossier.locator('summary').click();
  await expect(dossier).toContainText('孙某(县委副书记)');

  const tablets = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 800 }, hasTouch: true });
  const member = await watch(await tablets.newPage(), 'standing-member');
  // The room's projector names each committee's voters as that committee has them (R13).
  const screen = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1920, height: 1080 } });
  const projector = await watch(await screen.newPage(), 'projector');
  await runMeeting(chair, clerk, member.page, standing.meetingId, item.id, person.id, async (card) => {
    await expect(card.locator('.nominates-note')).toContainText('提交全委会');
    // Collapsed under the nominee; a tap opens it.
    const details = card.locator('details.dossier');
    await expect(details).not.toHaveAttribute('open', '');
    await expect(details.locator('dd', { hasText: '工作需要' })).toBeHidden();
    await details.locator('summary').click();
    await expect(details.locator('dd', { hasText: '工作需要,符合任职条件' })).toBeVisible();
    await expect(details).toContainText('曾为上下级,无亲属关系');
    await screenshot(member.page, 'tablet-nomination');
    await projector.page.goto(`/projector/?meeting=${standing.meetingId}`);
    await expect(projector.page.locator('#progress')).toHaveText('常委已投 0 / 3 票');
  });

  const full = await committee(clerk, { name: '中共某县委全委会', kind: 'full', standingCommitteeId: standing.id }, ['委员甲', '委员乙', '委员丙']);
  await w.page.goto(`/console/#/meeting/${full.meetingId}`);
  const row = w.page.locator('#nominations tr', { hasText: '钱某' });
  await expect(row).toContainText('某镇党委 书记');
  await row.locator('[data-put-nomination]').click();
  await expect(w.page.locator('#items')).toContainText('常委会提名');
  // The dossier travels with the nomination.
  await expect(w.page.locator('#items details.dossier')).toHaveAttribute('data-source', 'personal');
  await expect(w.page.locator('#nominations tr', { hasText: '钱某' })).toContainText('已列入议程');
  await screenshot(w.page, 'console-nominations');
  const fullItem = (await clerk.call<{ items: Array<{ id: string; cites: { tallyHash: string }; nominees: Array<{ id: string }> }> }>('GET', `/api/meetings/${full.meetingId}`)).items[0]!;

  const fullTablets = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 800 }, hasTouch: true });
  const fullMember = await watch(await fullTablets.newPage(), 'full-member');
  await runMeeting(chair, clerk, fullMember.page, full.meetingId, fullItem.id, fullItem.nominees[0]!.id, async (card) => {
    await expect(card.locator('.cites-note')).toContainText(fullItem.cites.tallyHash.slice(0, 16));
    await projector.page.goto(`/projector/?meeting=${full.meetingId}`);
    await expect(projector.page.locator('#progress')).toHaveText('委员已投 0 / 3 票');
  });

  const record = (id: string) => clerk.call<unknown>('GET', `/api/meetings/${id}/record`);
  const [standingRecord, fullRecord] = [await record(standing.meetingId), await record(full.meetingId)];
  const report = verifyRecord(fullRecord, { cited: [standingRecord] });
  expect(report.firstFailure).toBeUndefined();
  expect(report.checks.find((c) => c.id === 'citations')?.status).toBe('pass');
  expect(verifyRecord(fullRecord).checks.find((c) => c.id === 'citations')?.status).toBe('skipped');
  expectClean(w, member, fullMember, projector);
  for (const c of [console, tablets, fullTablets, screen]) await c.close();
});
