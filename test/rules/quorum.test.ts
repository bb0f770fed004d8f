import { describe, expect, it } from 'vitest';
import { quorumMet, RuleInputError } from '../../src/rules/index';
import { minQuorum } from './arbitraries';

describe('R1 quorum: 3 × present ≥ 2 × due', () => {
  // Worked examples of rules.md R1.
  it.each([
    [11, 8],
    [9, 6],
    [12, 8],
    [7, 5],
  ])('due %i needs %i present', (due, needed) => {
    expect(quorumMet(due, needed)).toBe(true);
    expect(quorumMet(due, needed - 1)).toBe(false);
  });

  it('due 11 with 7 present fails (21 < 22)', () => {
    expect(quorumMet(11, 7)).toBe(false);
  });

  it('is exactly two-thirds or more, on both sides of the boundary, for due 1..300', () => {
    for (let due = 1; due <= 300; due++) {
      const needed = minQuorum(due);
      expect(quorumMet(due, needed), `due ${due} present ${needed}`).toBe(true);
      expect(quorumMet(due, due), `due ${due} all present`).toBe(true);
      if (needed > 0) expect(quorumMet(due, needed - 1), `due ${due} present ${needed - 1}`).toBe(false);
    }
  });

  it('includes two-thirds itself ("三分之二以上")', () => {
    expect(quorumMet(9, 6)).toBe(true);
    expect(quorumMet(3, 2)).toBe(true);
    expect(quorumMet(3, 1)).toBe(false);
  });

  it.each([
    [0, 0, 'due'],
    [-1, 0, 'due'],
    [1.5, 1, 'due'],
    [Number.NaN, 1, 'due'],
    [10, 11, 'present'],
    [10, -1, 'present'],
    [10, 2.5, 'present'],
  ])('refuses due %s present %s naming %s', (due, present, field) => {
    expect(() => quorumMet(due, present)).toThrowError(RuleInputError);
    expect(() => quorumMet(due, present)).toThrowError(expect.objectContaining({ field }));
  });
});
