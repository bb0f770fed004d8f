import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateInZone, daysBetween, DEFAULT_TIME_ZONE, RuleInputError } from '../../src/rules/index';

describe('dateInZone: R3 dates are calendar dates in the committee zone', () => {
  it('defaults to Asia/Shanghai', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Shanghai');
  });

  it.each([
    // Shanghai is UTC+8 all year: its midnight is 16:00 UTC of the day before.
    ['2024-02-28T15:59:59.999Z', 'Asia/Shanghai', '2024-02-28'],
    ['2024-02-28T16:00:00.000Z', 'Asia/Shanghai', '2024-02-29'],
    ['2024-12-31T16:00:00Z', 'Asia/Shanghai', '2025-01-01'],
    ['2024-12-31T16:00:00Z', 'UTC', '2024-12-31'],
    // New York switches to daylight time on 10 March 2024 (UTC−5 → UTC−4).
    ['2024-03-10T04:59:00Z', 'America/New_York', '2024-03-09'],
    ['2024-03-10T05:00:00Z', 'America/New_York', '2024-03-10'],
    ['2024-07-01T03:59:00Z', 'America/New_York', '2024-06-30'],
    ['2024-07-01T04:00:00Z', 'America/New_York', '2024-07-01'],
    ['2024-06-30T10:00:00Z', 'Pacific/Kiritimati', '2024-07-01'],
    ['0001-01-01T00:00:00Z', 'UTC', '0001-01-01'],
    ['0999-05-06T12:00:00Z', 'UTC', '0999-05-06'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(dateInZone(new Date(instant), zone)).toBe(expected);
  });

  it.each([
    [new Date('2024-01-01T00:00:00Z'), 'Mars/Olympus_Mons', 'timeZone'],
    [new Date('2024-01-01T00:00:00Z'), '', 'timeZone'],
    [new Date('2024-01-01T00:00:00Z'), 8, 'timeZone'],
    [new Date('nonsense'), 'UTC', 'instant'],
    ['2024-01-01', 'UTC', 'instant'],
    [new Date('0001-01-01T00:00:00Z'), 'America/New_York', 'instant'],
    [new Date(Date.UTC(10000, 0, 1)), 'UTC', 'instant'],
  ])('refuses %s in %s naming %s', (instant, zone, field) => {
    const call = () => dateInZone(instant as Date, zone as string);
    expect(call).toThrowError(RuleInputError);
    expect(call).toThrowError(expect.objectContaining({ field }));
  });
});

describe('daysBetween', () => {
  it.each([
    ['2031-01-01', '2031-01-01', 0],
    ['2031-01-01', '2031-01-02', 1],
    ['2031-01-02', '2031-01-01', -1],
    ['2032-02-28', '2032-03-01', 2],
    ['2031-02-28', '2031-03-01', 1],
    ['2031-01-01', '2032-01-01', 365],
    ['2032-01-01', '2033-01-01', 366],
    ['1899-12-31', '1900-03-01', 60],
    ['1999-12-31', '2000-03-01', 61],
  ])('%s → %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it('agrees with the JS calendar (property)', () => {
    // Days since 1970-01-01 of 0001-01-01 and 9999-12-31 (Date.UTC would read year 1 as 1901).
    const day = fc.integer({ min: -719_162, max: 2_932_896 });
    const iso = (d: number) => {
      const date = new Date(d * 86_400_000);
      return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
    };
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(daysBetween(iso(a), iso(b))).toBe(b - a);
      }),
    );
  });

  it('refuses a malformed date', () => {
    expect(() => daysBetween('2031-02-29', '2031-03-01')).toThrow(RuleInputError);
  });
});
