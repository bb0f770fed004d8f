/**
 * The inspector's page in a real browser (issue 7): a meeting runs to its end (scripted tablets
 * speak the real token and ballot protocol over HTTP; the whole-meeting spec covers the tablet
 * pages), then the discipline commission's inspector loads the record from the service with
 * pinned keys, sees every check pass in the Web Worker's report, cosigns with a department key
 * file and files it; the organization department's filer downloads the record from the officer
 * console, opens the file on /inspector/, cosigns and files, and the meeting is "filed" (R4). A
 * tampered copy (one choice flipped) fails, names its failing check and cannot be cosigned.
 * No console error, no failed request, no CSP violation on any page.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCosignerKey } from '../../crypto/cosignature';
import type { KeyPairStrings } from '../../crypto/signed-note';
import { TabletClient, type Fetcher } from '../../src/demo/tablet-client';
import { CHECKS, formatTrustFile, verifyRecord, type MeetingRecord } from '../../src/verifier';
import { Officer, prepareMeeting, type PreparedMeeting } from './api';
import { expectNoAxeViolations } from './a11y';
import { expectClean, expectNoEnglish, screenshot, watch, type Watched } from './pages';
import { PASSWORD, startServer, type RunningServer } from './server';

let server: RunningServer;
let prepared: PreparedMeeting;
let tallyHash: string;
let keyDir: string;
const keys: Record<'organization' | 'discipline', KeyPairStrings & { file: string }> = {} as never;

/** Runs the prepared meeting to its end through the API: sign-in, two items voted and announced, close. */
async function runMeeting(baseURL: string, meeting: PreparedMeeting): Promise<string> {
  const clerk = await Officer.login(baseURL, 'clerk');
  const chair = await Officer.login(baseURL, 'chair');
  const fetcher: Fetcher = (path, init) => fetch(baseURL + path, init);
  const { slips } = await clerk.call<{ slips: Array<{ code: string }> }>('POST', `/api/meetings/${meeting.meetingId}/slips`);
  const tablets: TabletClient[] = [];
  for (const slip of slips) {
    const res = await fetcher(`/api/meetings/${meeting.meetingId}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: slip.code }) });
    const body = (await res.json()) as { tabletToken: string; person: { class: 'A' | 'B' } };
    if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${JSON.stringify(body)}`);
    tablets.push(new TabletClient(fetcher, body.tabletToken, body.person.class));
  }
  const members = tablets.filter((t) => t.klass === 'A');
  const observers = tablets.filter((t) => t.klass === 'B');
  await chair.call('POST', `/api/meetings/${meeting.meetingId}/open`, {});

  await chair.call('POST', `/api/items/${meeting.plainItem}/open`, {});
  await Promise.all(members.map((t, i) => t.vote(meeting.plainItem, { [meeting.plainNominee]: i < 2 ? 'approve' : 'disapprove' })));
  await Promise.all(observers.map((t) => t.vote(meeting.plainItem, { [meeting.plainNominee]: 'abstain' })));
  await chair.call('POST', `/api/items/${meeting.plainItem}/close`, {});
  await chair.call('POST', `/api/items/${meeting.plainItem}/announce`, {});

  const [n2, n3] = meeting.competitiveNominees as [string, string];
  await chair.call('POST', `/api/items/${meeting.competitiveItem}/open`, {});
  await Promise.all(members.map((t, i) => t.vote(meeting.competitiveItem, i < 2 ? { [n2]: 'approve', [n3]: 'disapprove' } : { [n2]: 'abstain', [n3]: 'approve' })));
  await Promise.all(observers.map((t) => t.vote(meeting.competitiveItem, { [n2]: 'approve', [n3]: 'abstain' })));
  await chair.call('POST', `/api/items/${meeting.competitiveItem}/close`, {});
  await chair.call('POST', `/api/items/${meeting.competitiveItem}/announce`, {});

  const end = await chair.call<{ tallyHash: string }>('POST', `/api/meetings/${meeting.meetingId}/close`, {});
  return end.tallyHash;
}

