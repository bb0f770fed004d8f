import { BAR_RULES, type BarRule } from './bar';
import { RuleInputError } from './errors';

/**
 * The policies a committee chooses when it is set up, where the source documents differ
 * (rules.md R2, R3, R8, R10). One member per policy; the defaults are the readings the
 * service used before there was a choice. The meeting entry logs them (`committee.policies`),
 * and the service and the verifier decide by them through this module only.
 */

/** R8's minimum number of nominees n for k posts. */
export const RATIO_POLICIES = ['proportional', 'one-or-two-more'] as const;
export type RatioPolicy = (typeof RATIO_POLICIES)[number];

/** R2's "majority" rule (an item may still ask two-thirds): more than half of those due, or half or more. */
export const MAJORITY_POLICIES = ['more-than-half', 'half-or-more'] as const;
export type MajorityPolicy = (typeof MAJORITY_POLICIES)[number];

/** R10's threshold for a reconsideration motion, of those due. */
export const MOTION_POLICIES = ['more-than-half', 'half-or-more'] as const;
export type MotionPolicy = (typeof MOTION_POLICIES)[number];

export interface CommitteePolicies {
  ratio: RatioPolicy;
  majority: MajorityPolicy;
  bar: BarRule;
  motion: MotionPolicy;
}

export const DEFAULT_POLICIES: Readonly<CommitteePolicies> = Object.freeze({
  ratio: 'proportional',
  majority: 'more-than-half',
  bar: 'disapprove-half',
  motion: 'more-than-half',
});

/**
 * R13: a full committee (全委会) decides by 000's rules, "同意票达到应到会委员半数以上" (half or
 * more of those due) and its bar ("不同意票达到应到会委员半数以上", already the default bar); a
 * standing committee by the defaults above. The clerk may still choose otherwise at set-up.
 */
export const FULL_COMMITTEE_POLICIES: Readonly<CommitteePolicies> = Object.freeze({
  ...DEFAULT_POLICIES,
  majority: 'half-or-more',
});

/** The defaults of a committee of this kind (R13): 000's for a full committee. */
export function defaultPoliciesFor(kind: 'standing' | 'full'): Readonly<CommitteePolicies> {
  return kind === 'full' ? FULL_COMMITTEE_POLICIES : DEFAULT_POLICIES;
}

export const POLICY_CHOICES: { readonly [K in keyof CommitteePolicies]: readonly CommitteePolicies[K][] } = {
  ratio: RATIO_POLICIES,
  majority: MAJORITY_POLICIES,
  bar: BAR_RULES,
  motion: MOTION_POLICIES,
};

/** Where each choice comes from: the seed document, its place, and its words (shared/seeds). */
export interface PolicySource {
  seed: '000' | '001' | '002' | '003';
  place: string;
  quote: string;
}

export const POLICY_SOURCES: { readonly [K in keyof CommitteePolicies]: Readonly<Record<CommitteePolicies[K], PolicySource>> } = {
  ratio: {
    proportional: { seed: '001', place: '第三篇 第十三条', quote: '按照1:2的比例向县委常委会提交人选……公开选拔科级领导,按照1:3的比例' },
    'one-or-two-more': { seed: '003', place: '二 第六 差额票决', quote: '书记办公会按差额一人或两人提交市委常委会票决' },
  },
  majority: {
    'more-than-half': { seed: '001', place: '第四篇 四(一)', quote: '以党组织应到会成员过半数同意形成决定' },
    'half-or-more': { seed: '000', place: '五', quote: '“同意”票达到应到会区委委员半数以上的,方可通过任免' },
  },
  bar: {
    'disapprove-half': { seed: '000', place: '五', quote: '“不同意”票达到应到会区委委员半数以上的,一年内不得作为同一职位的拟任人选提名' },
    'not-approved': { seed: '002', place: '五 一 2', quote: '经考察不符合提拔条件或在讨论决定中未获通过的,一年内不得再次推荐' },
  },
  motion: {
    'more-than-half': { seed: '001', place: '第三篇 第十四条', quote: '对需要复议的,应当经超过半数以上常委同意方可进行' },
    'half-or-more': { seed: '002', place: '四(一) 3', quote: '在征得一半以上常委同意的基础上,做出复议决定' },
  },
};

function requireChoice<K extends keyof CommitteePolicies>(name: K, value: unknown, field: string): CommitteePolicies[K] {
  const choices = POLICY_CHOICES[name] as readonly unknown[];
  if (!choices.includes(value)) throw new RuleInputError(field, `must be one of ${choices.join(', ')}, got ${String(value)}`);
  return value as CommitteePolicies[K];
}

export function requireRatioPolicy(value: unknown, field = 'ratio'): RatioPolicy {
  return requireChoice('ratio', value, field);
}

export function requireMajorityPolicy(value: unknown, field = 'majority'): MajorityPolicy {
  return requireChoice('majority', value, field);
}

export function requireMotionPolicy(value: unknown, field = 'motion'): MotionPolicy {
  return requireChoice('motion', value, field);
}

/** A complete policy object with exactly the four members, each a known choice. */
export function requirePolicies(value: unknown, field = 'policies'): CommitteePolicies {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RuleInputError(field, 'must be an object');
  const keys = Object.keys(value).sort();
  const expected = Object.keys(DEFAULT_POLICIES).sort();
  if (keys.join() !== expected.join()) throw new RuleInputError(field, `must have exactly the members ${expected.join(', ')}, got ${keys.join(', ')}`);
  const v = value as Record<string, unknown>;
  return {
    ratio: requireChoice('ratio', v.ratio, `${field}.ratio`),
    majority: requireChoice('majority', v.majority, `${field}.majority`),
    bar: requireChoice('bar', v.bar, `${field}.bar`),
    motion: requireChoice('motion', v.motion, `${field}.motion`),
  };
}

/** The defaults of the committee's kind (R13), with whatever the committee chose instead. */
export function withDefaults(chosen: Partial<CommitteePolicies> = {}, kind: 'standing' | 'full' = 'standing'): CommitteePolicies {
  return requirePolicies({ ...defaultPoliciesFor(kind), ...chosen });
}
