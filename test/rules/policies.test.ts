import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  competitiveRange,
  competitiveRatioOk,
  decideItem,
  DEFAULT_POLICIES,
  defaultPoliciesFor,
  FULL_COMMITTEE_POLICIES,
  passes,
  POLICY_CHOICES,
  POLICY_SOURCES,
  reconsiderationPasses,
  requirePolicies,
  RuleInputError,
  withDefaults,
} from '../../src/rules';

describe('committee policies', () => {
  it('defaults to the readings used before there was a choice', () => {
    expect(DEFAULT_POLICIES).toEqual({ ratio: 'proportional', majority: 'more-than-half', bar: 'disapprove-half', motion: 'more-than-half' });
    expect(withDefaults({ motion: 'half-or-more' })).toEqual({ ...DEFAULT_POLICIES, motion: 'half-or-more' });
  });

  it("defaults a full committee to 000's pass rule, half or more of those due (R13: 同意票达到应到会委员半数以上)", () => {
    expect(FULL_COMMITTEE_POLICIES).toEqual({ ...DEFAULT_POLICIES, majority: 'half-or-more' });
    expect(defaultPoliciesFor('full').majority).toBe('half-or-more');
    expect(defaultPoliciesFor('standing')).toEqual(DEFAULT_POLICIES);
    expect(withDefaults({}, 'full')).toEqual(FULL_COMMITTEE_POLICIES);
    // The clerk's own choice still wins over the kind's default.
    expect(withDefaults({ majority: 'more-than-half' }, 'full').majority).toBe('more-than-half');
    // 000's bar is the default bar already.
    expect(POLICY_SOURCES.bar[FULL_COMMITTEE_POLICIES.bar].seed).toBe('000');
    expect(POLICY_SOURCES.majority[FULL_COMMITTEE_POLICIES.majority].seed).toBe('000');
  });

  it('names a seed, a place and the words for every choice', () => {
    for (const [name, choices] of Object.entries(POLICY_CHOICES)) {
      for (const choice of choices) {
        const source = (POLICY_SOURCES as Record<string, Record<string, { seed: string; place: string; quote: string }>>)[name]![choice]!;
        expect(source.seed, `${name}.${choice}`).toMatch(/^00[0-3]$/);
        expect(source.quote.length).toBeGreaterThan(8);
      }
    }
  });

  it.each([
    [{ ...DEFAULT_POLICIES, ratio: '1:2' }, 'policies.ratio'],
    [{ ...DEFAULT_POLICIES, majority: 'most' }, 'policies.majority'],
    [{ ...DEFAULT_POLICIES, bar: 'same-post' }, 'policies.bar'],
    [{ ...DEFAULT_POLICIES, motion: undefined }, 'policies.motion'],
    [{ ratio: 'proportional', majority: 'more-than-half', bar: 'disapprove-half' }, 'policies'],
    [{ ...DEFAULT_POLICIES, extra: 1 }, 'policies'],
    [null, 'policies'],
    [['proportional'], 'policies'],
  ])('refuses %j naming %s', (value, field) => {
    expect(() => requirePolicies(value)).toThrowError(expect.objectContaining({ field }));
    expect(() => requirePolicies(value)).toThrowError(RuleInputError);
  });
});