test.beforeAll(async () => {
  server = await startServer(['clerk:clerk', 'chair:presiding', 'admin:admin', 'inspector:inspector', 'filer:filer']);
  prepared = await prepareMeeting(server.baseURL, { members: 3, observers: 1 });
  tallyHash = await runMeeting(server.baseURL, prepared);
  // Each department's key file as `sealvote keygen` writes it: the signer key and a newline, 0600.
  keyDir = mkdtempSync(join(tmpdir(), 'sealvote-keys-'));
  const admin = await Officer.login(server.baseURL, 'admin');
  for (const d of ['organization', 'discipline'] as const) {
    const pair = generateCosignerKey(`sealvote-${d}-test-county`);
    const file = join(keyDir, `sealvote-${d}-test-county.key`);
    writeFileSync(file, `${pair.signerKey}\n`, { mode: 0o600 });
    keys[d] = { ...pair, file };
    await admin.call('PUT', `/api/departments/${d}/key`, { verifierKey: pair.verifierKey });
  }
});

test.afterAll(async () => {
  await server?.stop();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

async function openPage(browser: Browser, name: string): Promise<Watched & { context: BrowserContext }> {
  const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  return { context, ...(await watch(page, name)) };
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.locator('#login input[name=username]').fill(username);
  await page.locator('#login input[name=password]').fill(PASSWORD);
  await page.locator('#login button[type=submit]').click();
  await expect(page.locator('#logout')).toBeVisible();
}

async function expectEveryCheckPasses(page: Page): Promise<void> {
  await expect(page.locator('#verdict')).toHaveText('通过');
  await expect(page.locator('#checks tbody tr')).toHaveCount(CHECKS.length);
  await expect(page.locator('#checks tbody tr[data-status=pass]')).toHaveCount(CHECKS.length);
  await expect(page.locator('#tally-hash')).toHaveAttribute('data-hex', tallyHash);
  // The worker reported its phases up to the end.
  await expect(page.locator('#progress')).toHaveAttribute('data-phase', 'done');
}

async function cosignAndFile(page: Page, department: 'organization' | 'discipline'): Promise<void> {
  await expect(page.locator('#cosign-button')).toBeEnabled();
  await page.locator('#key-file').setInputFiles(keys[department].file);
  await page.locator('#cosign-button').click();
  await expect(page.locator('#cosign-line')).toHaveValue(new RegExp(`^— sealvote-${department}-test-county `));
  // The key file is gone from the page once used, and nothing of it was stored.
  await expect(page.locator('#key-file')).toHaveValue('');
  const stored = await page.evaluate(async () => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, await indexedDB.databases()]));
  expect(stored).not.toContain('PRIVATE');
  await page.locator('#file-cosignature').click();
  await expect(page.locator(`#filing-departments li[data-department=${department}]`)).toHaveAttribute('data-filed', 'true');
  await expect(page.locator('#file-cosignature')).toBeHidden();
}

