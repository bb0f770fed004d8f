import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyCosignature } from '../../crypto/cosignature';
import { parseNote } from '../../crypto/signed-note';
import { cosignCommand } from '../../src/cli/commands/cosign';
import { keygenCommand } from '../../src/cli/commands/keygen';
import { receiptCommand } from '../../src/cli/commands/receipt';
import { verifyCommand, type CliIO } from '../../src/cli/commands/verify';
import { ballotReceipt } from '../../crypto/ballot';
import { verifyRecord, type MeetingRecord } from '../../src/verifier';
import { findEntry, newKeys, standardMeeting, tamper, type Keys, type MeetingBuilder } from './fixtures';

function fakeIO(opts: { tty?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), stderrIsTTY: opts.tty ?? false, now: () => new Date('2026-03-02T12:00:00Z') };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

let dir: string;
let keys: Keys;
let builder: MeetingBuilder;
let record: MeetingRecord;
let recordPath: string;
let tamperedPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sealvote-cli-'));
  keys = newKeys();
  builder = standardMeeting(keys);
  record = builder.record();
  recordPath = join(dir, 'record.json');
  writeFileSync(recordPath, JSON.stringify(record));
  const tampered = tamper(record, keys, (entries) => {
    const t = entries[findEntry(entries, (e) => e.type === 'tally' && e.item === 'itm_a')] as Record<string, any>;
    t.A.nominees[0].approve -= 1;
    t.A.nominees[0].abstain += 1;
  });
  tamperedPath = join(dir, 'tampered.json');
  writeFileSync(tamperedPath, JSON.stringify(tampered));
});

describe('sealvote verify', () => {
  it('exits 0 on a valid record and reports checks, counts and the tally hash', async () => {
    const t = fakeIO();
    expect(await verifyCommand([recordPath], t.io)).toBe(0);
    expect(t.out()).toContain('RESULT: every check holds');
    expect(t.out()).toContain(`tally hash: ${verifyRecord(record).tallyHash}`);
    expect(t.out()).toMatch(/ballots \d+/);
    expect(t.err()).toBe('');
  });

  it('exits 1 naming the first failing check and the entry', async () => {
    const t = fakeIO();
    expect(await verifyCommand([tamperedPath], t.io)).toBe(1);
    expect(t.out()).toMatch(/RESULT: FAILED at tally-counts \(entry \d+\)/);
  });

  it('--json gives the machine report', async () => {
    const t = fakeIO();
    expect(await verifyCommand([tamperedPath, '--json'], t.io)).toBe(1);
    const json = JSON.parse(t.out());
    expect(json.ok).toBe(false);
    expect(json.firstFailure.id).toBe('tally-counts');
    expect(typeof json.firstFailure.entry).toBe('number');
  });

  it('exits 2 on an unusable file: missing, not JSON, or not a record', async () => {
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, '{"format":');
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ ...record, format: 'sealvote-record/v9' }));
    for (const path of [join(dir, 'missing.json'), notJson, wrong]) {
      const t = fakeIO();
      expect(await verifyCommand([path], t.io)).toBe(2);
      expect(t.err()).toContain('unusable record');
    }
    expect(await verifyCommand([], fakeIO().io)).toBe(2);
  });

  it('shows a progress line on stderr only on a terminal or with --progress', async () => {
    const tty = fakeIO({ tty: true });
    await verifyCommand([recordPath], tty.io);
    expect(tty.err()).toContain('100%');
    const flag = fakeIO();
    await verifyCommand([recordPath, '--progress'], flag.io);
    expect(flag.err()).toContain('verifying:');
  });

  it('--threads and --backend give the same report (default, 1–3 threads, auto, noble, mcl-wasm)', async () => {
    const reference = verifyRecord(JSON.parse(readFileSync(tamperedPath, 'utf8')));
    for (const flags of [
      [],
      ['--threads', '1'],
      ['--threads', '2'],
      ['--threads', '3', '--backend', 'auto'],
      ['--threads', '2', '--backend', 'mcl'],
      ['--threads', '1', '--backend', 'noble'],
      ['--threads', '2', '--backend', 'noble'],
    ]) {
      const t = fakeIO();
      expect(await verifyCommand([tamperedPath, '--json', ...flags], t.io), flags.join(' ')).toBe(1);
      expect(JSON.parse(t.out()), flags.join(' ')).toEqual(JSON.parse(JSON.stringify(reference)));
      expect(t.err()).toBe('');
    }
  }, 180_000);

  it('exits 2 on an unusable --threads or --backend', async () => {
    for (const flags of [['--threads', '0'], ['--threads', 'two'], ['--threads', '1.5'], ['--backend', 'openssl']]) {
      const t = fakeIO();
      expect(await verifyCommand([recordPath, ...flags], t.io), flags.join(' ')).toBe(2);
      expect(t.err()).toMatch(/--(threads|backend) must be/);
    }
  });

  it('fails when a pinned service key differs from the record', async () => {
    const t = fakeIO();
    expect(await verifyCommand([recordPath, '--service-key', newKeys().service.verifierKey], t.io)).toBe(1);
    expect(t.out()).toContain('checkpoint-signature');
  });
});

