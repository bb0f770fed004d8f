import { formatDate, parseDate } from './calendar';

/**
 * R14: a meeting opens only on its own date, in the committee's time zone. `today` is the
 * calendar date of "now" in that zone (calendar.dateInZone); the caller supplies it, since the
 * rules read no clock.
 */
export function meetingOpensToday(meetingDate: string, today: string): boolean {
  return canonicalDate(meetingDate, 'meetingDate') === canonicalDate(today, 'today');
}

/**
 * R14: a meeting dated before today could never open, so it is not prepared at all. A meeting
 * today or later may be; it opens on its day.
 */
export function meetingDateAllowed(meetingDate: string, today: string): boolean {
  // Fixed-width ISO dates order the same as strings and as days.
  return canonicalDate(meetingDate, 'meetingDate') >= canonicalDate(today, 'today');
}

function canonicalDate(value: string, field: string): string {
  return formatDate(parseDate(value, field));
}
