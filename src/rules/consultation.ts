import { daysBetween, parseDate, formatDate } from './calendar';
import { RuleInputError } from './errors';

/**
 * R13: the full committee decides in a sitting, "或书面征求区委委员意见" (000 五) — or by
 * written consultation, a meeting without a room (docs/full-committee.md §5). The dates are
 * calendar dates in the committee's zone (R14): the consultation opens on its date and its
 * window runs to `closesOn` inclusive.
 */
export type MeetingKind = 'sitting' | 'consultation';

export const MEETING_KINDS: readonly MeetingKind[] = ['sitting', 'consultation'];

/** A consultation's window, its date to `closesOn` inclusive, is at most this many days. */
export const MAX_CONSULTATION_DAYS = 30;

export function requireMeetingKind(value: unknown, field = 'kind'): MeetingKind {
  if (!MEETING_KINDS.includes(value as MeetingKind)) {
    throw new RuleInputError(field, `must be one of ${MEETING_KINDS.join(', ')}, got ${String(value)}`);
  }
  return value as MeetingKind;
}

/** The window from `date` to `closesOn`, both included, is 1 to 30 calendar days. */
export function consultationWindowOk(date: string, closesOn: string): boolean {
  const days = daysBetween(canonical(date, 'date'), canonical(closesOn, 'closesOn')) + 1;
  return days >= 1 && days <= MAX_CONSULTATION_DAYS;
}

/** The window has ended once the committee's today is after `closesOn` (the day after it, 00:00 in its zone). */
export function consultationWindowEnded(closesOn: string, today: string): boolean {
  // Fixed-width ISO dates order the same as strings and as days.
  return canonical(today, 'today') > canonical(closesOn, 'closesOn');
}

/**
 * The presiding officer may close a consultation's item when its window has ended, or earlier
 * once everyone asked (both classes: all were asked) has answered it.
 */
export function consultationMayClose(input: { closesOn: string; today: string; asked: number; answered: number }): boolean {
  const { asked, answered } = input;
  if (!Number.isSafeInteger(asked) || asked < 0) throw new RuleInputError('asked', `must be an integer ≥ 0, got ${String(asked)}`);
  if (!Number.isSafeInteger(answered) || answered < 0 || answered > asked) throw new RuleInputError('answered', `must be an integer from 0 to asked (${asked}), got ${String(answered)}`);
  return consultationWindowEnded(input.closesOn, input.today) || answered === asked;
}

function canonical(value: string, field: string): string {
  return formatDate(parseDate(value, field));
}
