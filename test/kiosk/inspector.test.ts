/**
 * The inspector page's logic under Node: the worker's message handler runs the real verifier,
 * trusted keys are checked before they pin anything, and cosigning signs exactly the verified
 * tally hash with a key file whose bytes are wiped afterwards.
 */
import { describe, expect, it } from 'vitest';
import { generateCosignerKey, parseCosignature, verifyCosignature } from '../../crypto/cosignature';
import { generateNoteKey } from '../../crypto/signed-note';
import { CHECKS, verifyRecord, type MeetingRecord, type VerifyReport } from '../../src/verifier';
import { MESSAGES } from '../../kiosk/src/i18n';
import { cosignAllowed, cosignRecord, departmentOfRole, groupHex, KEY_FILE_MAX_BYTES, parseTrustedKeys } from '../../kiosk/src/inspector';
import { handleVerifyRequest, type VerifyResponse } from '../../kiosk/src/verify-worker';
import { MeetingBuilder, finalBody, newKeys, standardMeeting, type Keys } from '../verifier/fixtures';

const keys: Keys = newKeys();
const ended: MeetingRecord = standardMeeting(keys).record();
// The service key pinned, as the page requires before cosigning (issue 14).
const endedReport: VerifyReport = verifyRecord(ended, { trusted: { serviceKey: keys.service.verifierKey } });
const keyFile = (signerKey: string) => new TextEncoder().encode(`${signerKey}\n`);

function run(message: unknown): VerifyResponse[] {
  const answers: VerifyResponse[] = [];
  handleVerifyRequest(message, (a) => answers.push(a));
  return answers;
}

describe('verify worker', () => {
  it('posts growing progress, then the same report as verifyRecord', () => {
    const answers = run({ type: 'verify', id: 7, text: JSON.stringify(ended) });
    expect(answers.every((a) => a.id === 7)).toBe(true);
    const progress = answers.filter((a) => a.type === 'progress');
    expect(progress.length).toBeGreaterThan(3);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    const last = answers.at(-1)!;
    expect(last.type).toBe('report');
    if (last.type !== 'report') return;
    expect(last.report.ok).toBe(true);
    expect(last.report.tallyHash).toBe(endedReport.tallyHash);
    expect(last.report.checks.map((c) => c.id)).toEqual(CHECKS.map((c) => c.id));
  });

  it('passes the pinned keys on: another service key fails checkpoint-signature', () => {
    const other = generateNoteKey('sealvote.test/log').verifierKey;
    const last = run({ type: 'verify', id: 1, text: JSON.stringify(ended), trusted: { serviceKey: other } }).at(-1)!;
    expect(last.type === 'report' && last.report.firstFailure?.id).toBe('checkpoint-signature');
  });

  it('answers unusable for a file that is not a record, and error for a message that is not a request', () => {
    expect(run({ type: 'verify', id: 2, text: '{"format":"other"}' })).toEqual([expect.objectContaining({ type: 'unusable', id: 2 })]);
    expect(run({ type: 'verify', id: 3, text: 'not json' })[0]!.type).toBe('unusable');
    expect(run({ type: 'hello', id: 4 })).toEqual([{ type: 'error', id: 4, message: 'not a verify request' }]);
    expect(run(null)).toEqual([{ type: 'error', id: -1, message: 'not a verify request' }]);
  });
});

describe('trusted keys', () => {
  it('pins only what is filled in', () => {
    expect(parseTrustedKeys({ service: '  ', organization: '', discipline: undefined })).toEqual({});
    const trusted = parseTrustedKeys({ service: ` ${ended.serviceKey}\n`, discipline: keys.departments.discipline.verifierKey });
    expect(trusted).toEqual({ serviceKey: ended.serviceKey, departments: { discipline: keys.departments.discipline.verifierKey } });
    expect(parseTrustedKeys({ coissuer: ` ${ended.serviceKey} ` })).toEqual({ coissuerKey: ended.serviceKey });
  });

  it('refuses a malformed key or a key of the wrong type', () => {
    expect(() => parseTrustedKeys({ service: 'not a key' })).toThrow('inspector.err.keyMalformed');
    expect(() => parseTrustedKeys({ service: keys.departments.organization.verifierKey })).toThrow('inspector.err.serviceKeyType');
    expect(() => parseTrustedKeys({ organization: ended.serviceKey })).toThrow('inspector.err.departmentKeyType');
    expect(() => parseTrustedKeys({ coissuer: keys.departments.organization.verifierKey })).toThrow('inspector.err.coissuerKeyType');
  });
});

