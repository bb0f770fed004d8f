/**
 * `npm run package`: the offline package for a county's internal network, where no registry is
 * reachable (issue 20.7, issue 21). One npm tarball with everything it needs inside:
 *
 *   dist/sealvote-<version>-linux-x64.tgz
 *     package/dist/server/   the service (node dist/server/server.mjs; scripts/build.ts)
 *     package/dist/cli/      the command line (bin `sealvote`: admin create, verify, backup, …)
 *     package/kiosk/dist/    the kiosk pages, built once
 *     package/migrations/    applied by the service at start
 *     package/node_modules/  better-sqlite3 (bundled), with its native addon compiled for
 *                            Node 24 LTS (ABI 137, production) and Node 20 (ABI 115), side by
 *                            side under lib/binding/node-v<ABI>-linux-x64/, where its loader
 *                            (`bindings`) picks the one of the running Node
 *     package/deploy/        sealvote.service (systemd) and sealvote.env.example
 *     package/README.md, THREAT_MODEL.md, docs/deploy-node.md, docs/inspector.md
 *
 * Install with either of (no network needed, docs/deploy-node.md):
 *   npm install --offline --global dist/sealvote-0.1.0-linux-x64.tgz
 *   mkdir /opt/sealvote && tar -xzf sealvote-0.1.0-linux-x64.tgz -C /opt/sealvote --strip-components=1
 *
 * better-sqlite3's install script (prebuild-install, else node-gyp) is removed from the bundled
 * copy: it would reach for the network, and the addons are already built.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build';
import { currentRuntime, ensureNode24, ensureSqliteAddon, ROOT, type Runtime } from './runtimes';

const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; description: string; license: string };

/** The packages the bundles leave outside: better-sqlite3 and what it loads at run time. */
const BUNDLED = ['better-sqlite3', 'bindings', 'file-uri-to-path'] as const;

export interface PackageResult {
  tarball: string;
  /** The ABIs whose better-sqlite3 addon is inside. */
  abis: string[];
}

export async function buildPackage(opts: { runtimes?: Runtime[]; log?: (line: string) => void } = {}): Promise<PackageResult> {
  const log = opts.log ?? (() => {});
  const runtimes = opts.runtimes ?? [currentRuntime(), ensureNode24(log)];
  await buildAll({ log });
  const stage = join(ROOT, 'dist/package');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const dir of ['dist/server', 'dist/cli', 'kiosk/dist', 'migrations']) cpSync(join(ROOT, dir), join(stage, dir), { recursive: true });
  chmodSync(join(stage, 'dist/cli/sealvote.mjs'), 0o755);
  for (const file of ['README.md', 'THREAT_MODEL.md', 'LICENSE', 'docs/deploy-node.md', 'docs/inspector.md', 'deploy/sealvote.service', 'deploy/sealvote.env.example']) {
    if (!existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(stage, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(stage, file));
  }

  for (const name of BUNDLED) {
    const from = join(ROOT, 'node_modules', name);
    // The sources, the build tree and the tests are not needed once the addons are built.
    cpSync(from, join(stage, 'node_modules', name), {
      recursive: true,
      // binding.gyp too: npm would run node-gyp for any package that has one.
      filter: (p) => !/\/(build|deps|src|test|benchmark|docs)(\/|$)|\/binding\.gyp$/.test(p.slice(from.length)),
    });
  }
  const sqliteDir = join(stage, 'node_modules/better-sqlite3');
  const sqlitePkg = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')) as Record<string, any>;
  delete sqlitePkg.scripts;
  delete sqlitePkg.devDependencies;
  sqlitePkg.gypfile = false;
  sqlitePkg.dependencies = { bindings: sqlitePkg.dependencies.bindings };
  writeFileSync(join(sqliteDir, 'package.json'), JSON.stringify(sqlitePkg, null, 2) + '\n');
  const abis: string[] = [];
  for (const runtime of runtimes) {
    const addon = ensureSqliteAddon(runtime, log);
    const target = join(sqliteDir, 'lib/binding', `node-v${runtime.abi}-linux-x64`, 'better_sqlite3.node');
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(addon, target);
    abis.push(runtime.abi);
  }

  const versions = (name: string) => (JSON.parse(readFileSync(join(stage, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  writeFileSync(
    join(stage, 'package.json'),
    JSON.stringify(
      {
        name: PKG.name,
        version: PKG.version,
        description: PKG.description,
        license: PKG.license,
        type: 'module',
        // The addons inside are built for these two lines only (README, "Supported runtimes").
        engines: { node: '^20.11.0 || ^24.0.0' },
        os: ['linux'],
        cpu: ['x64'],
        bin: { sealvote: 'dist/cli/sealvote.mjs' },
        scripts: { start: 'node dist/server/server.mjs' },
        dependencies: Object.fromEntries(BUNDLED.map((n) => [n, versions(n)])),
        bundleDependencies: [...BUNDLED],
      },
      null,
      2,
    ) + '\n',
  );

  const out = join(ROOT, 'dist');
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } })
    .trim()
    .split('\n')
    .pop()!;
  const tarball = join(out, `${PKG.name}-${PKG.version}-linux-x64.tgz`);
  rmSync(tarball, { force: true });
  execFileSync('mv', [join(out, packed), tarball]);
  log(`package: ${tarball} (better-sqlite3 for ABI ${abis.join(' and ')})`);
  return { tarball, abis };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { tarball } = await buildPackage({ log: (line) => console.log(line) });
  console.log(execFileSync('sha256sum', [tarball], { encoding: 'utf8' }).trim());
}
