/**
 * `npm run test:package` (the last step of `npm test`): builds the offline package
 * (scripts/package.ts) and installs and runs it in a fresh directory with each runtime it is
 * built for — Node 24 LTS (production) and this machine's Node 20 — with no network for npm:
 * inside a network namespace of its own that has only a loopback (`unshare --net`, as root),
 * else with npm told to stay offline and pointed at a registry nobody answers
 * (scripts/package-check.mjs). Also checks the systemd unit with `systemd-analyze verify` where
 * that exists. Ends with the line "package: N passed, N failed"; exits 1 on any failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildPackage } from './package';
import { currentRuntime, ensureNode24, ROOT, type Runtime } from './runtimes';

const log = (line: string) => console.log(`package: ${line}`);

function canIsolate(): boolean {
  return spawnSync('unshare', ['--net', 'true'], { stdio: 'ignore' }).status === 0;
}

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function runCheck(runtime: Runtime, tarball: string, isolate: boolean): Check[] {
  const dir = mkdtempSync(join(tmpdir(), 'sealvote-package-'));
  try {
    const path = `${dirname(runtime.bin)}:${process.env.PATH}`;
    const check = ['node', join(ROOT, 'scripts/package-check.mjs'), tarball, dir];
    // In its own network namespace the loopback starts down; bring it up, and nothing else exists.
    const argv = isolate ? ['unshare', '--net', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', ...check] : check;
    const run = spawnSync(argv[0]!, argv.slice(1), { env: { ...process.env, PATH: path }, encoding: 'utf8', timeout: 180_000 });
    const line = run.stdout.trim().split('\n').pop() ?? '';
    try {
      const report = JSON.parse(line) as { runtime: string; checks: Check[] };
      if (report.runtime !== `v${runtime.version}`) return [{ name: `ran on Node ${runtime.version}`, ok: false, detail: report.runtime }];
      return report.checks;
    } catch {
      return [{ name: `package check on Node ${runtime.version}`, ok: false, detail: `${run.status ?? run.signal}\n${run.stdout}\n${run.stderr}` }];
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const runtimes = [ensureNode24(log), currentRuntime()].filter((r, i, all) => all.findIndex((x) => x.abi === r.abi) === i);
const { tarball } = await buildPackage({ runtimes, log });
const isolate = canIsolate();
log(isolate ? 'installing and running inside a network namespace with no network (unshare --net)' : 'no network namespace here (not root?): npm is offline and its registry unreachable');
let passed = 0;
let failed = 0;
for (const runtime of runtimes) {
  for (const c of runCheck(runtime, tarball, isolate)) {
    if (c.ok) passed++;
    else failed++;
    log(`${c.ok ? 'ok  ' : 'FAIL'} Node ${runtime.version}: ${c.name}${c.ok && c.name.includes('informative') ? ` = ${c.detail}` : ''}`);
    if (!c.ok) console.log(c.detail);
  }
}
if (spawnSync('systemd-analyze', ['--version'], { stdio: 'ignore' }).status === 0) {
  const verify = spawnSync('systemd-analyze', ['verify', join(ROOT, 'deploy/sealvote.service')], { encoding: 'utf8' });
  const ok = verify.status === 0 && !/error|invalid|unknown/i.test(verify.stderr);
  if (ok) passed++;
  else failed++;
  log(`${ok ? 'ok  ' : 'FAIL'} systemd-analyze verify deploy/sealvote.service${ok ? '' : `\n${verify.stderr}`}`);
}
console.log(`package: ${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
