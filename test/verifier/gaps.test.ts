/**
 * Gaps an independent verifier written from docs/record-spec.md found (conformance review):
 * records the rules forbid that `sealvote verify` accepted, and records it wrongly refused.
 * Each record is tampered and re-signed with the service key (what a dishonest operator can
 * do), so only the check that names the broken rule can catch it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEntryObject } from '../../crypto/log-entry';
import { verifyRecord, type CheckId, type MeetingRecord } from '../../src/verifier';
import { entryObject, newKeys, standardMeeting, tamper, type Keys } from './fixtures';

type E = LogEntryObject & Record<string, any>;

let keys: Keys;
let clean: MeetingRecord;

beforeAll(() => {
  keys = newKeys();
  clean = standardMeeting(keys).record();
});

function expectFailure(record: MeetingRecord, check: CheckId, entry?: number): void {
  const report = verifyRecord(record);
  expect(report.ok).toBe(false);
  expect(report.firstFailure?.id, report.firstFailure?.detail).toBe(check);
  if (entry !== undefined) expect(report.firstFailure?.entry).toBe(entry);
}

describe('records filed before the kind members (sealvote-record/v1 unchanged)', () => {
  it('a meeting entry without committee.kind, observers[].kind and items[].kind verifies (standing, observer, appointment)', () => {
    const meeting = entryObject(clean.entries[0]!) as E;
    expect(meeting.committee.kind).toBe('standing');
    const r = tamper(clean, keys, (entries) => {
      const m = entries[0] as E;
      delete m.committee.kind;
      for (const o of m.observers) delete o.kind;
      for (const it of m.items) delete it.kind;
    });
    expect(r.entries[0]).not.toContain('"kind"');
    const report = verifyRecord(r);
    expect(report.ok, report.firstFailure?.detail).toBe(true);
  });

  it('a kind present with a value outside its list still fails entry-format', () => {
    const r = tamper(clean, keys, (entries) => {
      (entries[0] as E).committee.kind = 'plenary';
    });
    expectFailure(r, 'entry-format', 0);
  });
});
