import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barBlocks, barLiftsOn, barredByVote, barScope, decideItem, isBarActive, RuleInputError } from '../../src/rules/index';

/** The date one year later by the JS calendar: Date rolls 29 Feb of a common year to 1 March. */
function oracleOneYearLater(year: number, month: number, day: number): string {
  const date = new Date(0);
  date.setUTCFullYear(year + 1, month - 1, day);
  return date.toISOString().slice(0, 10);
}

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

describe('R3 bar by vote', () => {
  it.each([
    // rules.md R3 examples
    [10, 0, 5, 'disapprove-half', true],
    [11, 0, 5, 'disapprove-half', false],
    [11, 0, 6, 'disapprove-half', true],
    [12, 0, 6, 'disapprove-half', true],
    [12, 0, 5, 'disapprove-half', false],
    // the policy variant of source 002 bars every nominee not approved
    [11, 5, 0, 'not-approved', true],
    [11, 0, 0, 'not-approved', true],
  ] as const)('due %i, approve %i, disapprove %i, rule %s, not approved → barred %s', (due, a, d, rule, expected) => {
    expect(barredByVote(due, a, d, false, rule)).toBe(expected);
  });

  it('half of due disapproving is barred and one fewer is not, due 1..300', () => {
    for (let due = 1; due <= 300; due++) {
      const half = Math.ceil(due / 2);
      expect(barredByVote(due, 0, half, false, 'disapprove-half'), `due ${due}`).toBe(true);
      expect(barredByVote(due, 0, half - 1, false, 'disapprove-half'), `due ${due} -1`).toBe(false);
    }
  });

  it('never bars an approved nominee, under either rule', () => {
    expect(barredByVote(10, 6, 4, true, 'disapprove-half')).toBe(false);
    expect(barredByVote(10, 6, 4, true, 'not-approved')).toBe(false);
  });

  it('due 10, 5 disapprove: barred and not approved (decideItem)', () => {
    const d = decideItem({
      due: 10, present: 10, cast: 10, seats: 1, passRule: 'majority', barRule: 'disapprove-half',
      nominees: [{ id: 'x', approve: 5, disapprove: 5, abstain: 0 }],
    });
    expect(d.nominees).toEqual([{ id: 'x', approved: false, barred: true }]);
  });

  it.each([
    [0, 0, 0, false, 'disapprove-half', 'due'],
    [10, 11, 0, false, 'disapprove-half', 'approve'],
    [10, 0, -1, false, 'disapprove-half', 'disapprove'],
    [10, 6, 5, false, 'disapprove-half', 'disapprove'],
    // Passing needs half of those due at least (R2 under the 'half-or-more' policy): 4 of 10 cannot.
    [10, 4, 0, true, 'disapprove-half', 'passed'],
    [11, 5, 0, true, 'disapprove-half', 'passed'],
    [10, 6, 0, 'yes', 'disapprove-half', 'passed'],
    [10, 0, 5, false, 'half', 'rule'],
  ])('refuses due %s approve %s disapprove %s passed %s rule %s naming %s', (due, a, d, passed, rule, field) => {
    const call = () => barredByVote(due, a, d, passed as boolean, rule as 'not-approved');
    expect(call).toThrowError(RuleInputError);
    expect(call).toThrowError(expect.objectContaining({ field }));
  });
});

describe('R3 bar lifts one calendar year later', () => {
  it.each([
    ['2024-03-15', '2025-03-15'],
    ['2024-02-29', '2025-03-01'],
    ['2023-02-28', '2024-02-28'],
    ['2024-02-28', '2025-02-28'],
    ['2024-12-31', '2025-12-31'],
    ['2025-01-01', '2026-01-01'],
    ['0001-01-01', '0002-01-01'],
    ['9998-12-31', '9999-12-31'],
  ])('%s → %s', (vote, lifts) => {
    expect(barLiftsOn(vote)).toBe(lifts);
  });

  it('is one calendar year later, and strictly after the vote, for every date of 2000–2100', () => {
    let checked = 0;
    const wrong: string[] = [];
    for (let y = 2000; y <= 2100; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= 31; d++) {
          const probe = new Date(0);
          probe.setUTCFullYear(y, m - 1, d);
          if (probe.getUTCMonth() !== m - 1) continue; // not a real date
          const vote = iso(y, m, d);
          const lifts = barLiftsOn(vote);
          if (lifts !== oracleOneYearLater(y, m, d) || !(lifts > vote) || !isBarActive(lifts, vote)) wrong.push(vote);
          checked++;
        }
      }
    }
    expect(wrong).toEqual([]);
    // 101 years, 25 of them leap (2000 is, 2100 is not).
    expect(checked).toBe(101 * 365 + 25);
  });

  it('agrees with the calendar for random dates of years 1–9998', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9998-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        expect(barLiftsOn(iso(y, m, d))).toBe(oracleOneYearLater(y, m, d));
      }),
    );
  });

  it.each(['2024-2-1', '2024-13-01', '2023-02-29', '2024-04-31', '2024-00-10', '2024-01-00', '0000-01-01', '9999-01-01',
    '24-01-01', '2024-01-01T00:00', ' 2024-01-01', '', 20240101, null, undefined])('refuses %j naming voteDate', (bad) => {
    const call = () => barLiftsOn(bad as string);
    expect(call).toThrowError(RuleInputError);
    expect(call).toThrowError(expect.objectContaining({ field: 'voteDate' }));
  });
});

describe('R3 bar is active before the day it lifts', () => {
  it.each([
    ['2025-03-01', '2025-02-28', true],
    ['2025-03-01', '2025-03-01', false],
    ['2025-03-01', '2025-03-02', false],
    ['2025-03-01', '2024-02-29', true],
    ['2025-03-01', '2026-01-01', false],
  ])('lifts %s, nomination on %s → active %s', (lifts, on, expected) => {
    expect(isBarActive(lifts, on)).toBe(expected);
  });

  it.each([
    ['2025-02-29', '2025-01-01', 'liftsOn'],
    ['2025-03-01', '2025/01/01', 'onDate'],
    [undefined, '2025-01-01', 'liftsOn'],
  ])('refuses lifts %s on %s naming %s', (lifts, on, field) => {
    expect(() => isBarActive(lifts as string, on)).toThrowError(expect.objectContaining({ field }));
  });
});

describe('R3 scope: what a bar closes', () => {
  it('000\'s rule closes the post voted on; 002\'s "not-approved" closes every post', () => {
    expect(barScope('disapprove-half')).toBe('same-post');
    expect(barScope('not-approved')).toBe('any-post');
    expect(() => barScope('any' as never)).toThrow(RuleInputError);
  });

  it.each([
    ['disapprove-half', 'P', '2031-04-08', true],
    ['disapprove-half', 'Q', '2031-04-08', false],
    ['not-approved', 'P', '2031-04-08', true],
    ['not-approved', 'Q', '2031-04-08', true],
    ['not-approved', 'Q', '2031-04-09', false],
    ['disapprove-half', 'P', '2031-04-09', false],
  ] as const)('a %s bar on post P lifting 2031-04-09 blocks post %s on %s → %s', (rule, post, on, expected) => {
    expect(barBlocks({ rule, postId: 'P', liftsOn: '2031-04-09' }, post, on)).toBe(expected);
  });
});
