import { RuleInputError } from './errors';

/** R3 dates are calendar dates in the committee's zone; this is the default zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface CalendarDate { year: number; month: number; day: number }

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Strict 'YYYY-MM-DD' (proleptic Gregorian, years 0001–9999); anything else is refused. */
export function parseDate(value: unknown, field: string): CalendarDate {
  const match = typeof value === 'string' ? DATE_PATTERN.exec(value) : null;
  if (!match) throw new RuleInputError(field, `must be a date 'YYYY-MM-DD', got ${String(value)}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RuleInputError(field, `${String(value)} is not a calendar date`);
  }
  return { year, month, day };
}

export function formatDate(date: CalendarDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/**
 * The calendar date of an instant in an IANA zone. A vote at 00:30 in Shanghai is still
 * 16:30 UTC of the day before, so R3 bars must never be dated from UTC.
 */
export function dateInZone(instant: Date, timeZone: string): string {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RuleInputError('instant', 'must be a valid Date');
  }
  if (typeof timeZone !== 'string' || timeZone === '') {
    throw new RuleInputError('timeZone', 'must be an IANA time zone name');
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
  } catch {
    throw new RuleInputError('timeZone', `unknown time zone ${timeZone}`);
  }
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = part('year');
  // 'YYYY-MM-DD' has no room for years before 0001 or after 9999.
  if (era !== 'AD' || !(year >= 1 && year <= 9999)) {
    throw new RuleInputError('instant', 'lies outside the years 0001–9999');
  }
  return formatDate({ year, month: part('month'), day: part('day') });
}

/** Days from one calendar date to a later one (negative when `to` is earlier): proleptic Gregorian. */
export function daysBetween(from: string, to: string): number {
  const a = parseDate(from, 'from');
  const b = parseDate(to, 'to');
  return (dayNumber(b) - dayNumber(a));
}

/** Days since 0001-01-01 (day 0), by whole-year and whole-month counts: no Date, no zone. */
function dayNumber({ year, month, day }: CalendarDate): number {
  const y = year - 1;
  let days = y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
  for (let m = 1; m < month; m++) days += daysInMonth(year, m);
  return days + day - 1;
}
