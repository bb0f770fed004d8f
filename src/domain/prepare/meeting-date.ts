import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { dateInZone, meetingDateAllowed, meetingOpensToday } from '../../rules';

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
