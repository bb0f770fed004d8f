import { RuleInputError } from './errors';

/**
 * Largest count accepted. Thresholds multiply counts by at most 3, and 3 × 2^50 is still an
 * exact integer in a double, so every comparison below is exact integer arithmetic.
 */
export const MAX_COUNT = 2 ** 50;

/** A head count: a non-negative integer (all rule arithmetic is on integers, rules.md). */
export function requireCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_COUNT) {
    throw new RuleInputError(field, `must be an integer from 0 to ${MAX_COUNT}, got ${String(value)}`);
  }
  return value;
}

/** The due roster: at least one voting member, or no rule has a meaning. */
export function requireDue(value: unknown, field = 'due'): number {
  const due = requireCount(value, field);
  if (due < 1) throw new RuleInputError(field, 'at least one member must be due');
  return due;
}

/** A count that is part of a larger one (present of due, yes of due, cast of present). */
export function requireAtMost(value: unknown, field: string, limit: number, limitName: string): number {
  const count = requireCount(value, field);
  if (count > limit) {
    throw new RuleInputError(field, `${count} exceeds ${limitName} (${limit})`);
  }
  return count;
}

/** Posts to fill in an item: at least one. */
export function requireSeats(value: unknown, field = 'seats'): number {
  const seats = requireCount(value, field);
  if (seats < 1) throw new RuleInputError(field, 'an item fills at least one post');
  return seats;
}

/**
 * R8: an item is either plain (one nominee, one post) or competitive (more nominees than
 * posts). Anything else (two nominees for two posts) is not a vote the sources describe.
 */
export function requireItemShape(nomineeCount: number, seats: number, field = 'seats'): void {
  if (nomineeCount === 1 && seats !== 1) {
    throw new RuleInputError(field, `a single nominee can fill one post, not ${seats}`);
  }
  if (nomineeCount > 1 && seats >= nomineeCount) {
    throw new RuleInputError(field, `a competitive item needs more nominees (${nomineeCount}) than posts (${seats})`);
  }
}