describe('sealvote receipt', () => {
  it('exits 0 for a ballot in the log and 1 for one that is not', async () => {
    const t = fakeIO();
    expect(await receiptCommand([recordPath, ballotReceipt(builder.ballots[0]!)], t.io)).toBe(0);
    expect(t.out()).toContain('included');
    const missing = fakeIO();
    expect(await receiptCommand([recordPath, 'ab'.repeat(32)], missing.io)).toBe(1);
    expect(missing.out()).toContain('NOT included');
  });

  it('reads a receipt file in JSON as the API returns it', async () => {
    const file = join(dir, 'receipt.json');
    writeFileSync(file, JSON.stringify({ receipt: ballotReceipt(builder.ballots[3]!) }));
    expect(await receiptCommand([recordPath, file, '--json'], fakeIO().io)).toBe(0);
  });
});

describe('sealvote keygen and cosign', () => {
  it('keygen writes a 0600 key file, never overwrites it, and prints the verifier key', async () => {
    const out = join(dir, 'org.key');
    const t = fakeIO();
    expect(await keygenCommand(['--name', 'sealvote-organization-test', '--out', out], t.io)).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8')).toMatch(/^PRIVATE\+KEY\+sealvote-organization-test\+/);
    expect(t.out()).toMatch(/^sealvote-organization-test\+[0-9a-f]{8}\+/);
    expect(t.out()).not.toContain('PRIVATE');
    expect(await keygenCommand(['--name', 'sealvote-organization-test', '--out', out], fakeIO().io)).toBe(2);
    expect(await keygenCommand(['--name', 'has space'], fakeIO().io)).toBe(2);
  });

  it('cosign prints a cosignature over the final checkpoint that verifies under the department key', async () => {
    const keyFile = join(dir, 'discipline.key');
    writeFileSync(keyFile, `${keys.departments.discipline.signerKey}\n`, { mode: 0o600 });
    const t = fakeIO();
    expect(await cosignCommand([recordPath, '--key', keyFile, '--json', '--service-key', keys.service.verifierKey], t.io)).toBe(0);
    const json = JSON.parse(t.out());
    expect(json.department).toBe('discipline');
    const final = record.checkpoints[record.checkpoints.length - 1]!;
    expect(json.checkpointSize).toBe(final.size);
    expect(verifyCosignature(parseNote(final.note).text, json.line, keys.departments.discipline.verifierKey)).toBe(true);
    const withIt = { ...record, cosignatures: [{ department: 'discipline' as const, checkpointSize: final.size, line: json.line }] };
    expect(verifyRecord(withIt).ok).toBe(true);
  });

  it('cosign refuses a tampered record and prints no cosignature', async () => {
    const keyFile = join(dir, 'org2.key');
    writeFileSync(keyFile, `${keys.departments.organization.signerKey}\n`, { mode: 0o600 });
    const t = fakeIO();
    expect(await cosignCommand([tamperedPath, '--key', keyFile, '--threads', '1', '--backend', 'mcl', '--service-key', keys.service.verifierKey], t.io)).toBe(1);
    expect(t.out()).toBe('');
    expect(t.err()).toContain('REFUSED');
  });

  it('cosign refuses a record of a meeting that has not ended', async () => {
    const open = standardMeeting(keys);
    // The record of an open meeting covers its log up to the latest checkpoint (a close).
    open.checkpointSizes.pop();
    open.entries.splice(open.checkpointSizes[open.checkpointSizes.length - 1]!);
    const path = join(dir, 'open.json');
    writeFileSync(path, JSON.stringify(open.record()));
    const keyFile = join(dir, 'org3.key');
    writeFileSync(keyFile, `${keys.departments.organization.signerKey}\n`, { mode: 0o600 });
    const t = fakeIO();
    expect(await cosignCommand([path, '--key', keyFile, '--service-key', keys.service.verifierKey], t.io)).toBe(1);
    expect(t.err()).toContain('has not ended');
  });

  it('cosign refuses a key file that is not a cosigner key, without echoing it', async () => {
    const keyFile = join(dir, 'service.key');
    writeFileSync(keyFile, keys.service.signerKey);
    const t = fakeIO();
    expect(await cosignCommand([recordPath, '--key', keyFile, '--service-key', keys.service.verifierKey], t.io)).toBe(2);
    expect(t.err()).not.toContain('PRIVATE');
  });
});

describe('through the sealvote dispatcher (src/cli/main.ts)', () => {
  it('runs verify with the exit codes of the brief', async () => {
    const { main } = await import('../../src/cli/main');
    const { PassThrough } = await import('node:stream');
    const io = () => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      const out: string[] = [];
      stdout.on('data', (d) => out.push(String(d)));
      return { io: { stdin: new PassThrough(), stdout, stderr, env: {} }, out };
    };
    const ok = io();
    expect(await main(['verify', recordPath], ok.io)).toBe(0);
    expect(ok.out.join('')).toContain('every check holds');
    expect(await main(['verify', tamperedPath], io().io)).toBe(1);
    expect(await main(['verify', join(dir, 'nope.json')], io().io)).toBe(2);
  });
});
