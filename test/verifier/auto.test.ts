/**
 * backend auto without a usable mcl-wasm (the module mocked to fail loading, in this thread):
 * noble verifies the token batches after one notice, and the report is verifyRecord's; an
 * explicit mcl refuses instead, and so does the CLI (exit 2).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { verifyCommand, type CliIO } from '../../src/cli/commands/verify';
import { verifyRecord } from '../../src/verifier';
import { jobRunner, McLUnavailableError, verifyRecordNode } from '../../src/verifier-node';
import { findEntry, newKeys, standardMeeting, tamper } from './fixtures';

vi.mock('mcl-wasm', () => {
  throw new Error('mcl-wasm is missing (mocked)');
});

const keys = newKeys();
const clean = standardMeeting(keys).record();
const tampered = tamper(clean, keys, (es) => {
  const b = es[findEntry(es, (e) => e.type === 'ballot')] as Record<string, any>;
  b.ballot.token_sig = 'ff'.repeat(48);
});

describe('backend auto without mcl-wasm', () => {
  it('falls back to noble with one notice and the same report, valid or tampered', async () => {
    for (const record of [clean, tampered]) {
      const notices: string[] = [];
      expect(await verifyRecordNode(record, { threads: 1, onNotice: (m) => notices.push(m) })).toEqual(verifyRecord(record));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/mcl-wasm could not be loaded.*noble instead/);
    }
    expect((await jobRunner('auto')).tokens).toBe('noble');
  });

  it('refuses an explicit mcl', async () => {
    await expect(jobRunner('mcl')).rejects.toBeInstanceOf(McLUnavailableError);
    await expect(verifyRecordNode(clean, { threads: 1, backend: 'mcl' })).rejects.toBeInstanceOf(McLUnavailableError);
    // The main thread helps a pool: its refusal fails the run even when a worker could load mcl.
    await expect(verifyRecordNode(clean, { threads: 2, backend: 'mcl' })).rejects.toBeInstanceOf(McLUnavailableError);
  }, 120_000);

  it('the CLI: auto verifies with a notice on stderr (exit 0), --backend mcl exits 2', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sealvote-auto-')), 'record.json');
    writeFileSync(path, JSON.stringify(clean));
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), stderrIsTTY: false, now: () => new Date() };
    expect(await verifyCommand([path, '--threads', '1'], io)).toBe(0);
    expect(err.join('')).toMatch(/^sealvote: mcl-wasm could not be loaded/);
    err.length = 0;
    expect(await verifyCommand([path, '--threads', '1', '--backend', 'mcl'], io)).toBe(2);
    expect(err.join('')).toMatch(/--backend mcl: mcl-wasm could not be loaded/);
    expect(out.join('')).toContain('every check holds');
  });
});
