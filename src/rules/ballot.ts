import type { NomineeCount } from './decide-item';
import { requireItemShape, requireSeats } from './counts';
import { RuleInputError } from './errors';

/** R6: the three clear choices ("同意、不同意、弃权"). */
export type Choice = 'approve' | 'disapprove' | 'abstain';

export const CHOICES: readonly Choice[] = ['approve', 'disapprove', 'abstain'];

/** The nominees of one item: a non-empty list of distinct ids. */
export function requireNomineeIds(nomineeIds: unknown, field = 'nomineeIds'): string[] {
  if (!Array.isArray(nomineeIds) || nomineeIds.length === 0) {
    throw new RuleInputError(field, 'an item needs at least one nominee');
  }
  const seen = new Set<string>();
  nomineeIds.forEach((id: unknown, i) => {
    if (typeof id !== 'string' || id === '') throw new RuleInputError(`${field}[${i}]`, 'must be a non-empty string');
    if (seen.has(id)) throw new RuleInputError(`${field}[${i}]`, `duplicate nominee ${id}`);
    seen.add(id);
  });
  return nomineeIds as string[];
}

/**
 * R6 and R8: a ballot gives exactly one clear choice for every nominee of the item, names no
 * one else, and approves at most as many nominees as there are posts.
 */
export function validateBallotChoices(nomineeIds: string[], seats: number, choices: Record<string, string>): void {
  const ids = requireNomineeIds(nomineeIds);
  const k = requireSeats(seats);
  requireItemShape(ids.length, k);
  checkChoices(ids, k, choices, '');
}

function checkChoices(ids: string[], seats: number, choices: unknown, prefix: string): void {
  const field = `${prefix}choices`;
  if (typeof choices !== 'object' || choices === null || Array.isArray(choices)) {
    throw new RuleInputError(field, 'must be an object of nominee id to choice');
  }
  const known = new Set(ids);
  // Own keys only: a key such as "__proto__" from JSON is an unknown nominee, not a prototype.
  for (const key of Object.keys(choices)) {
    if (!known.has(key)) throw new RuleInputError(`${field}[${key}]`, 'is not a nominee of this item');
  }
  let approvals = 0;
  for (const id of ids) {
    const choice: unknown = Object.hasOwn(choices, id) ? (choices as Record<string, unknown>)[id] : undefined;
    if (!CHOICES.includes(choice as Choice)) {
      throw new RuleInputError(`${field}[${id}]`, `must be one of ${CHOICES.join(', ')}, got ${String(choice)}`);
    }
    if (choice === 'approve') approvals += 1;
  }
  if (approvals > seats) {
    throw new RuleInputError(field, `approves ${approvals} nominees for ${seats} post(s)`);
  }
}

/**
 * Tallies A ballots per nominee, in the order of nomineeIds. Every ballot is checked again
 * (R6, R8), so a count can never include a malformed ballot.
 */
export function countBallots(
  nomineeIds: string[],
  seats: number,
  ballots: Array<Record<string, Choice>>,
): NomineeCount[] {
  const ids = requireNomineeIds(nomineeIds);
  const k = requireSeats(seats);
  requireItemShape(ids.length, k);
  if (!Array.isArray(ballots)) throw new RuleInputError('ballots', 'must be an array');
  const counts = ids.map((id) => ({ id, approve: 0, disapprove: 0, abstain: 0 }));
  ballots.forEach((ballot, b) => {
    checkChoices(ids, k, ballot, `ballots[${b}].`);
    for (const count of counts) count[ballot[count.id] as Choice] += 1;
  });
  return counts;
}
