/**
 * The production build (scripts/build.ts, issue 20.7): built once, run with plain `node` — no
 * tsx, no esbuild at run time, the kiosk served and never built by the server — and the
 * trusted-proxy setting wired through src/node.ts end to end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAll, ROOT, type BuildResult } from '../../scripts/build';

let built: BuildResult;
const dir = mkdtempSync(join(tmpdir(), 'sealvote-production-'));
const children: ChildProcess[] = [];

beforeAll(async () => {
  built = await buildAll();
}, 180_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Running {
  base: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** `node dist/server/server.mjs` with only what a deployment sets; resolves once it listens. */
function start(env: Record<string, string>): Promise<Running> {
  const db = join(mkdtempSync(join(dir, 'db-')), 'sealvote.sqlite');
  const child = spawn(process.execPath, [join(ROOT, 'dist/server/server.mjs')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      SEALVOTE_DB: db,
      SEALVOTE_NO_DEMO: '1',
      HOST: '127.0.0.1',
      PORT: '0',
      SEALVOTE_MASTER_SECRET: randomBytes(32).toString('hex'),
      SEALVOTE_SIGNING_SEED: randomBytes(32).toString('hex'),
      SEALVOTE_SLIP_PEPPER: randomBytes(32).toString('hex'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        resolve({
          base: m[1]!,
          output: () => out,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

describe('npm run build', () => {
  it('bundles the service with nothing of tsx or esbuild, leaving only better-sqlite3 outside', () => {
    for (const [bundle, inputs] of Object.entries(built.inputs)) {
      expect(inputs.filter((f) => /node_modules\/(tsx|esbuild)\//.test(f)), bundle).toEqual([]);
      expect(inputs.filter((f) => f.startsWith('kiosk/build')), bundle).toEqual([]);
    }
    const server = readFileSync(join(ROOT, 'dist/server/server.mjs'), 'utf8');
    const bare = [...server.matchAll(/^import .* from ["']([^"'.][^"']*)["'];?$/gm)].map((m) => m[1]!).filter((s) => !s.startsWith('node:'));
    expect([...new Set(bare)]).toEqual(['better-sqlite3']);
  });

  it('runs with plain node, serves the kiosk it was given without building it, and the API', async () => {
    const page = join(ROOT, 'kiosk/dist/tablet/index.html');
    const before = statSync(page).mtimeMs;
    const s = await start({});
    try {
      const tablet = await fetch(`${s.base}/tablet/`);
      expect(tablet.status).toBe(200);
      expect(await tablet.text()).toContain('/kiosk/tablet.js');
      expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
      expect(statSync(page).mtimeMs).toBe(before);
    } finally {
      await s.stop();
    }
  });

  it('without built pages, says so and serves the API only', async () => {
    const s = await start({ SEALVOTE_KIOSK_DIR: join(dir, 'nowhere') });
    try {
      expect((await fetch(`${s.base}/tablet/`)).status).toBe(404);
      expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
      expect(s.output()).toMatch(/kiosk pages are not built \(run `npm run build`\)/);
    } finally {
      await s.stop();
    }
  });

  it('refuses to start on a malformed SEALVOTE_TRUSTED_PROXIES', async () => {
    await expect(start({ SEALVOTE_TRUSTED_PROXIES: 'proxy.local' })).rejects.toThrow(/SEALVOTE_TRUSTED_PROXIES: "proxy.local" is not an IP address/);
  });
});

describe('behind a trusted proxy (SEALVOTE_TRUSTED_PROXIES)', () => {
  /** Eleven different wrong codes from one forwarded address: the eleventh is refused by the lock. */
  async function lockOut(base: string, meeting: string, forwardedFor: string) {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await fetch(`${base}/api/meetings/${meeting}/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ code: `${String(i).padStart(5, '0')}-zzzzz` }),
      });
      statuses.push(res.status);
    }
    return statuses;
  }

  it('counts each forwarded client on its own only when the proxy is listed, and says once when headers are ignored', async () => {
    const { meetingId, db, secrets } = await seededMeeting();
    for (const trusted of [true, false]) {
      const s = await start({ SEALVOTE_DB: db, ...secrets, ...(trusted ? { SEALVOTE_TRUSTED_PROXIES: '127.0.0.1, ::1' } : {}) });
      try {
        const first = await lockOut(s.base, meetingId, `192.0.2.${trusted ? 1 : 3}`);
        expect(first.at(-1)).toBe(429);
        const other = await lockOut(s.base, meetingId, `192.0.2.${trusted ? 2 : 4}`);
        // Trusted: another tablet behind the proxy is not locked. Not trusted: all share 127.0.0.1.
        expect(other[0]).toBe(trusted ? 401 : 429);
        expect(/forwarding header that is ignored/.test(s.output())).toBe(!trusted);
        expect(s.output()).not.toMatch(/192\.0\.2\./);
      } finally {
        await s.stop();
      }
    }
  });
});

/** A database with an open meeting and slips, made through the domain functions (no server). */
async function seededMeeting(): Promise<{ meetingId: string; db: string; secrets: Record<string, string> }> {
  const { makeTestApp } = await import('../support/app');
  const { prepareMeeting } = await import('../support/prepare');
  const secrets = { SEALVOTE_MASTER_SECRET: randomBytes(32).toString('hex'), SEALVOTE_SIGNING_SEED: randomBytes(32).toString('hex'), SEALVOTE_SLIP_PEPPER: randomBytes(32).toString('hex') };
  const db = join(mkdtempSync(join(dir, 'seeded-')), 'sealvote.sqlite');
  const t = makeTestApp({
    path: db,
    config: { masterSecret: Buffer.from(secrets.SEALVOTE_MASTER_SECRET, 'hex'), signingSeed: Buffer.from(secrets.SEALVOTE_SIGNING_SEED, 'hex'), slipPepper: Buffer.from(secrets.SEALVOTE_SLIP_PEPPER, 'hex') },
  });
  try {
    const m = await prepareMeeting(t, { members: 3, observers: 0, items: [{ nominees: 1 }] });
    return { meetingId: m.meetingId, db, secrets };
  } finally {
    t.close();
  }
}
