import { formatDate, parseDate } from './calendar';
import { requireAtMost, requireCount, requireDue } from './counts';
import { RuleInputError } from './errors';

/**
 * R3: 'disapprove-half' is source 000 (disapprovals reach half of those due; barred from the
 * same post); 'not-approved' is the per-committee policy of source 002 (every nominee not
 * approved is barred from being recommended for any post: "一年内不得再次推荐").
 */
export const BAR_RULES = ['disapprove-half', 'not-approved'] as const;
export type BarRule = (typeof BAR_RULES)[number];

export function requireBarRule(value: unknown, field = 'barRule'): BarRule {
  if (!(BAR_RULES as readonly unknown[]).includes(value)) {
    throw new RuleInputError(field, `must be one of ${BAR_RULES.join(', ')}, got ${String(value)}`);
  }
  return value as BarRule;
}

/** R3: what a bar closes: the post voted on (000), or every post (002). */
export type BarScope = 'same-post' | 'any-post';

export function barScope(rule: BarRule): BarScope {
  return requireBarRule(rule, 'rule') === 'not-approved' ? 'any-post' : 'same-post';
}

/**
 * R3: whether a bar (from a vote on `bar.postId` under `bar.rule`, lifting on `bar.liftsOn`)
 * refuses a nomination for `postId` in a meeting dated `onDate`.
 */
export function barBlocks(bar: { rule: BarRule; postId: string; liftsOn: string }, postId: string, onDate: string): boolean {
  if (!isBarActive(bar.liftsOn, onDate)) return false;
  return barScope(bar.rule) === 'any-post' || bar.postId === postId;
}

/**
 * R3: whether a vote bars the nominee for a year (from the same post or every post: barScope). `passed` is whether the
 * nominee was approved; an approved nominee is never barred.
 */
export function barredByVote(due: number, approve: number, disapprove: number, passed: boolean, rule: BarRule): boolean {
  const d = requireDue(due);
  const a = requireAtMost(approve, 'approve', d, 'due');
  const no = requireCount(disapprove, 'disapprove');
  if (a + no > d) throw new RuleInputError('disapprove', `approve + disapprove (${a + no}) exceeds due (${d})`);
  if (typeof passed !== 'boolean') throw new RuleInputError('passed', 'must be a boolean');
  // Every pass rule (R2, under either majority policy) needs at least half of those due, so an
  // approval below that is a lie.
  if (passed && 2 * a < d) throw new RuleInputError('passed', `${a} approvals of ${d} due cannot pass`);
  return barredChecked(d, no, passed, requireBarRule(rule, 'rule'));
}

/** R3 on counts the caller has already validated. */
export function barredChecked(due: number, disapprove: number, passed: boolean, rule: BarRule): boolean {
  if (passed) return false;
  return rule === 'not-approved' || 2 * disapprove >= due;
}

/**
 * R3: the bar lasts until the same calendar date one year later; a vote on 29 February
 * bars until 1 March, since the next year has no 29 February.
 */
export function barLiftsOn(voteDate: string): string {
  const { year, month, day } = parseDate(voteDate, 'voteDate');
  if (year === 9999) throw new RuleInputError('voteDate', 'the bar would lift after the year 9999');
  if (month === 2 && day === 29) return formatDate({ year: year + 1, month: 3, day: 1 });
  return formatDate({ year: year + 1, month, day });
}

/** R3: a bar blocks a nomination dated before the day it lifts, and none from that day on. */
export function isBarActive(liftsOn: string, onDate: string): boolean {
  const lifts = formatDate(parseDate(liftsOn, 'liftsOn'));
  const on = formatDate(parseDate(onDate, 'onDate'));
  // Fixed-width ISO dates order the same as strings and as days.
  return on < lifts;
}
