/**
 * `sealvote coissue keygen` and `sealvote coissue run` against a real HTTP server: the key file
 * (0600, never overwritten), the fingerprint, the officer's presence file, co-signing, the roll,
 * the state file kept across a restart, and stopping when the meeting has ended.
 */
import { serve } from '@hono/node-server';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { coissuerFingerprint } from '../../crypto/coissuer-statements';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import type { CoissuerState } from '../../src/coissuer/state';
import { TabletClient, type Fetcher } from '../../src/demo/tablet-client';
import { createOfficer, officerAgent } from '../support/officers';
import { makeTestApp, type TestApp } from '../support/app';
import { seedMeeting, signIn } from '../support/seed';

let dir: string | undefined;
let t: TestApp | undefined;
let server: ReturnType<typeof serve> | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
  t?.close();
  t = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function fakeIo(stdinText: string): CliIo & { out(): string; err(): string; waitFor(re: RegExp): Promise<void> } {
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  const waiters: Array<{ re: RegExp; resolve: () => void }> = [];
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => {
    err += d;
    for (const w of waiters.splice(0)) (w.re.test(err) ? w.resolve : () => waiters.push(w))();
  });
  return {
    stdin,
    stdout,
    stderr,
    env: {},
    out: () => out,
    err: () => err,
    waitFor: (re) => new Promise((resolve) => (re.test(err) ? resolve() : waiters.push({ re, resolve }))),
  };
}

describe('sealvote coissue keygen', () => {
  it('writes a 0600 key file once and prints the verifier key and its fingerprint', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sealvote-coissue-'));
    const out = join(dir, 'c.key');
    const io = fakeIo('');
    expect(await main(['coissue', 'keygen', '--name', 'sealvote-coissuer-test', '--out', out], io)).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const verifierKey = io.out().trim();
    expect(verifierKey).toMatch(/^sealvote-coissuer-test\+[0-9a-f]{8}\+/);
    expect(io.err()).toContain(coissuerFingerprint(verifierKey));
    expect(readFileSync(out, 'utf8')).toMatch(/^PRIVATE\+KEY\+sealvote-coissuer-test\+/);
    expect(io.out()).not.toContain('PRIVATE');
    expect(await main(['coissue', 'keygen', '--name', 'sealvote-coissuer-test', '--out', out], fakeIo(''))).toBe(2);
    expect(await main(['coissue', 'keygen', '--name', 'has space'], fakeIo(''))).toBe(2);
  });
});

describe('sealvote coissue run', () => {
  it('refuses a SEALVOTE_PAIRING it cannot honour, as the server does, before it reads the key', async () => {
    const io = { ...fakeIo(''), env: { SEALVOTE_PAIRING: 'fast' } };
    expect(await main(['coissue', 'run', '--url', 'http://127.0.0.1:9', '--meeting', 'mtg_x', '--key', '/nonexistent/c.key', '--password-stdin'], io)).toBe(2);
    expect(io.err()).toContain('SEALVOTE_PAIRING must be auto, mcl or noble, got fast');
  });

  it('co-signs for the people in its presence file, signs the roll, keeps its state, and stops after the end', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sealvote-coissue-'));
    t = makeTestApp();
    const app = t;
    server = serve({ fetch: app.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server!.once('listening', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const fetcher: Fetcher = (path, init) => fetch(url + path, init);

    const m = await seedMeeting(app, { members: 4, items: [{ nominees: 1 }], issuance: 'coissued' });
    await createOfficer(app.deps, { username: 'inspector', role: 'inspector', password: 'inspector password' });
    const presiding = await officerAgent(app, 'presiding');
    const officer = (path: string) => app.app.request(path, { method: 'POST', headers: presiding.headers() });

    const key = join(dir, 'c.key');
    expect(await main(['coissue', 'keygen', '--name', 'sealvote-coissuer-cli', '--out', key], fakeIo(''))).toBe(0);
    // The officer saw three of the four members come in; the fourth is signed in all the same.
    const present = join(dir, 'present.txt');
    writeFileSync(present, `# 纪检委到会确认\n${m.members[0]}\n${m.members[1]}\n${m.members[2]}\n`);
    const tablets = [];
    for (const p of m.members) tablets.push(new TabletClient(fetcher, await signIn(app, m.meetingId, p), 'A', 50));

    const io = fakeIo('inspector password\n');
    const args = ['coissue', 'run', '--url', url, '--meeting', m.meetingId, '--key', key, '--password-stdin', '--present', present];
    const run = main(args, io);
    await io.waitFor(/confirmed present.*\n.*confirmed present.*\n.*confirmed present/s);
    expect(io.err()).toMatch(/confirmed present .*常委 member/);
    const verifierKey = io.err().match(/co-issuer key: (\S+)/)![1]!;
    expect(readFileSync(key, 'utf8')).toContain(verifierKey.split('+').slice(0, 2).join('+'));
    expect(io.err()).toContain(`fingerprint (请在会场宣读核对 read it aloud in the room): ${coissuerFingerprint(verifierKey)}`);
    expect(io.err()).toMatch(/waiting for the officer/);

    expect((await officer(`/api/meetings/${m.meetingId}/open`)).status).toBe(200);
    await io.waitFor(/accepted 2 vote key/);
    const item = m.items[0]!;
    const opened = await officer(`/api/items/${item.id}/open`);
    expect(opened.status).toBe(200);
    expect(await opened.json()).toMatchObject({ present: { A: 3 } });
    for (const tablet of tablets.slice(0, 3)) await tablet.vote(item.id, { [item.nomineeIds[0]!]: 'approve' });
    await expect(tablets[3]!.requestToken(item.id)).rejects.toMatchObject({ status: 403 });
    expect((await officer(`/api/items/${item.id}/close`)).status).toBe(200);
    await io.waitFor(/roll signed: .* A: 3 issued/);
    expect(io.err()).not.toContain('DIFFERS');
    expect((await officer(`/api/items/${item.id}/announce`)).status).toBe(200);
    await io.waitFor(/roll signed: .* B: 0 issued/);
    expect((await officer(`/api/meetings/${m.meetingId}/close`)).status).toBe(200);
    expect(await run).toBe(0);
    expect(io.err()).toMatch(/the meeting has ended/);

    const state = JSON.parse(readFileSync(`${key}.${m.meetingId}.state.json`, 'utf8')) as CoissuerState;
    expect(statSync(`${key}.${m.meetingId}.state.json`).mode & 0o777).toBe(0o600);
    expect(state.everPresent).toEqual([...m.members.slice(0, 3)].sort());
    const vote = Object.values(state.votes).find((v) => v.purpose === 'vote')!;
    expect(Object.keys(vote.issued).sort()).toEqual([...m.members.slice(0, 3)].sort());
    expect(vote.rolls.A?.posted).toBe(true);
    expect(io.err() + io.out()).not.toContain('PRIVATE');
  });

  it('refuses a file that is not a co-issuer key, and a run without a password source', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sealvote-coissue-'));
    const notKey = join(dir, 'x.key');
    writeFileSync(notKey, 'hello\n');
    expect(await main(['coissue', 'run', '--url', 'http://127.0.0.1:9', '--meeting', 'm', '--key', notKey, '--password-stdin'], fakeIo('pw\n'))).toBe(2);
    expect(await main(['coissue', 'run', '--url', 'http://127.0.0.1:9', '--meeting', 'm'], fakeIo(''))).toBe(2);
  });
});
