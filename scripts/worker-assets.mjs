// Makes sure kiosk/dist (the Worker's [assets] directory) exists before wrangler reads it:
// built from kiosk/build.ts when the kiosk has one, otherwise an empty folder so the API
// still bundles and runs. kiosk/dist is build output: ignored by git (dist/), never committed.
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function ensureKioskDist() {
  const build = resolve(root, 'kiosk/build.ts');
  if (existsSync(build)) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', build], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`kiosk/build.ts failed with status ${run.status}`);
  }
  mkdirSync(resolve(root, 'kiosk/dist'), { recursive: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureKioskDist();
