/**
 * Records sealed before committee policies (docs/record-spec.md §6.1, issue 15 point 4 / issue
 * 14's leftovers): `sealvote-record/v1` kept its format string while members were added, so the
 * verifier reads a first-form record (committee.barRule) with the defaults of its time, and
 * still refuses a current-form record that lacks a member.
 *
 * old-records/record-b5d18c4-full-meeting.json is a real old record: test/vectors/records/valid-full-meeting.json
 * as the generator of commit b5d18c4 (56781dd^, before policies) made it, unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEntryObject } from '../../crypto/log-entry';
import { formatReport, verifyRecord, type CheckId, type MeetingRecord } from '../../src/verifier';
import { entryObject, newKeys, standardMeeting, tamper, type Keys } from './fixtures';

type E = LogEntryObject & Record<string, any>;
const OLD = JSON.parse(readFileSync(join(import.meta.dirname, 'old-records', 'record-b5d18c4-full-meeting.json'), 'utf8')) as MeetingRecord;

let keys: Keys;
let clean: MeetingRecord;
beforeAll(() => {
  keys = newKeys();
  clean = standardMeeting(keys).record();
});

function firstFailure(record: MeetingRecord): CheckId | undefined {
  const report = verifyRecord(record);
  return report.ok ? undefined : report.firstFailure?.id;
}

describe('a record sealed before committee policies (the first form)', () => {
  it('verifies, and the report says which form it read', () => {
    const meeting = entryObject(OLD.entries[0]!) as E;
    expect(meeting.committee.barRule).toBe('disapprove-half');
    expect(meeting.committee.policies).toBeUndefined();
    expect(OLD.entries.some((e) => e.includes('"barsWithdrawn"'))).toBe(true);
    const report = verifyRecord(OLD);
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.detail}`)).toEqual([]);
    expect(report.firstForm).toBe(true);
    expect(formatReport(report)).toContain('form: the first form of sealvote-record/v1');
    expect(verifyRecord(clean).firstForm).toBe(false);
    expect(formatReport(verifyRecord(clean))).not.toContain('form:');
  });

  it('is refused with a member of the current form, or without one of its own', () => {
    const withPolicies = tamper(OLD, keys, (es) => {
      (es[0] as E).committee.policies = { ratio: 'proportional', majority: 'more-than-half', bar: 'disapprove-half', motion: 'more-than-half' };
    });
    expect(firstFailure(withPolicies)).toBe('entry-format');
    const withoutWithdrawn = tamper(OLD, keys, (es) => {
      delete (es.find((e) => e.type === 'reconsider') as E).barsWithdrawn;
    });
    expect(firstFailure(withoutWithdrawn)).toBe('entry-format');
  });

  it('R10 as it was: a passed motion withdrew exactly the round’s bars', () => {
    const wrong = tamper(OLD, keys, (es) => {
      const motion = es.find((e) => e.type === 'reconsider') as E;
      motion.barsWithdrawn = [{ nominee: 'nom_x', post: 'pst_x', voteDate: '2026-03-02', liftsOn: '2027-03-02', rule: 'disapprove-half' }];
    });
    // Re-signed by another key than the old record's, so checkpoint-signature fails too; bars must.
    const report = verifyRecord(wrong);
    expect(report.checks.find((c) => c.id === 'bars')).toMatchObject({ status: 'fail' });
    expect(report.checks.find((c) => c.id === 'bars')?.detail).toContain('bars withdrawn');
    expect(verifyRecord(tamper(OLD, keys, () => undefined)).checks.find((c) => c.id === 'bars')?.status).toBe('pass');
  });
});

describe('a record in the current form', () => {
  it('still fails entry-format without a member only the first form may lack', () => {
    for (const cut of [
      (es: E[]) => delete es.find((e) => e.type === 'tally')!.A.rule.majority,
      (es: E[]) => delete es.find((e) => e.type === 'tally')!.barsReplaced,
      (es: E[]) => delete (es.find((e) => e.type === 'end')!.items[0] as E).standingRound,
      (es: E[]) => delete (es[0] as E).committee.policies,
    ]) {
      expect(firstFailure(tamper(clean, keys, (es) => void cut(es as E[])))).toBe('entry-format');
    }
  });

  it('verifies without the members optional in every record (§6.1), read as their stated values', () => {
    const r = tamper(clean, keys, (es) => {
      const m = es[0] as E;
      for (const d of m.due) {
        delete d.role;
        delete d.distinctFrom;
      }
      for (const o of m.observers) delete o.distinctFrom;
      delete m.issuance;
      for (const it of m.items) {
        delete it.followsUp;
        delete it.nominates;
        delete it.cites;
        for (const n of it.nominees) {
          delete n.distinctFrom;
          delete n.dossier;
        }
      }
    });
    const report = verifyRecord(r);
    expect(report.ok, `${report.firstFailure?.id}: ${report.firstFailure?.detail}`).toBe(true);
  });
});
