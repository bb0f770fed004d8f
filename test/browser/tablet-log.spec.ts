/**
 * The tablet checks what the server tells it (issue 16): it believes its class key only with an
 * inclusion proof in a checkpoint signed by the key it pinned at sign-in, follows the log with
 * consistency proofs, shows the same log fingerprint as the projector, and proves its receipt
 * after the close. Each test puts a lying server between one tablet and the real one — a
 * Playwright route on that tablet's browser context, rewriting answers; for the forked log it
 * signs with the service's own key, read from the server's data directory, as a dishonest
 * operator could.
 */
import { expect, test, type BrowserContext, type Page, type Route } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ballotReceipt, parseSignedBallot } from '../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { formatCheckpoint } from '../../crypto/checkpoint';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { entryBytes, parseEntry } from '../../crypto/log-entry';
import { consistencyProof, inclusionProof, leafHash, rootFromLeafHashes } from '../../crypto/merkle';
import { signNote } from '../../crypto/signed-note';
import { blindSign } from '../../crypto/token';
import { checkpointKeys } from '../../src/record/signer';
import { Officer, prepareMeeting, type PreparedMeeting } from './api';
import { expectClean, watch, type Watched } from './pages';
import { startServer, type RunningServer } from './server';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer(['clerk:clerk', 'chair:presiding']);
});

test.afterAll(async () => {
  await server?.stop();
});

interface Room {
  prepared: PreparedMeeting;
  clerk: Officer;
  chair: Officer;
  codes: string[];
}

async function room(members: number): Promise<Room> {
  const prepared = await prepareMeeting(server.baseURL, { members, observers: 0 });
  const clerk = await Officer.login(server.baseURL, 'clerk');
  const chair = await Officer.login(server.baseURL, 'chair');
  const { slips } = await clerk.call<{ slips: Array<{ code: string }> }>('POST', `/api/meetings/${prepared.meetingId}/slips`);
  return { prepared, clerk, chair, codes: slips.map((s) => s.code) };
}

async function tablet(r: Room, code: string, name: string, query = ''): Promise<Watched & { context: BrowserContext; requests: string[] }> {
  const context = await server_browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  context.on('request', (req) => {
    if (req.url().includes('/api/')) requests.push(`${req.method()} ${new URL(req.url()).pathname}`);
  });
  const w = await watch(await context.newPage(), name);
  await w.page.goto(`/tablet/?meeting=${r.prepared.meetingId}${query}`);
  await w.page.locator('#code').fill(code);
  await w.page.keyboard.press('Enter');
  await expect(w.page.locator('main[data-screen=waiting]')).toBeVisible();
  return { ...w, context, requests };
}