test('the inspector page verifies the record; both departments cosign and file it; a tampered file fails', async ({ browser }) => {
  const { meetingId } = prepared;

  // The discipline commission's inspector: load from the service, keys pinned as given on paper.
  const inspector = await openPage(browser, 'inspector');
  await inspector.page.goto('/inspector/');
  await screenshot(inspector.page, 'inspector-signin');
  await signIn(inspector.page, 'inspector');
  await expect(inspector.page.locator('#meeting-select')).toHaveValue(meetingId);
  const serviceKey = (await (await Officer.login(server.baseURL, 'inspector')).call<MeetingRecord>('GET', `/api/meetings/${meetingId}/record`)).serviceKey;
  await inspector.page.locator('#trusted summary').click();
  await inspector.page.locator('#trust-service').fill(serviceKey);
  await inspector.page.locator('#trust-organization').fill(keys.organization.verifierKey);
  await inspector.page.locator('#trust-discipline').fill(keys.discipline.verifierKey);
  await inspector.page.locator('#load-service').click();
  await expectEveryCheckPasses(inspector.page);
  await expect(inspector.page.locator('#keys-status')).toHaveAttribute('data-pinned', 'true');
  await expect(inspector.page.locator('#keys-status')).toHaveAttribute('data-filed', 'false');
  await expect(inspector.page.locator('#cosigners li')).toHaveText(['尚无会签']);
  await screenshot(inspector.page, 'inspector-verified');
  await cosignAndFile(inspector.page, 'discipline');
  await expect(inspector.page.locator('#filing-status')).toHaveAttribute('data-filed', 'false');
  await expect(inspector.page.locator('#filing-status')).toHaveText('未归档:需组织部和纪检委两份会签');
  await screenshot(inspector.page, 'inspector-cosigned');
  await expectNoAxeViolations(inspector.page, 'inspector, cosigned');

  // The organization department's filer: the record file from the officer console, opened on /inspector/.
  const filer = await openPage(browser, 'filer');
  await filer.page.goto('/console/');
  await signIn(filer.page, 'filer');
  await filer.page.goto('/console/#/meetings');
  const [download] = await Promise.all([filer.page.waitForEvent('download'), filer.page.locator(`[data-download="${meetingId}"]`).click()]);
  expect(download.suggestedFilename()).toBe(`sealvote-record-${meetingId}.json`);
  const recordFile = join(keyDir, download.suggestedFilename());
  await download.saveAs(recordFile);
  await filer.page.locator(`[data-inspect="${meetingId}"]`).click();
  await expect(filer.page.locator('#who')).toContainText('filer');
  await filer.page.locator('#record-file').setInputFiles(recordFile);
  await expectEveryCheckPasses(filer.page);
  // Without pins the page says the keys come from the file, and will not cosign (issue 14).
  await expect(filer.page.locator('#keys-status')).toHaveAttribute('data-pinned', 'false');
  await expect(filer.page.locator('#cosign-button')).toBeDisabled();
  // The department's trust file (sealvote trust / keygen --trust) pins the three keys; the record is verified again.
  const trustFile = join(keyDir, 'trust.json');
  writeFileSync(trustFile, formatTrustFile({ serviceKey, departments: { organization: keys.organization.verifierKey, discipline: keys.discipline.verifierKey } }));
  await filer.page.locator('#trusted summary').click();
  await filer.page.locator('#trust-file').setInputFiles(trustFile);
  await expect(filer.page.locator('#trust-service')).toHaveValue(serviceKey);
  await expect(filer.page.locator('#keys-status')).toHaveAttribute('data-pinned', 'true');
  await expectEveryCheckPasses(filer.page);
  await expect(filer.page.locator('#report-source')).toContainText(download.suggestedFilename());
  await expect(filer.page.locator('#cosigners li[data-department=discipline]')).toContainText('sealvote-discipline-test-county');
  await cosignAndFile(filer.page, 'organization');
  await expect(filer.page.locator('#filing-status')).toHaveText('已归档');
  await expect(filer.page.locator('#filing-status')).toHaveAttribute('data-filed', 'true');
  await screenshot(filer.page, 'inspector-filed');
  await expectNoAxeViolations(filer.page, 'inspector, filed');

  // A tampered copy: one member's choice flipped in one ballot entry.
  const record = JSON.parse(readFileSync(recordFile, 'utf8')) as MeetingRecord;
  const index = record.entries.findIndex((e) => e.includes('"type":"ballot"') && e.includes('"approve"'));
  expect(index).toBeGreaterThan(0);
  record.entries[index] = record.entries[index]!.replace('"approve"', '"disapprove"');
  const expected = verifyRecord(record);
  expect(expected.ok).toBe(false);
  expect(expected.checks.find((c) => c.id === 'ballot-signatures')?.status).toBe('fail');
  await filer.page.locator('#record-file').setInputFiles({ name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(record)) });
  await expect(filer.page.locator('#verdict')).toHaveText('未通过');
  await expect(filer.page.locator('#verdict-detail')).toHaveAttribute('data-check', expected.firstFailure!.id);
  await expect(filer.page.locator('#verdict-detail')).toContainText(expected.firstFailure!.id);
  await expect(filer.page.locator('#checks tr[data-check=ballot-signatures]')).toHaveAttribute('data-status', 'fail');
  await expect(filer.page.locator('#cosign-button')).toBeDisabled();
  await expect(filer.page.locator('#key-file')).toBeDisabled();
  await expect(filer.page.locator('#cosign-disabled')).toBeVisible();
  await screenshot(filer.page, 'inspector-tampered');
  // The file's name is what the filer chose, not page text.
  await expectNoEnglish(filer.page, 'inspector, tampered', ['tampered', 'json']);
  await expectNoAxeViolations(filer.page, 'inspector, tampered');

  // English is one switch away.
  await filer.page.locator('#lang').click();
  await expect(filer.page.locator('#verdict')).toHaveText('FAILED');
  await expect(filer.page.locator('#report-source')).toHaveText('Source: file tampered.json');
  await expect(filer.page.locator('#checks tr[data-check=ballot-signatures] td.status')).toHaveText('FAIL');
  await screenshot(filer.page, 'inspector-tampered-en');
  await expectNoAxeViolations(filer.page, 'inspector, tampered, in English');

  expectClean(inspector, filer);
  for (const p of [inspector, filer]) await p.context.close();
  expect(server.stderr()).not.toMatch(/failed:/);
});
