/**
 * Starts the production build of the Node server (`node dist/server/server.mjs`, built once by
 * global-setup.ts) as a child process on an ephemeral port with a fresh SQLite file in a temp
 * directory, after seeding officer accounts into it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PASSWORD = 'correct horse battery staple';

export interface RunningServer {
  baseURL: string;
  /** The server's data directory (its database and, with no secrets in the environment, secrets.json). */
  dir: string;
  stop(): Promise<void>;
  /** Everything the server wrote to stderr (a 5xx logs there). */
  stderr(): string;
}

export async function startServer(officers: string[]): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sealvote-browser-'));
  const db = join(dir, 'sealvote.sqlite');
  const seed = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/browser/seed-officers.ts'), db, ...officers], { cwd: ROOT, encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`seeding officers failed: ${seed.stderr}`);
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/server/server.mjs')], {
    cwd: ROOT,
    env: { ...process.env, SEALVOTE_DB: db, PORT: '0', HOST: '127.0.0.1', SEALVOTE_NO_DEMO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const baseURL = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out} ${err}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out} ${err}`));
    });
  });
  return {
    baseURL,
    dir,
    stderr: () => err,
    stop: () =>
      new Promise<void>((done) => {
        child.removeAllListeners('exit');
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          done();
        });
        child.kill('SIGTERM');
        // Open event streams can hold a graceful close; the database is WAL, so a kill loses nothing.
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
