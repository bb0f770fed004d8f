/**
 * The discipline commission's co-issuer as it runs in the room (docs/coissuance.md): the built
 * command line, `node dist/cli/sealvote.mjs coissue run`, in a process of its own — its own
 * "machine" as far as CPU goes, read from /proc like the server's — logged in as the inspector,
 * with a presence file naming everyone (the officer confirms each person as they sign in).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCoissuerKey } from '../../crypto/coissuer-statements';
import { REPO, statCpu, stopChild } from './server';

export interface CoissuerChild {
  pid: number;
  verifierKey: string;
  /** user + system CPU seconds the co-issuer has used so far (its last figure once it exited). */
  cpuSeconds(): number;
  /** Resolves when the process exits (it stops by itself once the meeting ended and every roll is signed). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function startCoissuer(opts: { base: string; meetingId: string; password: string; people: string[]; dir: string }): Promise<CoissuerChild> {
  const key = generateCoissuerKey('sealvote-coissuer-bench');
  const keyFile = join(opts.dir, 'coissuer.key');
  writeFileSync(keyFile, `${key.signerKey}\n`, { mode: 0o600 });
  const present = join(opts.dir, 'present.txt');
  writeFileSync(present, `${opts.people.join('\n')}\n`);
  // BENCH_COISSUER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof-coissuer", profiles the co-issuer.
  const nodeArgs = (process.env.BENCH_COISSUER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, 'dist/cli/sealvote.mjs', 'coissue', 'run', '--url', opts.base, '--meeting', opts.meetingId, '--key', keyFile, '--password-stdin', '--present', present, '--state', join(opts.dir, 'coissuer.state.json')],
    { cwd: REPO, env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stdin!.end(`${opts.password}\n`);
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  // Registered and looping once it printed the fingerprint to read aloud.
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`co-issuer did not start in 120 s:\n${output}`)), 120_000);
    const check = () => {
      if (output.includes('fingerprint (')) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`co-issuer exited (${code}) before it registered:\n${output}`));
    });
  });
  const pid = child.pid!;
  let last = 0;
  return {
    pid,
    verifierKey: key.verifierKey,
    cpuSeconds() {
      try {
        last = statCpu(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        // Exited: its last reading stands.
      }
      return last;
    },
    exited,
    // A profiled co-issuer writes its profile only when it exits by itself (after the last roll).
    stop: async () => {
      if (nodeArgs.length > 0) await Promise.race([exited, new Promise((ok) => setTimeout(ok, 30_000).unref())]);
      await stopChild(child);
    },
  };
}
