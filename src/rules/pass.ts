import { requireAtMost, requireDue } from './counts';
import { RuleInputError } from './errors';
import { requireMajorityPolicy, requireMotionPolicy, type MajorityPolicy, type MotionPolicy } from './policies';

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
 * count against passing. 'majority' is, by the committee's policy, "more than half" (001, the
 * default: 2·approve > due) or "half or more" (000: 2·approve ≥ due); 'two-thirds' is
 * "2/3以上", two-thirds included (3·approve ≥ 2·due) under either policy.
 */
export function passes(due: number, approve: number, rule: PassRule, majority: MajorityPolicy = 'more-than-half'): boolean {
  const d = requireDue(due);
  const a = requireAtMost(approve, 'approve', d, 'due');
  return passesChecked(d, a, requirePassRule(rule, 'rule'), requireMajorityPolicy(majority));
}

/** R2 on counts the caller has already validated. */
export function passesChecked(due: number, approve: number, rule: PassRule, majority: MajorityPolicy = 'more-than-half'): boolean {
  if (rule === 'two-thirds') return 3 * approve >= 2 * due;
  return majority === 'half-or-more' ? 2 * approve >= due : 2 * approve > due;
}

/**
 * R10: a reconsideration motion needs, of those due, more than half ("超过半数以上常委同意", 001,
 * the default: 2·yes > due) or, by the committee's policy, half or more ("一半以上", 002:
 * 2·yes ≥ due).
 */
export function reconsiderationPasses(due: number, yes: number, policy: MotionPolicy = 'more-than-half'): boolean {
  const d = requireDue(due);
  const y = requireAtMost(yes, 'yes', d, 'due');
  return requireMotionPolicy(policy) === 'half-or-more' ? 2 * y >= d : 2 * y > d;
}
