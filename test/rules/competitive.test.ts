import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  competitiveRatioOk,
  decideItem,
  MAX_NOMINEES_PER_MEETING,
  meetingNomineesOk,
  passes,
  RuleInputError,
  type DecideInput,
} from '../../src/rules/index';
import { competitiveVoteArb, toInput } from './arbitraries';

describe('R8 competitive ratios', () => {
  it.each([
    // a plain item is not competitive and needs no ratio
    [1, 1, false, true],
    [1, 1, true, true],
    // ordinary vacancy 1:2
    [2, 1, false, true],
    [3, 1, false, true],
    [4, 2, false, true],
    [3, 2, false, false],
    [5, 3, false, false],
    [6, 3, false, true],
    // open selection 1:3
    [3, 1, true, true],
    [2, 1, true, false],
    [6, 2, true, true],
    [5, 2, true, false],
    [9, 3, true, true],
    [8, 3, true, false],
    // never fewer nominees than posts
    [1, 2, false, false],
    [0, 1, false, false],
  ])('%i nominees for %i posts, open selection %s → %s', (n, k, open, expected) => {
    expect(competitiveRatioOk(n, k, open)).toBe(expected);
  });

  it('moves exactly at 2k and 3k for k = 1..20', () => {
    for (let k = 1; k <= 20; k++) {
      expect(competitiveRatioOk(2 * k, k, false)).toBe(true);
      expect(competitiveRatioOk(2 * k - 1, k, false)).toBe(k === 1);
      expect(competitiveRatioOk(3 * k, k, true)).toBe(true);
      expect(competitiveRatioOk(3 * k - 1, k, true)).toBe(false);
    }
  });

  it.each([
    [-1, 1, false, 'nominees'],
    [2.5, 1, false, 'nominees'],
    [2, 0, false, 'seats'],
    [2, 1, 'yes', 'openSelection'],
  ])('refuses %s nominees, %s posts, open %s naming %s', (n, k, open, field) => {
    const call = () => competitiveRatioOk(n, k, open as boolean);
    expect(call).toThrowError(RuleInputError);
    expect(call).toThrowError(expect.objectContaining({ field }));
  });
});

describe('R5 at most 30 nominees a meeting', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);
  it('allows 30 and refuses the 31st', () => {
    expect(MAX_NOMINEES_PER_MEETING).toBe(30);
    expect(meetingNomineesOk(ids(30))).toBe(true);
    expect(meetingNomineesOk(ids(31))).toBe(false);
  });
  it('counts a person on two items once', () => {
    expect(meetingNomineesOk([...ids(30), 'p0', 'p29'])).toBe(true);
  });
  it('refuses an empty id', () => {
    expect(() => meetingNomineesOk(['a', ''])).toThrowError(expect.objectContaining({ field: 'nomineeIds' }));
  });
});

const item = (due: number, seats: number, approvals: number[], passRule: DecideInput['passRule'] = 'majority'): DecideInput => ({
  due,
  present: due,
  cast: due,
  seats,
  passRule,
  barRule: 'disapprove-half',
  nominees: approvals.map((approve, i) => ({ id: `n${i}`, approve, disapprove: 0, abstain: due - approve })),
});
const winners = (input: DecideInput) => decideItem(input).nominees.filter((n) => n.approved).map((n) => n.id);

