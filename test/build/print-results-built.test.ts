/**
 * The built CLI prints results (tester's report, point 1): dist/cli/sealvote.mjs once resolved
 * the sheets' stylesheet as `../../../kiosk/styles/results.css` from itself — outside the
 * project — and crashed with an uncaught ENOENT. The bundle is built here the way scripts/build.ts
 * builds it, into a folder laid out like the offline package (dist/cli/ and node_modules only,
 * no kiosk/styles), and run with plain `node` on a real record.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, ROOT } from '../../scripts/build';

const dir = mkdtempSync(join(tmpdir(), 'sealvote-built-cli-'));
const cli = join(dir, 'dist/cli/sealvote.mjs');
const record = join(ROOT, 'test/vectors/records/valid-full-meeting.json');

beforeAll(async () => {
  await buildBundle('scripts/cli-entry.ts', cli);
  // The package ships better-sqlite3 beside dist/ (scripts/package.ts); nothing else.
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(ROOT, 'node_modules/better-sqlite3'), join(dir, 'node_modules/better-sqlite3'));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built CLI with plain node from the package folder; resolves when it exits. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('print-results in the built CLI', () => {
  it('writes the sheets with the stylesheet inlined, with no kiosk/styles beside it', async () => {
    const out = join(dir, 'results.html');
    const res = await run(['print-results', record, '--out', out]);
    expect(res.stderr).not.toContain('ENOENT');
    expect(res.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    // The stylesheet's own first rule, inlined: the page prints as A4 sheets offline.
    expect(html).toContain(readFileSync(join(ROOT, 'kiosk/styles/results.css'), 'utf8').split('\n')[1]);
    expect(html).toContain('表决结果汇总');
  });

  it('says why and exits 2 when it cannot write, rather than throwing', async () => {
    const res = await run(['print-results', record, '--out', join(dir, 'no-such-folder', 'results.html')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('sealvote print-results: cannot write');
    expect(res.stderr).not.toMatch(/^\s+at /m);
  });
});
