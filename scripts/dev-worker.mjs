// npm run dev:worker — the Worker in local workerd with a local D1 (under .wrangler/), the
// drizzle-kit migrations applied, and development secrets in .dev.vars (gitignored), made
// once with fresh random bytes. Nothing here talks to Cloudflare.
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureKioskDist } from './worker-assets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' };

const devVars = resolve(root, '.dev.vars');
if (!existsSync(devVars)) {
  const hex = () => randomBytes(32).toString('hex');
  const lines = [
    '# Local development only (wrangler dev). Production secrets: wrangler secret put.',
    `SEALVOTE_MASTER_SECRET=${hex()}`,
    `SEALVOTE_SIGNING_SEED=${hex()}`,
    `SEALVOTE_SLIP_PEPPER=${hex()}`,
    'SEALVOTE_LOG_ORIGIN=sealvote.localhost/log',
    // wrangler dev serves plain http on localhost.
    'SEALVOTE_INSECURE_COOKIES=1',
  ];
  writeFileSync(devVars, lines.join('\n') + '\n', { mode: 0o600 });
  console.log('dev:worker: wrote new development secrets to .dev.vars (mode 0600)');
}

ensureKioskDist();

const wrangler = (args) => {
  const run = spawnSync('npx', ['wrangler', ...args], { cwd: root, env, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
};

wrangler(['d1', 'migrations', 'apply', 'DB', '--local']);
wrangler(['dev', '--local', '--ip', '127.0.0.1', '--port', process.env.PORT ?? '8787', ...process.argv.slice(2)]);
