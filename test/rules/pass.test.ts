import { describe, expect, it } from 'vitest';
import { passes, reconsiderationPasses, RuleInputError } from '../../src/rules/index';

const minMajority = (due: number) => Math.floor(due / 2) + 1;
const minTwoThirds = (due: number) => Math.ceil((2 * due) / 3);

describe('R2 passing: the denominator is due', () => {
  it.each([
    // rules.md R2 examples
    [11, 5, 'majority', false],
    [10, 6, 'majority', true],
    [10, 5, 'majority', false],
    [11, 8, 'two-thirds', true],
    [11, 7, 'two-thirds', false],
    // more than half, not "half or more" (source 000 vs 001: the stricter reading)
    [12, 6, 'majority', false],
    [12, 7, 'majority', true],
    [9, 6, 'two-thirds', true],
    [9, 5, 'two-thirds', false],
    [1, 1, 'majority', true],
    [1, 0, 'majority', false],
  ] as const)('due %i, %i approve, %s → %s', (due, approve, rule, expected) => {
    expect(passes(due, approve, rule)).toBe(expected);
  });

  it('majority is floor(due/2)+1 and two-thirds is ceil(2·due/3), both sides, due 1..300', () => {
    for (let due = 1; due <= 300; due++) {
      expect(passes(due, minMajority(due), 'majority'), `majority due ${due}`).toBe(true);
      expect(passes(due, minMajority(due) - 1, 'majority'), `majority due ${due} -1`).toBe(false);
      expect(passes(due, minTwoThirds(due), 'two-thirds'), `2/3 due ${due}`).toBe(true);
      expect(passes(due, minTwoThirds(due) - 1, 'two-thirds'), `2/3 due ${due} -1`).toBe(false);
    }
  });

  it.each([
    [0, 0, 'majority', 'due'],
    [10, 11, 'majority', 'approve'],
    [10, -1, 'majority', 'approve'],
    [10, 0.5, 'majority', 'approve'],
    [10, 6, 'half', 'rule'],
  ])('refuses due %s approve %s rule %s naming %s', (due, approve, rule, field) => {
    expect(() => passes(due, approve, rule as 'majority')).toThrowError(expect.objectContaining({ field }));
    expect(() => passes(due, approve, rule as 'majority')).toThrowError(RuleInputError);
  });
});

describe('R10 reconsideration: 2 × yes > due', () => {
  it.each([
    [11, 6, true],
    [11, 5, false],
    [10, 6, true],
    [10, 5, false],
    [9, 5, true],
    [9, 4, false],
  ])('due %i, %i yes → %s', (due, yes, expected) => {
    expect(reconsiderationPasses(due, yes)).toBe(expected);
  });

  it('needs floor(due/2)+1, both sides, due 1..300', () => {
    for (let due = 1; due <= 300; due++) {
      expect(reconsiderationPasses(due, minMajority(due))).toBe(true);
      expect(reconsiderationPasses(due, minMajority(due) - 1)).toBe(false);
    }
  });

  it.each([
    [0, 0, 'due'],
    [10, 11, 'yes'],
    [10, -1, 'yes'],
    [10, Infinity, 'yes'],
  ])('refuses due %s yes %s naming %s', (due, yes, field) => {
    expect(() => reconsiderationPasses(due, yes)).toThrowError(expect.objectContaining({ field }));
  });
});
