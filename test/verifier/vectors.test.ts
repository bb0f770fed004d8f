/**
 * The conformance vectors (test/vectors/records/, docs/record-spec.md): `sealvote verify` — the
 * CLI's dispatcher in process with --trust, and the real bin/sealvote.mjs in a child process for
 * two of them — reaches each vector's verdict: its exit code and, for an invalid record, the
 * first failing check. The last case regenerates them from the service as it is now (into a
 * temporary directory) and checks the fresh records reach the same verdicts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';

const DIR = join(__dirname, '../vectors/records');
const ROOT = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as Array<{ file: string; expect: string; exit: number; filed?: boolean; cited?: string[] }>;
/** A full committee record's --cited standing records (check citations). */
const citedArgs = (dir: string, v: { cited?: string[] }) => (v.cited ?? []).flatMap((c) => ['--cited', join(dir, c)]);

async function verify(args: string[]): Promise<{ code: number; report: { ok: boolean; filed: boolean; firstFailure?: { id: string } } }> {
  const stdout = new PassThrough();
  const out: string[] = [];
  stdout.on('data', (d) => out.push(String(d)));
  const code = await main(['verify', ...args, '--json', '--threads', '1'], { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {} });
  return { code, report: JSON.parse(out.join('')) };
}

describe('conformance vectors', () => {
  it('lists valid records of every required kind and invalid ones', () => {
    expect(manifest.filter((v) => v.expect === 'ok').length).toBeGreaterThanOrEqual(2);
    expect(manifest.filter((v) => v.expect !== 'ok').length).toBeGreaterThanOrEqual(12);
    const full = readFileSync(join(DIR, 'valid-full-meeting.json'), 'utf8');
    for (const kind of ['"type":"reconsider"', '"type":"postpone"', '"class":"B"', '"bars":[{']) expect(full, kind).toContain(kind.replace(/"/g, '\\"'));
    expect(JSON.parse(full).cosignatures).toHaveLength(2);
    expect(readFileSync(join(DIR, 'valid-tie.json'), 'utf8')).toContain('\\"undecidedSeats\\":1');
  });

  for (const v of manifest) {
    it(`${v.file}: exit ${v.exit}${v.expect === 'ok' ? '' : `, first failure ${v.expect}`}`, async () => {
      const { code, report } = await verify([join(DIR, v.file), '--trust', join(DIR, 'trust.json'), ...citedArgs(DIR, v)]);
      expect(code).toBe(v.exit);
      if (v.expect === 'ok') {
        expect(report.ok).toBe(true);
        expect(report.filed).toBe(v.filed ?? false);
      } else {
        expect(report.firstFailure?.id).toBe(v.expect);
      }
    }, 60_000);
  }

  it('a forged department key passes without pins, but is never filed', async () => {
    const { code, report } = await verify([join(DIR, 'invalid-forged-department-key.json')]);
    expect(code).toBe(0);
    expect(report.filed).toBe(false);
  }, 60_000);

  it('a full committee record without the standing record it cites does not verify: citations is skipped, nothing fails', async () => {
    const { code, report } = await verify([join(DIR, 'valid-nomination-full.json'), '--trust', join(DIR, 'trust.json')]);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.firstFailure).toBeUndefined();
    expect((report as unknown as { checks: Array<{ id: string; status: string }> }).checks.find((c) => c.id === 'citations')?.status).toBe('skipped');
  }, 60_000);

  it('the real bin/sealvote.mjs gives the same exit codes', async () => {
    const run = (file: string) =>
      promisify(execFile)(process.execPath, [join(ROOT, 'bin/sealvote.mjs'), 'verify', join(DIR, file), '--trust', join(DIR, 'trust.json'), '--threads', '1'], { cwd: ROOT }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const ok = await run('valid-tie.json');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('FILED');
    const bad = await run('invalid-torsion-r.json');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('RESULT: FAILED at ballot-signatures');
  }, 120_000);

  it('are made from the service as it is today: a fresh generation reaches the same verdicts', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sealvote-vectors-'));
    await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(DIR, 'generate.ts'), '--out', out], { cwd: ROOT });
    const fresh = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as typeof manifest;
    expect(fresh.map((v) => [v.file, v.expect, v.exit])).toEqual(manifest.map((v) => [v.file, v.expect, v.exit]));
    for (const v of fresh) {
      const { code, report } = await verify([join(out, v.file), '--trust', join(out, 'trust.json'), ...citedArgs(out, v)]);
      expect(code, `fresh ${v.file}: ${JSON.stringify(report.firstFailure)}`).toBe(v.exit);
      if (v.expect !== 'ok') expect(report.firstFailure?.id, `fresh ${v.file}`).toBe(v.expect);
    }
  }, 600_000);
});
