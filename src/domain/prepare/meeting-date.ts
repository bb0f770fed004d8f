import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { consultationWindowOk, dateInZone, MAX_CONSULTATION_DAYS, meetingDateAllowed, meetingOpensToday } from '../../rules';
import { ruleCall } from './rule-call';

/** Today's calendar date in the committee's zone: the only "today" the rules know (R3, R14). */
export function committeeToday(deps: AppDeps, committee: { timeZone: string }): string {
  return dateInZone(deps.now(), committee.timeZone);
}

/** R14: a meeting is not prepared for a day that has passed, since it could never open. */
export function requireDateAhead(deps: AppDeps, committee: { timeZone: string }, date: string): void {
  const today = committeeToday(deps, committee);
  if (!meetingDateAllowed(date, today)) {
    throw new AppError('meeting_date_passed', `The meeting date ${date} is before today (${today} in ${committee.timeZone}) (R14)`, {
      date,
      today,
      timeZone: committee.timeZone,
    });
  }
}

/** R14: the meeting opens on its own date in the committee's zone, and on no other day. */
export function requireMeetingDay(deps: AppDeps, committee: { timeZone: string }, date: string): void {
  const today = committeeToday(deps, committee);
  if (!meetingOpensToday(date, today)) {
    throw new AppError('meeting_not_today', `The meeting is dated ${date}; today is ${today} in ${committee.timeZone} (R14)`, {
      date,
      today,
      timeZone: committee.timeZone,
    });
  }
}

/**
 * docs/full-committee.md §5: a consultation names its last day, `closesOn`, at most 30 days from
 * its date (both included); a sitting names none. A co-issuing committee's meetings need the
 * commission's officer to confirm who is in the room (docs/coissuance.md §4.1), and a
 * consultation has no room: refused there. And only the full committee's members are consulted
 * in writing (R13, 000 五 "书面征求区委委员意见"); a standing committee decides in a sitting,
 * two-thirds present (R1).
 */
export function requireConsultationWindow(kind: 'sitting' | 'consultation', date: string, closesOn: string | null | undefined, committee: { kind: string; issuance: string }): void {
  if (kind === 'sitting') {
    if (closesOn != null) throw new AppError('validation_failed', 'closesOn: only a written consultation has a closing day', { errors: [{ path: ['closesOn'], message: 'only for kind consultation' }] });
    return;
  }
  if (closesOn == null) throw new AppError('validation_failed', 'closesOn: a written consultation needs its closing day', { errors: [{ path: ['closesOn'], message: 'required for kind consultation' }] });
  if (!ruleCall(() => consultationWindowOk(date, closesOn))) {
    throw new AppError('consultation_window_invalid', `A consultation runs from ${date} to ${closesOn}: the closing day must be on or after the date, and the window at most ${MAX_CONSULTATION_DAYS} days`, {
      date,
      closesOn,
      maxDays: MAX_CONSULTATION_DAYS,
    });
  }
  if (committee.kind !== 'full') throw new AppError('rule_violation', "Only a full committee's members are consulted in writing (R13); a standing committee decides in a sitting (R1)", { reason: 'standing-consultation' });
  if (committee.issuance === 'coissued') throw new AppError('rule_violation', "A co-issuing committee's meetings are sittings: the commission confirms who is in the room (docs/coissuance.md §4.1)", { reason: 'coissued-consultation' });
}
