// The written consultation's window (docs/full-committee.md §5, src/rules/consultation.ts).
import { describe, expect, it } from 'vitest';
import { consultationMayClose, consultationWindowEnded, consultationWindowOk, MAX_CONSULTATION_DAYS, requireMeetingKind, RuleInputError } from '../../src/rules';

describe('a consultation window', () => {
  it('is 1 to 30 calendar days, its date and closesOn both included', () => {
    expect(MAX_CONSULTATION_DAYS).toBe(30);
    expect(consultationWindowOk('2026-03-02', '2026-03-02')).toBe(true);
    expect(consultationWindowOk('2026-03-02', '2026-03-31')).toBe(true);
    expect(consultationWindowOk('2026-03-02', '2026-04-01')).toBe(false);
    expect(consultationWindowOk('2026-03-02', '2026-03-01')).toBe(false);
    // Across February of a leap year: 15 Feb to 15 Mar 2028 is 30 days (29 February included).
    expect(consultationWindowOk('2028-02-15', '2028-03-15')).toBe(true);
    expect(consultationWindowOk('2027-02-15', '2027-03-16')).toBe(true);
    expect(consultationWindowOk('2027-02-15', '2027-03-17')).toBe(false);
    expect(() => consultationWindowOk('2026-02-30', '2026-03-01')).toThrow(RuleInputError);
  });

  it('ends the day after closesOn', () => {
    expect(consultationWindowEnded('2026-03-04', '2026-03-04')).toBe(false);
    expect(consultationWindowEnded('2026-03-04', '2026-03-05')).toBe(true);
    expect(consultationWindowEnded('2026-12-31', '2027-01-01')).toBe(true);
  });

  it('lets an item close after the window, or earlier once everyone asked answered', () => {
    expect(consultationMayClose({ closesOn: '2026-03-04', today: '2026-03-03', asked: 7, answered: 6 })).toBe(false);
    expect(consultationMayClose({ closesOn: '2026-03-04', today: '2026-03-03', asked: 7, answered: 7 })).toBe(true);
    expect(consultationMayClose({ closesOn: '2026-03-04', today: '2026-03-05', asked: 7, answered: 0 })).toBe(true);
    expect(() => consultationMayClose({ closesOn: '2026-03-04', today: '2026-03-05', asked: 7, answered: 8 })).toThrow(RuleInputError);
  });

  it('knows two meeting kinds', () => {
    expect(requireMeetingKind('consultation')).toBe('consultation');
    expect(() => requireMeetingKind('referendum')).toThrow(RuleInputError);
  });
});
