import { describe, expect, it } from 'vitest';
import { meetingDateAllowed, meetingOpensToday, RuleInputError } from '../../src/rules';

describe('R14: the meeting opens on its own date', () => {
  it.each([
    ['2031-01-15', '2031-01-15', true],
    ['2031-01-15', '2031-01-14', false],
    ['2031-01-15', '2031-01-16', false],
    ['2032-02-29', '2032-02-29', true],
    ['2032-03-01', '2032-02-29', false],
    ['2032-01-01', '2031-12-31', false],
  ])('meeting %s, today %s → %s', (date, today, expected) => {
    expect(meetingOpensToday(date, today)).toBe(expected);
  });

  it.each([
    ['2031-01-15', '2031-01-15', true],
    ['2031-01-16', '2031-01-15', true],
    ['2033-03-01', '2032-03-10', true],
    ['2031-01-14', '2031-01-15', false],
    ['2030-12-31', '2031-01-01', false],
  ])('a meeting dated %s may be prepared on %s → %s', (date, today, expected) => {
    expect(meetingDateAllowed(date, today)).toBe(expected);
  });

  it.each([
    ['2031-02-29', '2031-02-28', 'meetingDate'],
    ['2031-1-5', '2031-01-05', 'meetingDate'],
    ['2031-01-05', '20310105', 'today'],
  ])('refuses a malformed date (%s, %s)', (date, today, field) => {
    for (const fn of [meetingOpensToday, meetingDateAllowed]) {
      try {
        fn(date, today);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(RuleInputError);
        expect((e as RuleInputError).field).toBe(field);
      }
    }
  });
});
