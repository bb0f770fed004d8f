/**
 * The record file, format `sealvote-record/v1` (docs/inspector.md, "The record format"):
 *
 *   { format: 'sealvote-record/v1', meeting, origin, serviceKey,
 *     departments: [{department, verifierKey}],
 *     entries: [entry text, in index order],
 *     checkpoints: [{size, note}],
 *     cosignatures: [{department, checkpointSize, line}] }
 *
 * `parseRecord` checks only the SHAPE: a file that fails it is unusable (the CLI exits 2).
 * Whether the content holds is the verifier's job; nothing here trusts a hash or a count
 * from the file. Pure: runs in Node and in the inspector's Web Worker.
 */
export const RECORD_FORMAT = 'sealvote-record/v1';

export const DEPARTMENTS = ['organization', 'discipline'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export interface RecordDepartmentKey {
  department: Department;
  verifierKey: string;
}
export interface RecordCheckpoint {
  size: number;
  note: string;
}
export interface RecordCosignature {
  department: Department;
  checkpointSize: number;
  line: string;
}
export interface MeetingRecord {
  format: typeof RECORD_FORMAT;
  meeting: string;
  origin: string;
  serviceKey: string;
  departments: RecordDepartmentKey[];
  entries: string[];
  checkpoints: RecordCheckpoint[];
  cosignatures: RecordCosignature[];
}

/** The file cannot be read as a record at all (as opposed to a record that fails a check). */
export class RecordFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordFormatError';
  }
}

// Far above any real meeting (30 nominees, a few dozen voters); bounds a hostile file's cost.
const MAX_ENTRIES = 1_000_000;

function fail(path: string, problem: string): never {
  throw new RecordFormatError(`${path}: ${problem}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function exactKeys(v: unknown, keys: readonly string[], path: string): Record<string, unknown> {
  if (!isObject(v)) fail(path, 'must be an object');
  for (const k of keys) if (!Object.hasOwn(v, k)) fail(path, `missing "${k}"`);
  for (const k of Object.keys(v)) if (!keys.includes(k)) fail(path, `unexpected "${k}"`);
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(path, 'must be a non-empty string');
  return v;
}

function size(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(path, 'must be a non-negative integer');
  return v;
}

function department(v: unknown, path: string): Department {
  if (!DEPARTMENTS.includes(v as Department)) fail(path, `must be one of ${DEPARTMENTS.join(', ')}`);
  return v as Department;
}

function list<T>(v: unknown, path: string, item: (x: unknown, p: string) => T): T[] {
  if (!Array.isArray(v)) fail(path, 'must be an array');
  if (v.length > MAX_ENTRIES) fail(path, `more than ${MAX_ENTRIES} elements`);
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

/** Checks the record's shape and returns a fresh copy; throws RecordFormatError. */
export function parseRecord(json: unknown): MeetingRecord {
  const r = exactKeys(
    json,
    ['format', 'meeting', 'origin', 'serviceKey', 'departments', 'entries', 'checkpoints', 'cosignatures'],
    'record',
  );
  if (r.format !== RECORD_FORMAT) fail('format', `must be "${RECORD_FORMAT}", got ${JSON.stringify(r.format)}`);
  const departments = list(r.departments, 'departments', (x, p) => {
    const d = exactKeys(x, ['department', 'verifierKey'], p);
    return { department: department(d.department, `${p}.department`), verifierKey: str(d.verifierKey, `${p}.verifierKey`) };
  });
  const seen = new Set<Department>();
  for (const d of departments) {
    if (seen.has(d.department)) fail('departments', `${d.department} listed twice`);
    seen.add(d.department);
  }
  return {
    format: RECORD_FORMAT,
    meeting: str(r.meeting, 'meeting'),
    origin: str(r.origin, 'origin'),
    serviceKey: str(r.serviceKey, 'serviceKey'),
    departments,
    entries: list(r.entries, 'entries', str),
    checkpoints: list(r.checkpoints, 'checkpoints', (x, p) => {
      const c = exactKeys(x, ['size', 'note'], p);
      return { size: size(c.size, `${p}.size`), note: str(c.note, `${p}.note`) };
    }),
    cosignatures: list(r.cosignatures, 'cosignatures', (x, p) => {
      const c = exactKeys(x, ['department', 'checkpointSize', 'line'], p);
      return {
        department: department(c.department, `${p}.department`),
        checkpointSize: size(c.checkpointSize, `${p}.checkpointSize`),
        line: str(c.line, `${p}.line`),
      };
    }),
  };
}

/** Parses the text of a record file; throws RecordFormatError for anything but a record. */
export function parseRecordText(text: string): MeetingRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RecordFormatError(`not JSON: ${(e as Error).message}`);
  }
  return parseRecord(json);
}
