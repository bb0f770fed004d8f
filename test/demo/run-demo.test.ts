/**
 * `npm run demo` (src/demo/run-demo.ts), as the README promises it: the co-issued standing
 * committee's meeting, the full committee's decision citing it, and the written consultation,
 * each record verified — run as its own process, and it must say every check holds.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

describe('npm run demo', () => {
  it('runs the three meetings over HTTP and every record verifies', async () => {
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/demo/run-demo.ts'], { cwd: ROOT, timeout: 170_000, maxBuffer: 4 << 20 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}\n${stderr}` }),
      );
    });
    expect(code, out).toBe(0);
    expect(out).toContain('every token co-issued by the discipline commission');
    expect(out).toMatch(/full committee meeting closed; tally hash [0-9a-f]{64}; verified with the standing record: every check holds/);
    expect(out).toMatch(/书面征求意见 written consultation, open until \d{4}-\d{2}-\d{2}: \d+ asked/);
    expect(out).toMatch(/consultation closed; tally hash [0-9a-f]{64}; verified: every check holds/);
  }, 180_000);
});
