import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKS, RecordFormatError, parseRecord, parseRecordText, verifyRecord, type MeetingRecord, type VerifyProgress } from '../../src/verifier';
import { MeetingBuilder, entryObject, entryText, newKeys, resign, tamper, type Keys } from './fixtures';

let keys: Keys;
let small: MeetingRecord;

beforeAll(() => {
  keys = newKeys();
  const b = new MeetingBuilder(keys, { due: 3, observers: 1, items: [{ id: 'itm_x', nominees: ['nom_x'] }] });
  b.open('itm_x').castAll(() => ({ nom_x: 'approve' })).close().announce('itm_x').end();
  small = b.record();
});

describe('parseRecord: the shape of sealvote-record/v1', () => {
  it('accepts a record and refuses anything else with RecordFormatError', () => {
    expect(parseRecord(small)).toEqual(small);
    const bad: unknown[] = [
      null,
      [],
      'x',
      { ...small, format: 'sealvote-record/v2' },
      { ...small, extra: 1 },
      { ...small, entries: [1] },
      { ...small, entries: 'x' },
      { ...small, checkpoints: [{ size: -1, note: 'x' }] },
      { ...small, checkpoints: [{ size: 1.5, note: 'x' }] },
      { ...small, cosignatures: [{ department: 'treasury', checkpointSize: 1, line: 'x' }] },
      { ...small, departments: [small.departments[0], small.departments[0]] },
      { ...small, meeting: '' },
    ];
    for (const b of bad) expect(() => parseRecord(b), JSON.stringify(b)?.slice(0, 80)).toThrow(RecordFormatError);
    expect(() => parseRecordText('{')).toThrow(RecordFormatError);
    expect(() => verifyRecord({ format: 'nope' })).toThrow(RecordFormatError);
  });
});

describe('verifyRecord', () => {
  it('reports every check in order with stable ids, and progress from 0 to 1', () => {
    const seen: VerifyProgress[] = [];
    const report = verifyRecord(small, { onProgress: (p) => seen.push(p) });
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual(CHECKS.map((c) => c.id));
    expect(seen[0]!.fraction).toBe(0);
    expect(seen.at(-1)!.fraction).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.fraction).toBeGreaterThanOrEqual(seen[i - 1]!.fraction);
  });

  it('an entry that is not canonical fails entry-format and skips what depends on it', () => {
    const r = structuredClone(small);
    r.entries[2] = r.entries[2]!.replace('{', '{ ');
    const report = verifyRecord(resign(r, keys));
    expect(report.firstFailure).toMatchObject({ id: 'entry-format', entry: 2 });
    expect(report.checks.find((c) => c.id === 'tally-counts')?.status).toBe('skipped');
  });

  it('an entry of an unknown type fails entry-format', () => {
    const r = tamper(small, keys, (entries) => {
      entries.splice(2, 0, { type: 'memo', text: 'x' });
    });
    expect(verifyRecord(r).firstFailure).toMatchObject({ id: 'entry-format', entry: 2 });
  });

  it('a log of another meeting, or with another checkpoint key, fails meeting-entry', () => {
    const other = { ...small, meeting: 'mtg_other' };
    expect(verifyRecord(other).firstFailure?.id).toBe('meeting-entry');
    const swapped = tamper(small, keys, (entries) => {
      entries[0]!.checkpointKey = newKeys().service.verifierKey;
    });
    expect(verifyRecord(swapped).firstFailure?.id).toBe('meeting-entry');
  });

  it('a record with no checkpoint fails checkpoint-signature', () => {
    expect(verifyRecord({ ...small, checkpoints: [] }).firstFailure?.id).toBe('checkpoint-signature');
  });

  it('never throws on a hostile change to any entry, and never passes one the service did not sign', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: small.entries.length - 1 }),
        fc.constantFrom<unknown>(null, -1, 1.5, '', 'x', [], {}, true, 'ff'.repeat(48), 2 ** 60),
        fc.nat(),
        (index, value, pick) => {
          const obj = entryObject(small.entries[index]!);
          const paths = leafPaths(obj);
          const path = paths[pick % paths.length]!;
          setPath(obj, path, value);
          let text: string;
          try {
            text = entryText(obj);
          } catch {
            return; // not representable as canonical JSON at all
          }
          fc.pre(text !== small.entries[index]);
          const r = structuredClone(small);
          r.entries[index] = text;
          const unsigned = verifyRecord(r);
          const resigned = verifyRecord(resign(structuredClone(r), keys));
          expect(unsigned.ok).toBe(false);
          expect(resigned.checks).toHaveLength(CHECKS.length);
        },
      ),
      { numRuns: 40 },
    );
  });
});

function leafPaths(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof v !== 'object' || v === null) return [prefix];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  const out = keys.flatMap((k) => leafPaths((v as Record<string, unknown>)[k], [...prefix, k]));
  return out.length > 0 ? out.filter((p) => p.length > 0 && p[0] !== 'type') : [prefix];
}

function setPath(obj: Record<string, unknown>, path: Array<string | number>, value: unknown): void {
  let cur: any = obj;
  for (const k of path.slice(0, -1)) cur = cur[k];
  cur[path[path.length - 1]!] = value;
}
