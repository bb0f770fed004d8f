import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { format, isMessageKey, LANGS, MESSAGES, translate, type MessageKey } from '../../kiosk/src/i18n';

const pagesDir = join(__dirname, '../../kiosk/pages');
const srcDir = join(__dirname, '../../kiosk/src');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), ext) : e.name.endsWith(ext) ? [join(dir, e.name)] : [],
  );
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n dictionary', () => {
  it('has every key in both languages, non-empty, with the same placeholders', () => {
    const zhKeys = Object.keys(MESSAGES['zh-CN']).sort();
    expect(Object.keys(MESSAGES.en).sort()).toEqual(zhKeys);
    for (const key of zhKeys as MessageKey[]) {
      for (const lang of LANGS) expect(MESSAGES[lang][key].trim(), `${lang} ${key}`).not.toBe('');
      expect(placeholders(MESSAGES.en[key]), key).toEqual(placeholders(MESSAGES['zh-CN'][key]));
    }
  });

  it('zh-CN text holds no English words (issue 17 point 3)', () => {
    // The language switch names the other language; a time zone is named in Latin letters.
    const latinOnPurpose = new Set(['lang.switch', 'lang.switch.label', 'validation.timeZone']);
    const found = Object.entries(MESSAGES['zh-CN'])
      .filter(([key]) => !latinOnPurpose.has(key))
      .flatMap(([key, text]) =>
        [...text.replace(/\{\w+\}/g, '').matchAll(/[A-Za-z]{3,}/g)]
          .map((m) => m[0])
          // Upper-case acronyms (PDF, JSON, HTTP) are written so in Chinese text too.
          .filter((w) => !/^[A-Z]{2,5}$/.test(w))
          .map((w) => `${key}: ${w}`),
      );
    expect(found).toEqual([]);
  });

  it('formats placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'projector.progress', { n: 3, m: 9 })).toBe('3 of 9 cast');
    expect(translate('zh-CN', 'projector.progress', { n: 3, m: 9 })).toBe('已投 3 / 9 票');
    expect(format('{a} and {b}', { a: 'x' })).toBe('x and {b}');
  });

  it('knows every data-i18n key used by the pages', () => {
    const used = files(pagesDir, '.html').flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)].map((m) => m[1] as string),
    );
    expect(used.length).toBeGreaterThan(5);
    for (const key of used) expect(isMessageKey(key), key).toBe(true);
  });

  it('knows every t(...) key used by the scripts', () => {
    const used = files(srcDir, '.ts').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z0-9.-]+)'/g)].map((m) => m[1] as string));
    expect(used.length).toBeGreaterThan(20);
    for (const key of used) expect(isMessageKey(key), key).toBe(true);
  });

  it('pages carry no inline script or style (the CSP would block them)', () => {
    for (const f of files(pagesDir, '.html')) {
      const html = readFileSync(f, 'utf8');
      expect(html, f).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(html, f).not.toMatch(/<style/i);
      expect(html, f).not.toMatch(/\sstyle=/i);
      expect(html, f).not.toMatch(/\son[a-z]+=/i);
      expect(html, f).not.toMatch(/https?:\/\//i);
    }
  });
});
