import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { makeTestApp, type TestApp } from '../support/app';
import { loginAs } from '../support/officers';

let dir: string | undefined;
let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function fakeIo(stdinText: string, env: Record<string, string>): CliIo & { out(): string; err(): string } {
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { stdin, stdout, stderr, env, out: () => out, err: () => err };
}

describe('sealvote admin create', () => {
  it('creates an admin from a password on stdin, at the full scrypt cost, who can then log in', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sealvote-cli-'));
    const db = join(dir, 'sealvote.sqlite');
    const io = fakeIo('first admin password\n', { SEALVOTE_DB: db });
    expect(await main(['admin', 'create', '--username', 'Root', '--name', '系统管理员', '--password-stdin'], io)).toBe(0);
    expect(io.out()).toMatch(/^created admin root \(ofc_[0-9a-z]{20}\)/);
    expect(io.out() + io.err()).not.toContain('first admin password');

    t = makeTestApp({ path: db });
    const row = t.handle.sqlite.prepare('SELECT role, display_name, password_hash FROM officers').get() as { role: string; display_name: string; password_hash: string };
    expect(row).toMatchObject({ role: 'admin', display_name: '系统管理员' });
    expect(row.password_hash.startsWith('scrypt$15$8$1$')).toBe(true);
    const agent = await loginAs(t.app, 'root', 'first admin password');
    expect((await t.app.request('/api/officers', { headers: { cookie: agent.cookie } })).status).toBe(200);
  });

  it('refuses a second admin of the same name, a short password, missing flags and no terminal', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sealvote-cli-'));
    const env = { SEALVOTE_DB: join(dir, 'sealvote.sqlite') };
    expect(await main(['admin', 'create', '--username', 'root', '--name', 'R', '--password-stdin'], fakeIo('first admin password\n', env))).toBe(0);
    const dup = fakeIo('another long password\n', env);
    expect(await main(['admin', 'create', '--username', 'root', '--name', 'R', '--password-stdin'], dup)).toBe(1);
    expect(dup.err()).toContain('already exists');
    const short = fakeIo('short\n', env);
    expect(await main(['admin', 'create', '--username', 'other', '--name', 'R', '--password-stdin'], short)).toBe(1);
    expect(await main(['admin', 'create', '--username', 'other', '--password-stdin'], fakeIo('x', env))).toBe(2);
    expect(await main(['admin', 'create', '--username', 'other', '--name', 'R', '--password', 'on-the-command-line'], fakeIo('', env))).toBe(2);
    expect(await main(['admin', 'create', '--username', 'other', '--name', 'R'], fakeIo('', env))).toBe(2);
    expect(await main(['nonsense'], fakeIo('', env))).toBe(2);
    t = makeTestApp({ path: env.SEALVOTE_DB });
    expect((t.handle.sqlite.prepare('SELECT COUNT(*) AS n FROM officers').get() as { n: number }).n).toBe(1);
  });

  it('runs as bin/sealvote.mjs', () => {
    dir = mkdtempSync(join(tmpdir(), 'sealvote-cli-'));
    const bin = resolve(__dirname, '../../bin/sealvote.mjs');
    const result = spawnSync(process.execPath, [bin, 'admin', 'create', '--username', 'root', '--name', 'Root', '--password-stdin'], {
      input: 'a password from a pipe\n',
      env: { ...process.env, SEALVOTE_DB: join(dir, 'db.sqlite') },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('created admin root');
  });
});
