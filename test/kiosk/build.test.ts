import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKiosk, favicon, KIOSK_ROOT, KIOSK_SCRIPTS } from '../../kiosk/build';

let out: string;

beforeAll(async () => {
  out = join(mkdtempSync(join(tmpdir(), 'kiosk-build-')), 'dist');
  await buildKiosk(KIOSK_ROOT, out);
});

afterAll(() => rmSync(join(out, '..'), { recursive: true, force: true }));

describe('buildKiosk', () => {
  it('writes every page, and every script and style a page links to exists', () => {
    for (const page of ['index.html', 'tablet/index.html', 'console/index.html', 'projector/index.html']) {
      const html = readFileSync(join(out, page), 'utf8');
      const refs = [...html.matchAll(/(?:src|href)="(\/kiosk\/[^"]+)"/g)].map((m) => m[1]!);
      expect(refs.length, page).toBeGreaterThan(0);
      for (const ref of refs) expect(existsSync(join(out, ref)), `${page} → ${ref}`).toBe(true);
    }
    for (const name of KIOSK_SCRIPTS) expect(existsSync(join(out, 'kiosk', `${name}.js`))).toBe(true);
    expect(existsSync(join(out, 'kiosk', 'print.css'))).toBe(true);
    // i18n.ts and lib/ are bundled into the pages, not shipped on their own.
    expect(readdirSync(join(out, 'kiosk')).filter((f) => f.endsWith('.js')).sort()).toEqual([...KIOSK_SCRIPTS].map((n) => `${n}.js`).sort());
  });

  it('bundles nothing the CSP would refuse: no eval, no new Function, no external URL loads', () => {
    for (const name of KIOSK_SCRIPTS) {
      const js = readFileSync(join(out, 'kiosk', `${name}.js`), 'utf8');
      expect(js, name).not.toMatch(/\beval\(/);
      expect(js, name).not.toMatch(/new Function\(/);
      expect(js, name).not.toMatch(/fetch\(\s*["'`]https?:/);
    }
  });

  it('writes a well-formed 16×16 icon', () => {
    const ico = Buffer.from(favicon());
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(1);
    expect(ico.readUInt32LE(14)).toBe(ico.length - 22);
    expect(readFileSync(join(out, 'favicon.ico')).equals(ico)).toBe(true);
  });
});
