import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO } from '../lib/server';
import { benchConfig } from './dev';

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
