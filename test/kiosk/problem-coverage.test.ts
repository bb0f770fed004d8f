/**
 * Issue 17, point 3, from the server's side: the refusals are found in the source, not listed by
 * hand. Every `new AppError(code, detail, extensions)` in src/ is read with the TypeScript parser:
 * a code sent with parameters must be worded with them (in Chinese without English words, and in
 * English), a general code made specific by a `reason` must have that sentence, and every field a
 * request body can name (the OpenAPI document) must have a Chinese name for validation failures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../kiosk/src/lib/api';
import { problemText } from '../../kiosk/src/lib/problem-text';
import { isMessageKey, LANGS, MESSAGES, setLang, type MessageKey } from '../../kiosk/src/i18n';
import { PROBLEMS } from '../../src/errors';
import { makeTestApp, type TestApp } from '../support/app';
import { installBareDocument } from './bare-document';

const srcDir = join(__dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

interface Thrown {
  where: string;
  codes: string[];
  /** Names of the extension members, and the string literal given for each where there is one. */
  ext: Map<string, string | undefined>;
  /** `errors: [{ path: ['x'], message: '…' }]` written out in the source. */
  fieldErrors: Array<{ path: string; message: string }>;
}

const literal = (n: ts.Node | undefined): string | undefined => (n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined);

function codesOf(n: ts.Expression): string[] {
  if (ts.isConditionalExpression(n)) return [...codesOf(n.whenTrue), ...codesOf(n.whenFalse)];
  const s = literal(n);
  return s === undefined ? [] : [s];
}