describe('cosigning in the page', () => {
  it('signs the verified final checkpoint; the line verifies under the department key; the key bytes are wiped', () => {
    const bytes = keyFile(keys.departments.discipline.signerKey);
    const result = cosignRecord(ended, endedReport, bytes, 1_772_500_000);
    expect(result.department).toBe('discipline');
    expect(result.verifierKey).toBe(keys.departments.discipline.verifierKey);
    expect(result.checkpointSize).toBe(endedReport.finalSize);
    expect(verifyCosignature(finalBody(ended), result.line, keys.departments.discipline.verifierKey)).toBe(true);
    expect(parseCosignature(result.line).timestamp).toBe(1_772_500_000n);
    expect(bytes.every((b) => b === 0)).toBe(true);
    // The service accepts it: a record carrying the line verifies, cosignature included.
    const filed = { ...ended, cosignatures: [{ department: 'discipline' as const, checkpointSize: result.checkpointSize, line: result.line }] };
    expect(verifyRecord(filed).cosigners.map((c) => c.department)).toEqual(['discipline']);
  });

  it('names no department for a key the record does not register', () => {
    const stranger = generateCosignerKey('sealvote-discipline-elsewhere');
    expect(cosignRecord(ended, endedReport, keyFile(stranger.signerKey), 1).department).toBeNull();
  });

  it('refuses a record that failed, a meeting not ended, or a report of another record, and still wipes the key', () => {
    const failed: VerifyReport = { ...endedReport, ok: false };
    const b1 = keyFile(keys.departments.discipline.signerKey);
    expect(() => cosignRecord(ended, failed, b1, 1)).toThrow('inspector.err.cosignNotAllowed');
    expect(b1.every((b) => b === 0)).toBe(true);

    const open = new MeetingBuilder(keys, { due: 3, observers: 0, items: [{ id: 'itm_x', nominees: ['nom_x'] }] });
    open.open('itm_x').castAll(() => ({ nom_x: 'approve' })).close();
    const openReport = verifyRecord(open.record(), { trusted: { serviceKey: keys.service.verifierKey } });
    expect(openReport.ok).toBe(true);
    expect(cosignAllowed(openReport)).toBe(false);
    expect(() => cosignRecord(open.record(), openReport, keyFile(keys.departments.discipline.signerKey), 1)).toThrow('inspector.err.cosignNotAllowed');

    const otherRecord = standardMeeting(keys).record();
    const otherReport = verifyRecord(otherRecord, { trusted: { serviceKey: keys.service.verifierKey } });
    expect(() => cosignRecord(ended, { ...otherReport, meeting: ended.meeting }, keyFile(keys.departments.discipline.signerKey), 1)).toThrow('inspector.err.reportMismatch');
  });

  it('refuses what is not a cosigner key file without echoing it', () => {
    const noteKey = generateNoteKey('sealvote-discipline-test-county').signerKey;
    expect(() => cosignRecord(ended, endedReport, keyFile(noteKey), 1)).toThrow('inspector.err.keyFileType');
    const secret = 'PRIVATE+KEY+garbage';
    let message = '';
    try {
      cosignRecord(ended, endedReport, keyFile(secret), 1);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('inspector.err.keyFile');
    expect(message).not.toContain(secret);
    expect(() => cosignRecord(ended, endedReport, Uint8Array.of(0xff, 0xfe, 0x00), 1)).toThrow('inspector.err.keyFile');
    expect(() => cosignRecord(ended, endedReport, new Uint8Array(KEY_FILE_MAX_BYTES + 1).fill(0x41), 1)).toThrow('inspector.err.keyFile');
  });
});

describe('page helpers', () => {
  it('groups a tally hash in eights', () => {
    expect(groupHex('00112233445566778899')).toBe('00112233 44556677 8899');
    expect(groupHex(endedReport.tallyHash!).split(' ')).toHaveLength(8);
    expect(() => groupHex('ABCD')).toThrow();
  });

  it('files as the role its department files through (R4)', () => {
    expect(departmentOfRole('inspector')).toBe('discipline');
    expect(departmentOfRole('filer')).toBe('organization');
    expect(departmentOfRole('clerk')).toBeNull();
  });

  it('has a title in both languages for every check the verifier runs', () => {
    for (const c of CHECKS) {
      for (const lang of ['zh-CN', 'en'] as const) expect((MESSAGES[lang] as Record<string, string>)[`check.${c.id}`], `${lang} ${c.id}`).toBeTruthy();
    }
  });
});

describe('trust files on the inspector page (issue 14)', () => {
  it('fills the three pins from a sealvote-trust/v1 file and refuses a malformed one', async () => {
    const { trustFileFields } = await import('../../kiosk/src/inspector');
    const { formatTrustFile } = await import('../../src/verifier');
    const { generateNoteKey } = await import('../../crypto/signed-note');
    const { generateCosignerKey } = await import('../../crypto/cosignature');
    const service = generateNoteKey('sealvote.test/log').verifierKey;
    const discipline = generateCosignerKey('sealvote-discipline-x').verifierKey;
    expect(trustFileFields(formatTrustFile({ serviceKey: service, departments: { discipline } }))).toEqual({ service, organization: '', discipline, coissuer: '' });
    const coissuer = generateNoteKey('sealvote-coissuer-x').verifierKey;
    expect(trustFileFields(formatTrustFile({ coissuerKey: coissuer }))).toEqual({ service: '', organization: '', discipline: '', coissuer });
    expect(() => trustFileFields('{"format":"sealvote-trust/v1","serviceKey":"nope"}')).toThrow('inspector.err.trustFile');
    expect(() => trustFileFields(JSON.stringify({ format: 'sealvote-trust/v1', organization: service }))).toThrow();
  });
});

describe('cosigning on the page needs the service key pinned (issue 14)', () => {
  it('cosignAllowed is false for a verified, ended record checked without a pinned service key', () => {
    const unpinned = verifyRecord(ended);
    expect(unpinned.ok && unpinned.ended).toBe(true);
    expect(cosignAllowed(unpinned)).toBe(false);
    expect(cosignAllowed(endedReport)).toBe(true);
    expect(() => cosignRecord(ended, unpinned, keyFile(keys.departments.discipline.signerKey), 1)).toThrow('inspector.err.cosignNotAllowed');
  });
});
