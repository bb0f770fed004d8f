import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO } from '../lib/server';
import { benchConfig, splitProxy } from './dev';

const paths = { main: '/tmp/b/bundle/src/worker.ts', migrations: '/repo/migrations', assets: '/tmp/b/assets' };

describe('benchConfig: the deployment config with its paths pointed at the bench folder', () => {
  it('rewrites the entry point, migrations and assets folder of the real wrangler.toml and keeps the rest', () => {
    const toml = readFileSync(`${REPO}/wrangler.toml`, 'utf8');
    const out = benchConfig(toml, paths);
    expect(out).toMatch(/^main = "\/tmp\/b\/bundle\/src\/worker.ts"$/m);
    expect(out).toMatch(/^migrations_dir = "\/repo\/migrations"$/m);
    expect(out).toMatch(/^directory = "\/tmp\/b\/assets"$/m);
    const unchanged = (text: string) => text.split('\n').filter((l) => !/^(main|migrations_dir|directory)\s*=/.test(l));
    expect(unchanged(out)).toEqual(unchanged(toml));
  });

  it('refuses a config that lacks one of the paths', () => {
    expect(() => benchConfig('main = "src/worker.ts"\nmigrations_dir = "migrations"\n', paths)).toThrow(/directory/);
  });
});

describe('splitProxy: the Worker runtime apart from wrangler\'s proxy on the public port', () => {
  const argv: Record<number, string[]> = {
    101: ['workerd', 'serve', '--binary', '--socket-addr=entry=127.0.0.1:8799', '--external-addr=loopback=127.0.0.1:35733'],
    102: ['workerd', 'serve', '--binary', '--socket-addr=entry=127.0.0.1:0', '--external-addr=loopback=127.0.0.1:46193'],
  };
  const argvOf = (pid: number) => argv[pid]!;

  it('counts only the process that is not listening on the port', () => {
    expect(splitProxy([101, 102], argvOf, 8799)).toEqual({ runtime: [102], proxy: [101] });
  });

  it('does not take a port that merely starts with the same digits', () => {
    expect(splitProxy([101, 102], argvOf, 879)).toEqual({ runtime: [101, 102], proxy: [] });
  });

  it('refuses when no runtime is left', () => {
    expect(() => splitProxy([101], argvOf, 8799)).toThrow(/no workerd runtime/);
    expect(() => splitProxy([], argvOf, 8799)).toThrow(/none/);
  });
});
