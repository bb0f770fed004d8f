import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The verifier must run in the inspector's page (a Web Worker): only crypto/ and src/rules/,
// no Node APIs, no database, no service code.
describe('src/verifier imports', () => {
  it('come only from crypto/, src/rules/ and itself', () => {
    const dir = join(__dirname, '../../src/verifier');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/from\s+'([^']+)'/g)) {
        const spec = m[1]!;
        const allowed = spec.startsWith('./') || spec.startsWith('../../crypto/') || spec === '../rules';
        expect(allowed, `${f} imports ${spec}`).toBe(true);
      }
      expect(text, f).not.toMatch(/\bprocess\.|require\(|node:/);
    }
  });
});
