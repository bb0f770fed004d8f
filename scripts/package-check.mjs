// Installs the offline package in a fresh directory and runs it, with the `node` running this
// file: plain JavaScript, so it needs nothing but Node and npm (scripts/test-package.ts runs it
// once per runtime, inside a network namespace with no network when it can).
//
//   node scripts/package-check.mjs <tarball> <empty directory>
//
// Prints one JSON line: { runtime, abi, checks: [{ name, ok, detail }] }.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [tarball, dir] = process.argv.slice(2);
if (!tarball || !dir) {
  console.error('usage: node scripts/package-check.mjs <tarball> <empty directory>');
  process.exit(2);
}
const checks = [];
const check = (name, ok, detail = '') => checks.push({ name, ok: Boolean(ok), detail: String(detail).slice(0, 2000) });
const done = () => {
  console.log(JSON.stringify({ runtime: process.version, abi: process.versions.modules, checks }));
  process.exit(0);
};

// 1. npm install with npm told to stay offline and a registry nobody answers at.
const offlineEnv = {
  ...process.env,
  npm_config_offline: 'true',
  npm_config_registry: 'http://127.0.0.1:9/',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_cache: join(dir, '.npm-cache'),
};
const install = spawnSync('npm', ['install', '--offline', '--no-package-lock', '--prefix', dir, tarball], { env: offlineEnv, encoding: 'utf8' });
check('npm install --offline of the tarball in a fresh directory', install.status === 0, `${install.stdout}\n${install.stderr}`);
const app = join(dir, 'node_modules/sealvote');
if (install.status !== 0 || !existsSync(app)) done();

// 2. Nothing to compile, nothing to fetch, no build tools at run time.
const names = readdirSync(join(app, 'node_modules')).sort();
check('bundles only better-sqlite3 and its loader', JSON.stringify(names) === JSON.stringify(['better-sqlite3', 'bindings', 'file-uri-to-path']), names.join(', '));
const addon = join(app, `node_modules/better-sqlite3/lib/binding/node-v${process.versions.modules}-linux-x64/better_sqlite3.node`);
check(`carries better-sqlite3 built for this runtime (ABI ${process.versions.modules})`, existsSync(addon), addon);
check('no tsx, no esbuild', !existsSync(join(app, 'node_modules/tsx')) && !existsSync(join(app, 'node_modules/esbuild')) && !existsSync(join(dir, 'node_modules/tsx')));
check('the CLI is executable', existsSync(join(app, 'dist/cli/sealvote.mjs')) && (statSync(join(app, 'dist/cli/sealvote.mjs')).mode & 0o111) !== 0);

// 3. The service starts with plain node and serves the API and the kiosk.
const secrets = { SEALVOTE_MASTER_SECRET: randomBytes(32).toString('hex'), SEALVOTE_SIGNING_SEED: randomBytes(32).toString('hex'), SEALVOTE_SLIP_PEPPER: randomBytes(32).toString('hex') };
const env = { PATH: process.env.PATH, HOME: dir, SEALVOTE_DB: join(dir, 'data/sealvote.sqlite'), SEALVOTE_NO_DEMO: '1', HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production', ...secrets };
const started = performance.now();
const server = spawn(process.execPath, [join(app, 'dist/server/server.mjs')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
server.stdout.on('data', (d) => (out += d));
server.stderr.on('data', (d) => (out += d));
const base = await new Promise((resolve) => {
  const seen = () => {
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) resolve(m[1]);
  };
  server.stdout.on('data', seen);
  server.on('exit', () => resolve(null));
});
check('node dist/server/server.mjs listens', base !== null, out);
if (!base) done();
check('time to listen (ms, informative)', true, Math.round(performance.now() - started));
const get = async (path, init) => {
  const res = await fetch(base + path, init);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers };
};
const health = await get('/healthz');
check('GET /healthz', health.status === 200 && JSON.parse(health.text).status === 'ok', health.text);
const tablet = await get('/tablet/');
check('serves the kiosk pages it did not build', tablet.status === 200 && tablet.type.startsWith('text/html') && tablet.text.includes('/kiosk/tablet.js'), `${tablet.status} ${tablet.type}`);
const script = await get('/kiosk/tablet.js');
check('serves the kiosk scripts', script.status === 200 && script.type.startsWith('text/javascript'), `${script.status} ${script.type}`);

// 4. The first administrator, by the packaged CLI on the same database, then a login.
const password = 'a packaged admin password';
const create = spawnSync(process.execPath, [join(app, 'dist/cli/sealvote.mjs'), 'admin', 'create', '--username', 'admin', '--name', '管理员', '--password-stdin'], {
  cwd: dir,
  env,
  input: `${password}\n`,
  encoding: 'utf8',
});
check('sealvote admin create (packaged CLI)', create.status === 0, `${create.stdout}${create.stderr}`);
const login = await get('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
check('the admin logs in through the API', login.status === 200 && JSON.parse(login.text).officer?.role === 'admin', login.text);
const wrong = await get('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'not the password' }) });
check('a wrong password is refused', wrong.status === 401, wrong.text);

// 5. The token thread and the verifier's CLI run from the package too.
const thread = await new Promise((resolve) => {
  const t = setInterval(() => {
    if (/cast checks by/.test(out)) {
      clearInterval(t);
      resolve(out);
    }
  }, 20);
  server.on('exit', () => {
    clearInterval(t);
    resolve(out);
  });
});
check('cast checks on a thread of their own', /on a thread of their own/.test(thread), thread);
const help = spawnSync(process.execPath, [join(app, 'dist/cli/sealvote.mjs'), '--help'], { cwd: dir, env, encoding: 'utf8' });
check('sealvote --help', help.status === 0 && /sealvote verify/.test(help.stdout), help.stdout + help.stderr);

server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
done();
