/**
 * Trust anchors (issue 14): "filed" only against pinned keys; without pins the report says the
 * keys come from the file and prints fingerprints; cosign refuses without the service key
 * pinned; keygen and trust make the trust file; the CLI's other points (receipt short codes,
 * --help everywhere, key names, unknown commands).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { ballotReceipt } from '../../crypto/ballot';
import { coissuerFingerprint, generateCoissuerKey } from '../../crypto/coissuer-statements';
import { generateCosignerKey } from '../../crypto/cosignature';
import { generateNoteKey, keyFingerprint } from '../../crypto/signed-note';
import { cosignCommand } from '../../src/cli/commands/cosign';
import { keygenCommand } from '../../src/cli/commands/keygen';
import { receiptCommand } from '../../src/cli/commands/receipt';
import { trustCommand } from '../../src/cli/commands/trust';
import { verifyCommand, type CliIO } from '../../src/cli/commands/verify';
import { main } from '../../src/cli/main';
import { formatTrustFile, resolveReceipt, verifyRecord, type MeetingRecord } from '../../src/verifier';
import { addCosignature, checkpointNote, newKeys, ORIGIN, standardMeeting, type Keys, type MeetingBuilder } from './fixtures';

function fakeIO() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), stderrIsTTY: false, now: () => new Date('2026-03-02T12:00:00Z') };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

let dir: string;
let keys: Keys;
let builder: MeetingBuilder;
let cosigned: MeetingRecord;
let cosignedPath: string;
let trustPath: string;

const write = (name: string, record: MeetingRecord) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(record));
  return p;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sealvote-trust-'));
  keys = newKeys();
  builder = standardMeeting(keys);
  cosigned = builder.record({ cosign: ['organization', 'discipline'] });
  cosignedPath = write('cosigned.json', cosigned);
  trustPath = join(dir, 'trust.json');
  writeFileSync(
    trustPath,
    formatTrustFile({ serviceKey: keys.service.verifierKey, departments: { organization: keys.departments.organization.verifierKey, discipline: keys.departments.discipline.verifierKey } }),
  );
});

describe('sealvote verify and pinned keys', () => {
  it('says FILED only with the service key and both department keys pinned', async () => {
    const pinned = fakeIO();
    expect(await verifyCommand([cosignedPath, '--trust', trustPath], pinned.io)).toBe(0);
    expect(pinned.out()).toContain('FILED: both departments cosigned the tally hash under the pinned keys');
    const json = fakeIO();
    expect(await verifyCommand([cosignedPath, '--trust', trustPath, '--json'], json.io)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ ok: true, filed: true, keys: { allPinned: true } });

    const bare = fakeIO();
    expect(await verifyCommand([cosignedPath], bare.io)).toBe(0);
    expect(bare.out()).toContain('KEYS NOT PINNED');
    expect(bare.out()).not.toMatch(/filed/i);
    for (const k of [keys.service.verifierKey, keys.departments.organization.verifierKey, keys.departments.discipline.verifierKey]) expect(bare.out()).toContain(keyFingerprint(k));
    // Two of three pinned is not enough.
    const partly = fakeIO();
    expect(await verifyCommand([cosignedPath, '--service-key', keys.service.verifierKey, '--organization-key', keys.departments.organization.verifierKey], partly.io)).toBe(0);
    expect(partly.out()).not.toMatch(/filed/i);
  });

  it('a service-only meeting says "issuance: service only"; pinning a co-issuer key for it fails coissuer-keys', async () => {
    const plain = fakeIO();
    expect(await verifyCommand([cosignedPath], plain.io)).toBe(0);
    expect(plain.out()).toContain('issuance: service only');
    const json = fakeIO();
    expect(await verifyCommand([cosignedPath, '--json'], json.io)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ issuance: { mode: 'service' } });
    // The inspector expected co-issuance: a record issued by the service alone must not pass.
    const expected = fakeIO();
    expect(await verifyCommand([cosignedPath, '--coissuer-key', generateCoissuerKey('sealvote-coissuer-x').verifierKey], expected.io)).toBe(1);
    expect(expected.out()).toMatch(/coissuer-keys/);
  });

  it("a department key replaced in the file, with the forger's own cosignature: passes unpinned (but never 'filed'), fails pinned", async () => {
    const forger = generateCosignerKey('sealvote-discipline-test-county');
    const forged: MeetingRecord = { ...cosigned, departments: cosigned.departments.map((d) => (d.department === 'discipline' ? { ...d, verifierKey: forger.verifierKey } : d)), cosignatures: cosigned.cosignatures.filter((c) => c.department !== 'discipline') };
    addCosignature(forged, 'discipline', forger.signerKey);
    const path = write('forged-department.json', forged);
    const bare = fakeIO();
    expect(await verifyCommand([path], bare.io)).toBe(0);
    expect(bare.out()).toMatch(/discipline\s+[0-9a-f ]+\s+FROM THE FILE/);
    expect(bare.out()).not.toMatch(/filed/i);
    const pinned = fakeIO();
    expect(await verifyCommand([path, '--trust', trustPath], pinned.io)).toBe(1);
    expect(pinned.out()).toContain('RESULT: FAILED at cosignature');
  });

  it('a record re-sealed end to end under a new service key: passes unpinned, fails pinned', async () => {
    const rogue = generateNoteKey(ORIGIN);
    const entries = cosigned.entries.map((e, i) => (i === 0 ? e.replace(keys.service.verifierKey, rogue.verifierKey) : e));
    const resealed: MeetingRecord = { ...cosigned, serviceKey: rogue.verifierKey, entries, cosignatures: [] };
    resealed.checkpoints = cosigned.checkpoints.map((c) => ({ size: c.size, note: checkpointNote(entries, c.size, rogue.signerKey) }));
    expect(verifyRecord(resealed).ok).toBe(true);
    const path = write('resealed.json', resealed);
    expect(await verifyCommand([path], fakeIO().io)).toBe(0);
    const pinned = fakeIO();
    expect(await verifyCommand([path, '--trust', trustPath], pinned.io)).toBe(1);
    expect(pinned.out()).toContain('RESULT: FAILED at checkpoint-signature');
    // And cosign refuses it.
    const keyFile = join(dir, 'disc-resealed.key');
    writeFileSync(keyFile, keys.departments.discipline.signerKey, { mode: 0o600 });
    const c = fakeIO();
    expect(await cosignCommand([path, '--key', keyFile, '--trust', trustPath], c.io)).toBe(1);
    expect(c.out()).toBe('');
  });

  it('exits 2 on an unusable trust file or a key of the wrong type', async () => {
    const bad = join(dir, 'bad-trust.json');
    writeFileSync(bad, JSON.stringify({ format: 'sealvote-trust/v1', serviceKey: keys.departments.organization.verifierKey }));
    expect(await verifyCommand([cosignedPath, '--trust', bad], fakeIO().io)).toBe(2);
    expect(await verifyCommand([cosignedPath, '--trust', join(dir, 'missing.json')], fakeIO().io)).toBe(2);
    expect(await verifyCommand([cosignedPath, '--discipline-key', keys.service.verifierKey], fakeIO().io)).toBe(2);
  });
});

describe('sealvote cosign needs the service key pinned', () => {
  it('refuses (exit 2, nothing signed) without --trust or --service-key, signs with either', async () => {
    const record = builder.record();
    const path = write('plain.json', record);
    const keyFile = join(dir, 'org.key');
    writeFileSync(keyFile, keys.departments.organization.signerKey, { mode: 0o600 });
    const none = fakeIO();
    expect(await cosignCommand([path, '--key', keyFile], none.io)).toBe(2);
    expect(none.out()).toBe('');
    expect(none.err()).toContain('pin the service');
    expect(await cosignCommand([path, '--key', keyFile, '--trust', trustPath], fakeIO().io)).toBe(0);
  });
});

describe('sealvote keygen and sealvote trust make the trust file', () => {
  it('keygen pins the new key for its department; trust adds the service key and shows fingerprints', async () => {
    const file = join(dir, 'made-trust.json');
    const k = fakeIO();
    expect(await keygenCommand(['--name', 'sealvote-organization-x', '--out', join(dir, 'x.key'), '--department', 'organization', '--trust', file], k.io)).toBe(0);
    const orgKey = k.out().trim();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ format: 'sealvote-trust/v1', organization: orgKey });
    const t = fakeIO();
    expect(await trustCommand([file, '--service-key', keys.service.verifierKey], t.io)).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ format: 'sealvote-trust/v1', serviceKey: keys.service.verifierKey, organization: orgKey });
    expect(t.out()).toContain(keyFingerprint(orgKey));
    expect(t.out()).toMatch(/discipline\s+\(not pinned\)/);
    expect(await trustCommand([file, '--service-key', 'not a key'], fakeIO().io)).toBe(2);
    // The co-issuer key, shown with the fingerprint read aloud in the room (docs/coissuance.md §2.1).
    const coissuer = generateCoissuerKey('sealvote-coissuer-x').verifierKey;
    const c = fakeIO();
    expect(await trustCommand([file, '--coissuer-key', coissuer], c.io)).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ format: 'sealvote-trust/v1', serviceKey: keys.service.verifierKey, organization: orgKey, coissuer });
    expect(c.out()).toContain(coissuerFingerprint(coissuer));
    expect(await trustCommand([file, '--coissuer-key', keys.departments.organization.verifierKey], fakeIO().io)).toBe(2);
  });

  it('keygen refuses a name that is not printable ASCII without spaces or "+"', async () => {
    for (const name of ['张三', 'a b', 'a+b', 'tab\there', '']) {
      expect(await keygenCommand(['--name', name, '--out', join(dir, `n${Math.random()}.key`)], fakeIO().io), name).toBe(2);
    }
    expect(existsSync(join(dir, '张三.key'))).toBe(false);
  });
});

describe('sealvote receipt with the short code the tablet shows', () => {
  it('accepts "xxxxx xxxxx" as one argument or two, and says so when a code matches nothing', async () => {
    const path = write('receipts.json', builder.record());
    const receipt = ballotReceipt(builder.ballots[2]!);
    const short = `${receipt.slice(0, 5)} ${receipt.slice(5, 10)}`;
    const one = fakeIO();
    expect(await receiptCommand([path, short], one.io)).toBe(0);
    expect(one.out()).toContain('included');
    expect(await receiptCommand([path, receipt.slice(0, 5), receipt.slice(5, 10)], fakeIO().io)).toBe(0);
    const none = fakeIO();
    expect(await receiptCommand([path, receipt[0] === '0' ? '11111 11111' : '00000 00000'], none.io)).toBe(1);
    expect(none.out()).toContain('NOT included');
    expect(await receiptCommand([path, 'f7ac'], fakeIO().io)).toBe(2);
  });

  it('a code that matches several ballots is ambiguous, never a guess', () => {
    const record = builder.record();
    // 36 ballots, 16 hex digits: two share a first digit (pigeonhole).
    const firsts = builder.ballots.map((b) => ballotReceipt(b)[0]!);
    const shared = firsts.find((d, i) => firsts.indexOf(d) !== i)!;
    expect(resolveReceipt(record, shared, 1)).toMatchObject({ error: 'ambiguous' });
    expect(resolveReceipt(record, ballotReceipt(builder.ballots[0]!).slice(0, 12))).toEqual({ receipt: ballotReceipt(builder.ballots[0]!) });
  });
});

describe('the dispatcher', () => {
  const io = () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: string[] = [];
    const err: string[] = [];
    stdout.on('data', (d) => out.push(String(d)));
    stderr.on('data', (d) => err.push(String(d)));
    return { io: { stdin: new PassThrough(), stdout, stderr, env: {} }, out, err };
  };

  it('every subcommand answers --help with its usage on stdout, exit 0', async () => {
    for (const cmd of [['verify'], ['receipt'], ['keygen'], ['cosign'], ['trust'], ['backup'], ['restore'], ['admin', 'create']]) {
      const x = io();
      expect(await main([...cmd, '--help'], x.io), cmd.join(' ')).toBe(0);
      expect(x.out.join(''), cmd.join(' ')).toMatch(new RegExp(`usage|sealvote ${cmd.join(' ')}`, 'i'));
    }
  });

  it('an unknown command says so, then prints the usage (exit 2)', async () => {
    const x = io();
    expect(await main(['frobnicate'], x.io)).toBe(2);
    const err = x.err.join('');
    expect(err).toMatch(/^sealvote: unknown command "frobnicate"/);
    expect(err).toContain('sealvote verify');
  });
});
