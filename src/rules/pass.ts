import { requireAtMost, requireDue } from './counts';
import { RuleInputError } from './errors';

/** R2: the default majority rule, or the two-thirds rule a clerk may choose per item. */
export type PassRule = 'majority' | 'two-thirds';

export const PASS_RULES: readonly PassRule[] = ['majority', 'two-thirds'];

export function requirePassRule(value: unknown, field = 'passRule'): PassRule {
  if (!PASS_RULES.includes(value as PassRule)) {
    throw new RuleInputError(field, `must be one of ${PASS_RULES.join(', ')}, got ${String(value)}`);
  }
  return value as PassRule;
}

/**
 * R2: the denominator is always those DUE, so absences, ballots not cast and abstentions all
 * count against passing. 'majority' is the stricter "more than half" reading of source 001.
 */
export function passes(due: number, approve: number, rule: PassRule): boolean {
  const d = requireDue(due);
  const a = requireAtMost(approve, 'approve', d, 'due');
  return passesChecked(d, a, requirePassRule(rule, 'rule'));
}

/** R2 on counts the caller has already validated. */
export function passesChecked(due: number, approve: number, rule: PassRule): boolean {
  return rule === 'majority' ? 2 * approve > due : 3 * approve >= 2 * due;
}

/** R10: a reconsideration motion needs more than half of those due ("超过半数以上常委同意"). */
export function reconsiderationPasses(due: number, yes: number): boolean {
  const d = requireDue(due);
  const y = requireAtMost(yes, 'yes', d, 'due');
  return 2 * y > d;
}