describe('R8 competitive decisions', () => {
  it('the top k passing nominees win', () => {
    const input = item(11, 2, [9, 3, 7, 2]);
    expect(winners(input)).toEqual(['n0', 'n2']);
    expect(decideItem(input).undecidedSeats).toBe(0);
  });

  it('a nominee in the top k that fails R2 does not win; the seat stays open', () => {
    const input = item(11, 2, [9, 5, 4, 2]); // 5 of 11 is not more than half
    expect(winners(input)).toEqual(['n0']);
    expect(decideItem(input).undecidedSeats).toBe(1);
  });

  it('the pass rule of the item applies to competitive winners', () => {
    expect(winners(item(12, 1, [7, 5]))).toEqual(['n0']);
    expect(winners(item(12, 1, [7, 5], 'two-thirds'))).toEqual([]);
    expect(winners(item(12, 1, [8, 4], 'two-thirds'))).toEqual(['n0']);
  });

  it('a tie across the last place leaves the tied places undecided', () => {
    const input = item(11, 2, [6, 6, 6, 0]);
    expect(winners(input)).toEqual([]);
    expect(decideItem(input).undecidedSeats).toBe(2);
    expect(decideItem(input).nominees.every((n) => !n.barred)).toBe(true);
  });

  it('for one post under the majority rule two nominees can never both pass, so never tie', () => {
    // Each ballot approves at most one nominee, so two passing nominees would need > due ballots.
    expect(() => decideItem(item(11, 1, [6, 6]))).toThrowError(expect.objectContaining({ field: 'nominees' }));
  });

  it('nominees above the tie still win', () => {
    const input = item(11, 2, [9, 6, 6, 1]);
    expect(winners(input)).toEqual(['n0']);
    expect(decideItem(input).undecidedSeats).toBe(1);
  });

  it('a tie inside the top k is no tie at the boundary', () => {
    const input = item(11, 2, [7, 7, 4, 2]);
    expect(winners(input)).toEqual(['n0', 'n1']);
    expect(decideItem(input).undecidedSeats).toBe(0);
  });

  it('a tie among nominees failing R2 leaves no seat undecided beyond those with no passer', () => {
    const input = item(11, 2, [8, 4, 4, 1]);
    expect(winners(input)).toEqual(['n0']);
    expect(decideItem(input).undecidedSeats).toBe(1);
  });

  it('the not-approved policy bars clear losers but not nominees tied for a place (they are voted again)', () => {
    const input = { ...item(11, 2, [9, 6, 6, 1]), barRule: 'not-approved' as const };
    const out = decideItem(input).nominees;
    expect(out.map((n) => [n.id, n.approved, n.barred])).toEqual([
      ['n0', true, false],
      ['n1', false, false],
      ['n2', false, false],
      ['n3', false, true],
    ]);
  });

  // An independent reading of R8: a passing nominee wins when it and everyone it ties with
  // fit in the k seats together with those strictly ahead of it.
  function referenceWinners(input: DecideInput): string[] {
    const passing = input.nominees.filter((n) => passes(input.due, n.approve, input.passRule));
    return passing
      .filter((x) => {
        const ahead = passing.filter((y) => y.approve > x.approve).length;
        const level = passing.filter((y) => y.approve === x.approve).length;
        return ahead + level <= input.seats;
      })
      .map((n) => n.id);
  }

  it('agrees with an independent reading of R8 on random votes', () => {
    fc.assert(
      fc.property(competitiveVoteArb(), (vote) => {
        const input = toInput(vote);
        fc.pre(3 * input.present >= 2 * input.due);
        const decision = decideItem(input);
        const expected = referenceWinners(input);
        expect(winners(input)).toEqual(expected);
        expect(decision.undecidedSeats).toBe(input.seats - expected.length);
      }),
      { numRuns: 500 },
    );
  });

  it('never has more winners than seats, and winners strictly outrank every other nominee', () => {
    fc.assert(
      fc.property(competitiveVoteArb(), (vote) => {
        const input = toInput(vote);
        const decision = decideItem(input);
        const won = decision.nominees.filter((n) => n.approved).length;
        expect(won).toBeLessThanOrEqual(input.seats);
        expect(won + decision.undecidedSeats).toBe(input.seats);
        decision.nominees.forEach((w, i) => {
          if (!w.approved) return;
          expect(passes(input.due, input.nominees[i]!.approve, input.passRule)).toBe(true);
          decision.nominees.forEach((o, j) => {
            if (!o.approved) expect(input.nominees[i]!.approve).toBeGreaterThan(input.nominees[j]!.approve);
          });
        });
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order the nominees are listed in', () => {
    fc.assert(
      fc.property(competitiveVoteArb(), fc.infiniteStream(fc.nat()), (vote, seeds) => {
        const input = toInput(vote);
        const order = input.nominees.map((n, i) => ({ n, key: seeds.next().value as number, i }))
          .sort((a, b) => a.key - b.key || a.i - b.i).map((x) => x.n);
        const byId = (d: ReturnType<typeof decideItem>) => Object.fromEntries(d.nominees.map((n) => [n.id, n]));
        const a = decideItem(input);
        const b = decideItem({ ...input, nominees: order });
        expect(byId(b)).toEqual(byId(a));
        expect(b.undecidedSeats).toBe(a.undecidedSeats);
        expect(b.nominees.map((n) => n.id)).toEqual(order.map((n) => n.id));
      }),
    );
  });
});