async function projector(r: Room): Promise<Page> {
  const context = await server_browser.newContext({ baseURL: server.baseURL, viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto(`/projector/?meeting=${r.prepared.meetingId}`);
  return page;
}

// The browser of the current test (set in each test; contexts are created from it).
let server_browser: import('@playwright/test').Browser;
test.beforeEach(({ browser }) => {
  server_browser = browser;
});

const fingerprint = (page: Page) => page.locator('#fingerprint').textContent();

/** Chooses for the one nominee, reviews and casts; waits for the receipt screen. */
async function castOne(page: Page, nominee: string, choice: 'approve' | 'disapprove'): Promise<void> {
  await page.locator(`fieldset[data-nominee="${nominee}"] label.choice-${choice}`).click();
  await page.locator('#review').click();
  await page.locator('#cast').click();
  await expect(page.locator('main[data-screen=cast]')).toBeVisible();
}

test('the tablet proves its key before its token, shows the projector’s log fingerprint, and proves its receipt', async () => {
  const r = await room(1);
  const t1 = await tablet(r, r.codes[0]!, 'tablet');
  const screen = await projector(r);
  await r.chair.call('POST', `/api/meetings/${r.prepared.meetingId}/open`, {});
  await r.chair.call('POST', `/api/items/${r.prepared.plainItem}/open`, {});
  await expect(t1.page.locator('main[data-screen=card]')).toBeVisible();
  // The key proof came before the token request, and the unsigned /keys answer was not used.
  const keyProof = t1.requests.findIndex((q) => q.endsWith('/key-proof'));
  const token = t1.requests.findIndex((q) => q.startsWith('POST') && q.endsWith('/tokens'));
  expect(keyProof).toBeGreaterThanOrEqual(0);
  expect(keyProof).toBeLessThan(token);
  expect(t1.requests.some((q) => q.endsWith('/keys'))).toBe(false);
  // The same fingerprint on the tablet and on the projector, for the checkpoint of the opening.
  await expect(t1.page.locator('#fingerprint')).toHaveText(/^记录指纹 \d+ · [0-9A-F]{5}-[0-9A-F]{5}$/);
  await expect.poll(() => fingerprint(screen)).toBe(await fingerprint(t1.page));

  await castOne(t1.page, r.prepared.plainNominee, 'approve');
  await r.chair.call('POST', `/api/items/${r.prepared.plainItem}/close`, {});
  const check = t1.page.locator(`[data-item="${r.prepared.plainItem}"] [data-check]`);
  await expect(check).toHaveAttribute('data-check', 'proven');
  await expect(check).toContainText('已核对:您的选票在已签署的记录中。');
  // The tally hash so far, first ten digits, as the projector will show it.
  const state = await (await fetch(`${server.baseURL}/api/meetings/${r.prepared.meetingId}/state`)).json() as { checkpoint: { rootHash: string } };
  await expect(check).toContainText(`${state.checkpoint.rootHash.slice(0, 5)} ${state.checkpoint.rootHash.slice(5, 10)}`);
  await expect.poll(() => fingerprint(screen)).toBe(await fingerprint(t1.page));
  // A receipt asked for in the instant between the close's write and its checkpoint is answered
  // 409 (ask again), which the tablet does; nothing else may have failed.
  t1.problems.splice(0, t1.problems.length, ...t1.problems.filter((p) => !/HTTP 409 GET \/api\/receipts\//.test(p)));
  expectClean(t1);
  await t1.context.close();
});

/** Rewrites the key proof a tablet is given; returns the requests it makes. */
async function rewriteKeyProof(context: BrowserContext, change: (body: { keys: Array<{ class: string; index: number; entry: string; proof: string[] }> }) => void): Promise<void> {
  await context.route('**/api/items/*/key-proof*', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { keys: Array<{ class: string; index: number; entry: string; proof: string[] }> };
    change(body);
    await route.fulfill({ response, json: body });
  });
}

test('a tampered inclusion proof of the key: the tablet refuses and never asks for a token', async () => {
  const r = await room(1);
  const t1 = await tablet(r, r.codes[0]!, 'tablet');
  await rewriteKeyProof(t1.context, (body) => {
    for (const k of body.keys) k.proof = k.proof.map((h, i) => (i === 0 ? `${h[0] === '0' ? '1' : '0'}${h.slice(1)}` : h));
  });
  await r.chair.call('POST', `/api/meetings/${r.prepared.meetingId}/open`, {});
  await r.chair.call('POST', `/api/items/${r.prepared.plainItem}/open`, {});
  await expect(t1.page.locator('main[data-screen=refused] h1.danger')).toContainText('本议题的选票密钥未能在已签署的记录中得到证明');
  await expect(t1.page.locator('main[data-screen=refused] h1.danger')).toContainText('告知监票人');
  await expect(t1.page.locator('input[type=radio]')).toHaveCount(0);
  expect(t1.requests.filter((q) => q.endsWith('/tokens'))).toEqual([]);
  expectClean(t1);
  await t1.context.close();
});

test('a tampered key (another issuer key in the entry): the tablet refuses and never asks for a token', async () => {
  const r = await room(1);
  const t1 = await tablet(r, r.codes[0]!, 'tablet');
  const rogue = deriveIssuerKey(new Uint8Array(32).fill(9), { meeting: r.prepared.meetingId, item: r.prepared.plainItem, round: 1, klass: 'A' });
  await rewriteKeyProof(t1.context, (body) => {
    for (const k of body.keys) {
      const e = parseEntry(new TextEncoder().encode(k.entry));
      k.entry = new TextDecoder().decode(entryBytes({ ...e, public_key: bytesToHex(rogue.publicKey), key_id: bytesToHex(rogue.keyId) }));
    }
  });
  await r.chair.call('POST', `/api/meetings/${r.prepared.meetingId}/open`, {});
  await r.chair.call('POST', `/api/items/${r.prepared.plainItem}/open`, {});
  await expect(t1.page.locator('main[data-screen=refused] h1.danger')).toContainText('本议题的选票密钥未能在已签署的记录中得到证明');
  expect(t1.requests.filter((q) => q.endsWith('/tokens'))).toEqual([]);
  expectClean(t1);
  await t1.context.close();
});

/**
 * A dishonest server showing one tablet its own log: the opening's key entry replaced by a key
 * the server holds for that member alone, the forked log signed with the service's real key.
 * It signs that tablet's token under the forked key and answers its cast 201 without storing it.
 * `from`: 'opening' shows the fork for every answer about the opening's checkpoint (the tablet
 * never sees the real one until the log grows); 'key-proof' only in the key proof (the tablet
 * may see the real checkpoint of the opening first).
 */
async function forkFor(context: BrowserContext, r: Room, from: 'opening' | 'key-proof'): Promise<{ forked: () => boolean }> {
  const secrets = JSON.parse(readFileSync(join(server.dir, 'secrets.json'), 'utf8')) as Record<string, string>;
  const signer = checkpointKeys({ logOrigin: 'sealvote.local/log', signingSeed: hexToBytes(secrets.SEALVOTE_SIGNING_SEED!, 32) }).signerKey;
  const rogue = deriveIssuerKey(new Uint8Array(32).fill(5), { meeting: r.prepared.meetingId, item: r.prepared.plainItem, round: 1, klass: 'A' });
  let fork: { size: number; leaves: Uint8Array[]; entries: string[]; note: string } | null = null;
  const consistency = (url: string) => {
    const from = Number(new URL(url).searchParams.get('from'));
    return from > 0 && fork && from <= fork.size ? { from, proof: from === fork.size ? [] : consistencyProof(fork.leaves, from).map(bytesToHex) } : null;
  };
  /** The fork of the log at the real checkpoint `size`, once that checkpoint covers the item's keys. */
  const forkAt = async (size: number) => {
    if (fork?.size === size) return fork;
    if (fork) return null;
    const record = (await r.clerk.call<{ entries: string[] }>('GET', `/api/meetings/${r.prepared.meetingId}/record`)).entries.slice(0, size);
    let changed = false;
    const entries = record.map((text) => {
      const e = parseEntry(new TextEncoder().encode(text));
      if (e.type !== 'key' || e.item !== r.prepared.plainItem || e.class !== 'A') return text;
      changed = true;
      return new TextDecoder().decode(entryBytes({ ...e, public_key: bytesToHex(rogue.publicKey), key_id: bytesToHex(rogue.keyId) }));
    });
    if (!changed || entries.length !== size) return null;
    const leaves = entries.map((t) => leafHash(new TextEncoder().encode(t)));
    const note = signNote(formatCheckpoint({ origin: 'sealvote.local/log', size, rootHash: rootFromLeafHashes(leaves) }), signer);
    fork = { size, leaves, entries, note };
    return fork;
  };
  await context.route('**/api/items/*/key-proof*', async (route: Route) => {
    const real = (await (await route.fetch()).json()) as { checkpoint: { size: number } | null };
    const f = real.checkpoint ? await forkAt(real.checkpoint.size) : null;
    if (!f) return route.fulfill({ json: real });
    const keys = f.entries
      .map((entry, index) => ({ entry, index, e: parseEntry(new TextEncoder().encode(entry)) }))
      .filter((x) => x.e.type === 'key' && x.e.item === r.prepared.plainItem)
      .map((x) => ({ class: x.e.class, index: x.index, entry: x.entry, proof: inclusionProof(f.leaves, x.index).map(bytesToHex) }));
    await route.fulfill({ json: { ...real, checkpoint: { size: f.size, note: f.note }, consistency: consistency(route.request().url()), keys } });
  });
  await context.route('**/api/meetings/*/checkpoint*', async (route: Route) => {
    const real = (await (await route.fetch()).json()) as { checkpoint: { size: number } | null };
    // Until the real log grows past the fork, this tablet sees the fork.
    const f = from === 'opening' && real.checkpoint ? await forkAt(real.checkpoint.size) : null;
    if (f) await route.fulfill({ json: { ...real, checkpoint: { size: f.size, note: f.note }, consistency: consistency(route.request().url()) } });
    else await route.fulfill({ json: real });
  });
  await context.route('**/api/items/*/tokens', async (route: Route) => {
    const { blinded } = JSON.parse(route.request().postData() ?? '{}') as { blinded: string };
    await route.fulfill({ json: { blindSignature: bytesToHex(blindSign(rogue.secretKey, hexToBytes(blinded, 48))), keyId: bytesToHex(rogue.keyId), publicKey: bytesToHex(rogue.publicKey) } });
  });
  await context.route('**/api/ballots', async (route: Route) => {
    // Dropped: the member is told "stored", the ballot never reaches the count.
    const ballot = parseSignedBallot(JSON.parse(route.request().postData() ?? '{}'));
    await route.fulfill({ status: 201, json: { receipt: ballotReceipt(ballot) } });
  });
  return { forked: () => fork !== null };
}

test('a server that shows two tablets different logs: the fingerprints differ, and the forked tablet finds out itself', async () => {
  const r = await room(2);
  const honest = await tablet(r, r.codes[0]!, 'tablet-honest');
  const victim = await tablet(r, r.codes[1]!, 'tablet-forked');
  const fork = await forkFor(victim.context, r, 'opening');
  const screen = await projector(r);
  await r.chair.call('POST', `/api/meetings/${r.prepared.meetingId}/open`, {});
  await r.chair.call('POST', `/api/items/${r.prepared.plainItem}/open`, {});
  for (const t of [honest, victim]) await expect(t.page.locator('main[data-screen=card]')).toBeVisible();
  expect(fork.forked()).toBe(true);
  for (const t of [honest, victim]) await expect(t.page.locator('#fingerprint')).toHaveText(/^记录指纹 \d+ · /);
  // The room sees it: the projector and the honest tablet agree; the forked tablet does not.
  await expect.poll(() => fingerprint(screen)).toBe(await fingerprint(honest.page));
  expect(await fingerprint(victim.page)).not.toBe(await fingerprint(honest.page));

  for (const t of [honest, victim]) await castOne(t.page, r.prepared.plainNominee, 'disapprove');
  await r.chair.call('POST', `/api/items/${r.prepared.plainItem}/close`, {});
  // The real log's next checkpoint does not extend the fork: the tablet raises the alarm, and
  // its dropped ballot is not in the log. Never "已核对".
  await expect(victim.page.locator('#alert')).toContainText('记录不一致');
  await expect(victim.page.locator('#alert')).toContainText('告知监票人');
  const check = victim.page.locator(`[data-item="${r.prepared.plainItem}"] [data-check]`);
  await expect(check).toHaveAttribute('data-check', 'failed');
  await expect(victim.page.locator('main')).not.toContainText('已核对');
  await expect(honest.page.locator(`[data-item="${r.prepared.plainItem}"] [data-check]`)).toHaveAttribute('data-check', 'proven');
  expectClean(honest);
  for (const t of [honest, victim]) await t.context.close();
});

test('an empty receipt proof with a made-up checkpoint: a warning and what to do, never 已核对', async () => {
  const r = await room(1);
  const t1 = await tablet(r, r.codes[0]!, 'tablet');
  await t1.context.route('**/api/receipts/*', async (route) => {
    const leaf = new URL(route.request().url()).pathname.split('/').pop()!;
    await route.fulfill({ json: { meeting: r.prepared.meetingId, leafHash: leaf, index: 0, treeSize: 1, proof: [], checkpoint: 'sealvote.local/log\n1\nAAAA\n\n— sealvote.local/log AAAAAAAA\n' } });
  });
  await r.chair.call('POST', `/api/meetings/${r.prepared.meetingId}/open`, {});
  await r.chair.call('POST', `/api/items/${r.prepared.plainItem}/open`, {});
  await castOne(t1.page, r.prepared.plainNominee, 'approve');
  await r.chair.call('POST', `/api/items/${r.prepared.plainItem}/close`, {});
  const check = t1.page.locator(`[data-item="${r.prepared.plainItem}"] [data-check]`);
  await expect(check).toHaveAttribute('data-check', 'failed');
  await expect(check).toContainText('未能核对');
  await expect(check).toContainText('告知监票人');
  await expect(t1.page.locator('main')).not.toContainText('已核对');
  await t1.context.close();
});

test('a forked key shown after the tablet saw the real log: the tablet raises the alarm itself', async () => {
  const r = await room(1);
  const victim = await tablet(r, r.codes[0]!, 'tablet-forked');
  await forkFor(victim.context, r, 'key-proof');
  await r.chair.call('POST', `/api/meetings/${r.prepared.meetingId}/open`, {});
  await r.chair.call('POST', `/api/items/${r.prepared.plainItem}/open`, {});
  // Whichever it saw first, the real checkpoint of the opening or the fork of the same size, the
  // other one is a second log of that size: refused as inconsistent, with what to do.
  await expect(victim.page.locator('#alert')).toContainText('记录不一致');
  await expect(victim.page.locator('#alert')).toContainText('告知监票人');
  await expect(victim.page.locator('#log-badge')).toHaveAttribute('data-state', 'alarm');
  await victim.context.close();
});
