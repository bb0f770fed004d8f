/**
 * Trust anchors (issue 14): the keys an inspector obtained OUTSIDE the record — the service's
 * checkpoint key and the two departments' cosigner keys — in a trust file
 * (`sealvote-trust/v1`, docs/inspector.md) or on the command line. A record "is filed" only
 * when every check holds, the meeting ended, all three keys are pinned and the record names
 * exactly them, and both departments cosigned. Without pins the keys come from the file being
 * checked, which anyone can replace; the report then says so and shows fingerprints.
 */
import { keyFingerprint, parseVerifierKey, SIG_TYPE_COSIGNATURE_V1, SIG_TYPE_ED25519 } from '../../crypto/signed-note';
import type { TrustedKeys } from './checkpoints';
import { DEPARTMENTS, type Department, type MeetingRecord } from './record';

export const TRUST_FORMAT = 'sealvote-trust/v1';

/** The trust file: every key optional; a verifier reports which are pinned. */
export interface TrustFile {
  format: typeof TRUST_FORMAT;
  serviceKey?: string;
  organization?: string;
  discipline?: string;
  /** The discipline commission's co-issuer key (type 0x01, docs/coissuance.md), when its meetings are co-issued. */
  coissuer?: string;
}

export class TrustFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrustFileError';
  }
}

function keyOfType(v: unknown, type: number, what: string): string {
  if (typeof v !== 'string') throw new TrustFileError(`${what} must be a verifier key string`);
  let parsed;
  try {
    parsed = parseVerifierKey(v);
  } catch (e) {
    throw new TrustFileError(`${what} is not a verifier key: ${(e as Error).message}`);
  }
  if (parsed.type !== type) throw new TrustFileError(`${what} must be a ${type === SIG_TYPE_ED25519 ? 'checkpoint (type 0x01)' : 'cosignature/v1 (type 0x04)'} key`);
  return v;
}

/** Checks a trust file's JSON (exact members, keys of the right type); returns the pins. */
export function parseTrustFile(json: unknown): TrustedKeys {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TrustFileError('a trust file is a JSON object');
  const o = json as Record<string, unknown>;
  if (o.format !== TRUST_FORMAT) throw new TrustFileError(`format must be "${TRUST_FORMAT}"`);
  for (const k of Object.keys(o)) if (!['format', 'serviceKey', 'coissuer', ...DEPARTMENTS].includes(k)) throw new TrustFileError(`unexpected member "${k}"`);
  const trusted: TrustedKeys = {};
  if (o.serviceKey !== undefined) trusted.serviceKey = keyOfType(o.serviceKey, SIG_TYPE_ED25519, 'serviceKey');
  if (o.coissuer !== undefined) trusted.coissuerKey = keyOfType(o.coissuer, SIG_TYPE_ED25519, 'coissuer');
  for (const d of DEPARTMENTS) {
    if (o[d] === undefined) continue;
    trusted.departments ??= {};
    trusted.departments[d] = keyOfType(o[d], SIG_TYPE_COSIGNATURE_V1, d);
  }
  return trusted;
}

export function parseTrustText(text: string): TrustedKeys {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TrustFileError(`not JSON: ${(e as Error).message}`);
  }
  return parseTrustFile(json);
}

/** The trust file for `trusted`, as text. */
export function formatTrustFile(trusted: TrustedKeys): string {
  const file: TrustFile = { format: TRUST_FORMAT };
  if (trusted.serviceKey) file.serviceKey = trusted.serviceKey;
  if (trusted.coissuerKey) file.coissuer = trusted.coissuerKey;
  for (const d of DEPARTMENTS) if (trusted.departments?.[d]) file[d] = trusted.departments[d];
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** One key as the report shows it. */
export interface KeyReport {
  key: string;
  fingerprint: string;
  /** True when the caller pinned this key (and so the record names exactly it, or the check failed). */
  pinned: boolean;
}

export interface KeysReport {
  service: KeyReport;
  departments: Partial<Record<Department, KeyReport>>;
  /** Service and both department keys pinned. */
  allPinned: boolean;
}

function fingerprintOf(key: string): string {
  try {
    return keyFingerprint(key);
  } catch {
    return '(unreadable)';
  }
}

export function keysReport(record: MeetingRecord, trusted: TrustedKeys = {}): KeysReport {
  const departments: Partial<Record<Department, KeyReport>> = {};
  for (const d of record.departments) {
    departments[d.department] = { key: d.verifierKey, fingerprint: fingerprintOf(d.verifierKey), pinned: trusted.departments?.[d.department] !== undefined };
  }
  const service = { key: record.serviceKey, fingerprint: fingerprintOf(record.serviceKey), pinned: trusted.serviceKey !== undefined };
  const allPinned = service.pinned && DEPARTMENTS.every((d) => trusted.departments?.[d] !== undefined);
  return { service, departments, allPinned };
}


