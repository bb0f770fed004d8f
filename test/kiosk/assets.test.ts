import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { kioskFilePath, nodeKioskAssets } from '../../src/node-assets';
import { makeTestApp } from '../support/app';

let dist: string;
let secretDir: string;

beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'kiosk-assets-'));
  dist = join(base, 'dist');
  secretDir = join(base, 'dist-secret');
  mkdirSync(join(dist, 'tablet'), { recursive: true });
  mkdirSync(join(dist, 'kiosk'), { recursive: true });
  mkdirSync(secretDir, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>landing</title>');
  writeFileSync(join(dist, 'tablet', 'index.html'), '<!doctype html><title>tablet</title>');
  writeFileSync(join(dist, 'kiosk', 'tablet.js'), 'console.log(1)');
  writeFileSync(join(dist, 'kiosk', 'print.css'), 'body{}');
  writeFileSync(join(dist, 'kiosk', '.hidden.js'), 'secret');
  writeFileSync(join(dist, 'kiosk', 'notes.md'), '# not served');
  writeFileSync(join(secretDir, 'x.js'), 'secret');
});

afterAll(() => rmSync(join(dist, '..'), { recursive: true, force: true }));

function appWithAssets() {
  const t = makeTestApp();
  const app = createApp({ ...t.deps, assets: nodeKioskAssets(dist) });
  return { app, close: t.close };
}

describe('kioskFilePath', () => {
  it('maps pages to their index.html and files to themselves', () => {
    expect(kioskFilePath(dist, '/tablet')).toBe(join(dist, 'tablet', 'index.html'));
    expect(kioskFilePath(dist, '/tablet/')).toBe(join(dist, 'tablet', 'index.html'));
    expect(kioskFilePath(dist, '/')).toBe(join(dist, 'index.html'));
    expect(kioskFilePath(dist, '/kiosk/tablet.js')).toBe(join(dist, 'kiosk', 'tablet.js'));
  });

  it('refuses anything that could leave distDir or reach a hidden file', () => {
    for (const p of [
      '/../dist-secret/x.js',
      '/kiosk/../../dist-secret/x.js',
      '/%2e%2e/dist-secret/x.js',
      '/kiosk/%2e%2e%2f%2e%2e%2fdist-secret/x.js',
      '/kiosk/..%5c..%5cdist-secret/x.js',
      '/kiosk/.hidden.js',
      '/kiosk/tablet.js%00.css',
      '/%E0%A4%A',
      'kiosk/tablet.js',
      '/kiosk/notes.md',
    ]) {
      expect(kioskFilePath(dist, p), p).toBeNull();
    }
  });
});

describe('nodeKioskAssets inside the app', () => {
  it('serves pages, scripts and styles with their content types under the app CSP', async () => {
    const { app, close } = appWithAssets();
    const page = await app.request('/tablet');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>tablet</title>');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');

    const js = await app.request('/kiosk/tablet.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const css = await app.request('/kiosk/print.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    close();
  });

  it('answers 404 problem+json for missing or refused files, and never serves under /api', async () => {
    const { app, close } = appWithAssets();
    for (const p of ['/kiosk/missing.js', '/kiosk/.hidden.js', '/kiosk/notes.md', '/nowhere/']) {
      const res = await app.request(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const api = await app.request('/api/tablet/index.html');
    expect(api.status).toBe(404);
    const post = await app.request('/tablet/', { method: 'POST' });
    expect(post.status).not.toBe(200);
    close();
  });
});