function scan(): Thrown[] {
  const found: Thrown[] = [];
  for (const f of files(srcDir)) {
    const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && n.expression.getText(sf) === 'AppError' && n.arguments?.length) {
        const [code, , extArg] = n.arguments;
        const ext = new Map<string, string | undefined>();
        const fieldErrors: Thrown['fieldErrors'] = [];
        if (extArg && ts.isObjectLiteralExpression(extArg)) {
          for (const p of extArg.properties) {
            if (ts.isSpreadAssignment(p)) ext.set(`...${p.expression.getText(sf)}`, undefined);
            if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
            const name = p.name.getText(sf);
            ext.set(name, ts.isPropertyAssignment(p) ? literal(p.initializer) : undefined);
            if (name === 'errors' && ts.isPropertyAssignment(p) && ts.isArrayLiteralExpression(p.initializer)) {
              for (const e of p.initializer.elements) {
                if (!ts.isObjectLiteralExpression(e)) continue;
                const get = (k: string) => e.properties.find((q): q is ts.PropertyAssignment => ts.isPropertyAssignment(q) && q.name.getText(sf) === k)?.initializer;
                const path = get('path');
                const last = path && ts.isArrayLiteralExpression(path) ? literal(path.elements[path.elements.length - 1]) : undefined;
                const message = literal(get('message')) ?? get('message')?.getText(sf) ?? '';
                if (last) fieldErrors.push({ path: last, message });
              }
            }
          }
        } else if (extArg) ext.set(extArg.getText(sf), undefined);
        found.push({ where: `${f.slice(srcDir.length + 1)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`, codes: codesOf(code!), ext, fieldErrors });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found;
}

/** A sample of what the server sends with each code that has parameters (shapes from the throwing code). */
const SAMPLES: Record<string, Record<string, unknown>> = {
  quorum_not_met: { present: 4, due: 7, needed: 5 },
  competitive_ratio: { nominees: 2, seats: 2, openSelection: true, required: 3 },
  nominee_limit: { limit: 30, count: 31 },
  secretary_not_last: { secretary: 'per_1', after: ['王明'] },
  nominee_barred: { nomineeId: 'n1', postId: 'p1', barId: 'b1', scope: 'same-post', liftsOn: '2027-03-02', barringVote: { voteDate: '2026-03-02' } },
  meeting_date_passed: { date: '2026-03-01', today: '2026-03-02', timeZone: 'Asia/Shanghai' },
  consultation_window_closed: { closesOn: '2026-03-06', today: '2026-03-07' },
  consultation_too_few_asked: { asked: 5, due: 9, needed: 6 },
  consultation_open: { answered: 6, asked: 7, closesOn: '2026-03-06' },
  consultation_window_invalid: { date: '2026-03-02', closesOn: '2026-04-02', maxDays: 30 },
  meeting_not_today: { date: '2026-03-03', today: '2026-03-02', timeZone: 'Asia/Shanghai' },
  rate_limited: { retryAfter: 600 },
  results_unannounced: { items: [{ id: 'i1', position: 1, title: '任命某某', round: 1 }] },
  coissuer_refused: { reason: 'absent' },
  coissuer_roll_missing: { votes: [{ item: 'i1', round: 1, purpose: 'vote', class: 'A' }] },
  follow_up_invalid: { reason: 'other-post' },
  duplicate_nominee: { existing: [{ name: '张三', birthDate: '1978-04-12', currentPost: '副县长' }] },
  duplicate_person: { existing: [{ name: '张三', unit: '县委', title: '委员' }] },
  in_use: { what: 'person', sealedMeetings: 1, bars: 1 },
  department_key_missing: { department: 'discipline' },
  validation_failed: { errors: [{ path: ['name'], message: 'must not be empty' }] },
};
/** Codes whose parameters add nothing a person acts on: the plain sentence is the whole answer. */
const PLAIN_IS_ENOUGH = new Set(['coissuer_roll_missing']);

const latinWord = /[A-Za-z]{3,}/;
/** General codes made specific by a `reason` (lib/problem-text.ts REASONED). */
const REASONED = ['conflict', 'already_exists', 'rule_violation'];
const refusal = (code: string, ext: Record<string, unknown>) => new ApiError(PROBLEMS[code as keyof typeof PROBLEMS].status, { code, title: 'English title', detail: 'English detail', ...ext });
const has = (key: string) => isMessageKey(key) && LANGS.every((lang) => MESSAGES[lang][key as MessageKey].trim() !== '');

beforeAll(installBareDocument);
afterAll(() => setLang('zh-CN'));

describe('refusals found in the source', () => {
  const thrown = scan();

  it('finds the refusals (the scan itself works)', () => {
    expect(thrown.length).toBeGreaterThan(100);
    expect(thrown.some((t) => t.codes.includes('quorum_not_met') && t.ext.has('needed'))).toBe(true);
  });

  it('every code thrown is in the one table', () => {
    for (const t of thrown) for (const c of t.codes) expect(Object.keys(PROBLEMS), t.where).toContain(c);
  });

  it('a code sent with parameters is worded with them, in Chinese and in English', () => {
    const withParams = new Set(
      thrown
        // A general code with a literal reason is worded by that reason (next test), whatever else it carries.
        .filter((t) => !(t.codes.every((c) => REASONED.includes(c)) && t.ext.get('reason')))
        .filter((t) => [...t.ext.keys()].some((k) => !['reason', 'field', 'what'].includes(k)) || t.codes.some((c) => c === 'follow_up_invalid' || c === 'coissuer_refused'))
        .flatMap((t) => t.codes),
    );
    expect(withParams.size).toBeGreaterThan(10);
    for (const code of withParams) {
      const sample = SAMPLES[code];
      expect(sample, `${code}: add a sample of its parameters to SAMPLES`).toBeDefined();
      for (const lang of LANGS) {
        setLang(lang);
        const plain = problemText(refusal(code, {}));
        const worded = problemText(refusal(code, sample!));
        if (!PLAIN_IS_ENOUGH.has(code)) expect(worded, `${code} (${lang}) ignores its parameters`).not.toBe(plain);
        expect(worded).not.toContain('English');
        if (lang === 'zh-CN') expect(worded.replace(/R\d+/g, ''), `${code}: English words in the Chinese text`).not.toMatch(latinWord);
      }
      setLang('zh-CN');
    }
  });

  it('a general refusal made specific by a reason has that sentence in both languages', () => {
    const reasons = thrown.flatMap((t) =>
      t.codes.filter((c) => REASONED.includes(c)).flatMap((c) => (['reason', 'field'] as const).map((k) => t.ext.get(k)).filter((v): v is string => !!v).map((v) => ({ key: `problem.${c}.${v}`, code: c, v, where: t.where }))),
    );
    expect(reasons.length).toBeGreaterThanOrEqual(6);
    for (const r of reasons) {
      expect(has(r.key), `${r.where}: ${r.key}`).toBe(true);
      expect(problemText(refusal(r.code, { [r.key.includes('.role') ? 'field' : 'reason']: r.v }))).toBe(MESSAGES['zh-CN'][r.key as MessageKey]);
    }
  });

  it('a field error written in the source names the field in Chinese and says what is wrong', () => {
    const errs = thrown.flatMap((t) => t.fieldErrors.filter((e) => /^[a-zA-Z]+$/.test(e.path)).map((e) => ({ ...e, where: t.where })));
    expect(errs.length).toBeGreaterThanOrEqual(3);
    for (const e of errs) {
      expect(has(`field.${e.path}`), `${e.where}: field.${e.path}`).toBe(true);
      if (e.message.startsWith('`')) continue; // built from numbers: the generic word for the field applies
      const text = problemText(refusal('validation_failed', { errors: [{ path: [e.path], message: e.message }] }));
      expect(text, e.where).not.toContain(MESSAGES['zh-CN']['validation.invalid']);
      expect(text.replace(/R\d+/g, ''), e.where).not.toMatch(latinWord);
    }
  });
});

describe('every field a request body names has a Chinese name', () => {
  let app: TestApp;
  beforeAll(() => void (app = makeTestApp()));
  afterAll(() => app.close());

  it('from the OpenAPI document (the co-issuer machine talks to the API, not to a page)', async () => {
    const doc = (await (await app.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
      components?: { schemas?: Record<string, unknown> };
    };
    const names = new Set<string>();
    const walk = (s: unknown): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (typeof o.$ref === 'string') return walk(doc.components?.schemas?.[o.$ref.split('/').pop()!]);
      for (const k of ['allOf', 'anyOf', 'oneOf']) for (const x of (o[k] as unknown[] | undefined) ?? []) walk(x);
      walk(o.items);
      for (const [k, v] of Object.entries((o.properties as Record<string, unknown> | undefined) ?? {})) {
        names.add(k);
        walk(v);
      }
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path.includes('/coissuer')) continue;
      for (const op of Object.values(ops)) walk(op.requestBody?.content?.['application/json']?.schema);
    }
    expect(names.size).toBeGreaterThan(20);
    expect([...names].filter((n) => !has(`field.${n}`)).map((n) => `field.${n}`)).toEqual([]);
  });
});