describe('R8 ratio policies', () => {
  it.each([
    // 001: 1:2, and 1:3 for an open selection
    [2, 1, false, 'proportional', true],
    [3, 2, false, 'proportional', false],
    [4, 2, false, 'proportional', true],
    [5, 1, false, 'proportional', true],
    [2, 1, true, 'proportional', false],
    [3, 1, true, 'proportional', true],
    // 003: 差额一人或两人, n = k + 1 or k + 2
    [2, 1, false, 'one-or-two-more', true],
    [3, 1, false, 'one-or-two-more', true],
    [4, 1, false, 'one-or-two-more', false],
    [3, 2, false, 'one-or-two-more', true],
    [4, 2, true, 'one-or-two-more', true],
    [5, 2, false, 'one-or-two-more', false],
    [1, 1, false, 'one-or-two-more', true],
    [1, 1, true, 'proportional', true],
  ] as const)('%i nominees for %i posts (open selection %s) under %s → %s', (n, k, open, policy, expected) => {
    expect(competitiveRatioOk(n, k, open, policy)).toBe(expected);
  });

  it('the range agrees with the check (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), fc.constantFrom('proportional' as const, 'one-or-two-more' as const), (n, k, open, policy) => {
        const [min, max] = competitiveRange(k, open, policy);
        const inRange = n >= min && (max === null || n <= max);
        expect(competitiveRatioOk(n, k, open, policy)).toBe((n === 1 && k === 1) || inRange);
      }),
    );
  });

  it('refuses an unknown policy', () => {
    expect(() => competitiveRatioOk(2, 1, false, 'k+1' as never)).toThrowError(expect.objectContaining({ field: 'policy' }));
  });
});

describe('R2 majority policies', () => {
  it.each([
    [10, 5, 'more-than-half', false],
    [10, 5, 'half-or-more', true],
    [10, 4, 'half-or-more', false],
    [11, 6, 'more-than-half', true],
    [11, 5, 'half-or-more', false],
    [14, 7, 'half-or-more', true],
    [14, 7, 'more-than-half', false],
  ] as const)('due %i, %i approve, majority %s → %s', (due, a, policy, expected) => {
    expect(passes(due, a, 'majority', policy)).toBe(expected);
  });

  it('two-thirds is the same under either policy', () => {
    for (let due = 1; due <= 60; due++) {
      for (let a = 0; a <= due; a++) expect(passes(due, a, 'two-thirds', 'half-or-more')).toBe(passes(due, a, 'two-thirds', 'more-than-half'));
    }
  });

  it('decides with the policy: 6 of 12 due approve passes only under "half or more"', () => {
    const input = { due: 12, present: 12, cast: 12, seats: 1, passRule: 'majority' as const, barRule: 'disapprove-half' as const, nominees: [{ id: 'x', approve: 6, disapprove: 6, abstain: 0 }] };
    expect(decideItem(input).nominees).toEqual([{ id: 'x', approved: false, barred: true }]);
    expect(decideItem({ ...input, majority: 'half-or-more' }).nominees).toEqual([{ id: 'x', approved: true, barred: false }]);
    expect(() => decideItem({ ...input, majority: 'half' as never })).toThrowError(expect.objectContaining({ field: 'majority' }));
  });

  it('a competitive item under "half or more": the two with half the votes tie for the one post', () => {
    const d = decideItem({
      due: 8,
      present: 8,
      cast: 8,
      seats: 1,
      passRule: 'majority',
      majority: 'half-or-more',
      barRule: 'disapprove-half',
      nominees: [
        { id: 'x', approve: 4, disapprove: 4, abstain: 0 },
        { id: 'y', approve: 4, disapprove: 3, abstain: 1 },
      ],
    });
    expect(d.undecidedSeats).toBe(1);
    expect(d.nominees).toEqual([
      { id: 'x', approved: false, barred: false },
      { id: 'y', approved: false, barred: false },
    ]);
  });
});

describe('R10 motion policies', () => {
  it.each([
    [15, 8, 'more-than-half', true],
    [15, 7, 'more-than-half', false],
    [15, 7, 'half-or-more', false],
    [12, 6, 'half-or-more', true],
    [12, 6, 'more-than-half', false],
    [12, 7, 'more-than-half', true],
  ] as const)('due %i, %i yes, %s → %s', (due, yes, policy, expected) => {
    expect(reconsiderationPasses(due, yes, policy)).toBe(expected);
  });

  it('refuses an unknown policy', () => {
    expect(() => reconsiderationPasses(12, 6, 'half' as never)).toThrowError(expect.objectContaining({ field: 'motion' }));
  });
});
