import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideItem, type DecideInput, type Decision } from '../../src/rules/index';
import { competitiveVoteArb, minQuorum, toInput, voteArb } from './arbitraries';

const plain = (over: Partial<DecideInput> & { approve: number; disapprove?: number; abstain?: number }): DecideInput => {
  const { approve, disapprove = 0, abstain = 0, ...rest } = over;
  const due = rest.due ?? 10;
  return {
    due,
    present: rest.present ?? due,
    cast: rest.cast ?? approve + disapprove + abstain,
    seats: 1,
    passRule: rest.passRule ?? 'majority',
    barRule: rest.barRule ?? 'disapprove-half',
    nominees: [{ id: 'x', approve, disapprove, abstain }],
    ...rest,
  };
};
const outcome = (d: Decision) => d.nominees[0]!;

describe('decideItem on a plain item (R1, R2, R3)', () => {
  it('due 11, 8 present, 5 approve: not approved (5 of 8 present, but 10 ≤ 11)', () => {
    const d = decideItem(plain({ due: 11, present: 8, cast: 8, approve: 5, disapprove: 3 }));
    expect(d.quorate).toBe(true);
    expect(outcome(d).approved).toBe(false);
    expect(d.undecidedSeats).toBe(1);
  });

  it.each([
    [10, 6, 'majority', true],
    [10, 5, 'majority', false],
    [11, 8, 'two-thirds', true],
    [11, 7, 'two-thirds', false],
  ] as const)('due %i, %i approve, %s → approved %s', (due, approve, passRule, expected) => {
    const d = decideItem(plain({ due, approve, abstain: due - approve, passRule }));
    expect(outcome(d).approved).toBe(expected);
    expect(d.undecidedSeats).toBe(expected ? 0 : 1);
  });

  it.each([
    [10, 5, true],
    [11, 5, false],
    [11, 6, true],
  ])('due %i, %i disapprove → barred %s', (due, disapprove, barred) => {
    const d = decideItem(plain({ due, approve: 0, disapprove }));
    expect(outcome(d)).toEqual({ id: 'x', approved: false, barred });
  });

  it('the not-approved policy bars a nominee who merely failed to pass', () => {
    const d = decideItem(plain({ due: 11, approve: 5, disapprove: 1, barRule: 'not-approved' }));
    expect(outcome(d)).toEqual({ id: 'x', approved: false, barred: true });
    const ok = decideItem(plain({ due: 11, approve: 6, barRule: 'not-approved' }));
    expect(outcome(ok)).toEqual({ id: 'x', approved: true, barred: false });
  });

  it('a vote without quorum approves and bars no one, whatever the counts', () => {
    const d = decideItem(plain({ due: 11, present: 7, cast: 7, approve: 7, barRule: 'not-approved' }));
    expect(d).toEqual({ quorate: false, nominees: [{ id: 'x', approved: false, barred: false }], undecidedSeats: 1 });
    const bar = decideItem(plain({ due: 11, present: 7, cast: 7, approve: 0, disapprove: 7 }));
    expect(outcome(bar).barred).toBe(false);
  });

  it('quorum boundary: present = ceil(2·due/3) decides, one fewer does not, due 1..60', () => {
    for (let due = 1; due <= 60; due++) {
      const need = minQuorum(due);
      const approve = Math.min(need, Math.floor(due / 2) + 1);
      expect(decideItem(plain({ due, present: need, cast: need, approve })).quorate, `due ${due}`).toBe(true);
      if (need > 0) {
        expect(decideItem(plain({ due, present: need - 1, cast: 0, approve: 0 })).quorate, `due ${due} -1`).toBe(false);
      }
    }
  });

  it('accepts a quorate vote where nobody cast a ballot, and approves no one', () => {
    const d = decideItem(plain({ due: 9, present: 6, cast: 0, approve: 0 }));
    expect(d.quorate).toBe(true);
    expect(outcome(d)).toEqual({ id: 'x', approved: false, barred: false });
  });
});

describe('decideItem properties', () => {
  const anyVote = fc.oneof(voteArb(), competitiveVoteArb());

  it('is never approved and barred at once (R2 and R3 cannot both hold)', () => {
    fc.assert(
      fc.property(anyVote, (vote) => {
        for (const n of decideItem(toInput(vote)).nominees) expect(n.approved && n.barred).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('returns the nominees in input order, and nothing when not quorate', () => {
    fc.assert(
      fc.property(anyVote, (vote) => {
        const input = toInput(vote);
        const d = decideItem(input);
        expect(d.nominees.map((n) => n.id)).toEqual(vote.nomineeIds);
        expect(d.quorate).toBe(3 * input.present >= 2 * input.due);
        if (!d.quorate) {
          expect(d.nominees.some((n) => n.approved || n.barred)).toBe(false);
          expect(d.undecidedSeats).toBe(input.seats);
        }
      }),
    );
  });

  it('one more approval never turns an approved nominee into a not approved one', () => {
    fc.assert(
      fc.property(anyVote, fc.nat(), fc.nat(), (vote, pickNominee, pickBallot) => {
        fc.pre(vote.ballots.length > 0);
        const target = vote.nomineeIds[pickNominee % vote.nomineeIds.length]!;
        const b = pickBallot % vote.ballots.length;
        const ballot = { ...vote.ballots[b]! };
        ballot[target] = 'approve';
        // R8: keep the ballot within `seats` approvals by withdrawing someone else's.
        const approved = vote.nomineeIds.filter((id) => ballot[id] === 'approve');
        if (approved.length > vote.seats) ballot[approved.find((id) => id !== target)!] = 'abstain';
        const more = { ...vote, ballots: vote.ballots.map((x, i) => (i === b ? ballot : x)) };
        const before = decideItem(toInput(vote)).nominees.find((n) => n.id === target)!;
        const after = decideItem(toInput(more)).nominees.find((n) => n.id === target)!;
        if (before.approved) expect(after.approved).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('changing present while keeping quorum never changes the decision', () => {
    fc.assert(
      fc.property(anyVote, fc.nat(), (vote, pick) => {
        const input = toInput(vote);
        fc.pre(3 * input.present >= 2 * input.due);
        const low = Math.max(input.cast, minQuorum(input.due));
        const present = low + (pick % (input.due - low + 1));
        expect(decideItem({ ...input, present })).toEqual(decideItem(input));
      }),
      { numRuns: 500 },
    );
  });

  it('an abstention counts against passing exactly like a ballot not cast', () => {
    fc.assert(
      fc.property(anyVote, fc.integer({ min: 1, max: 10 }), (vote, extra) => {
        const input = toInput(vote);
        fc.pre(input.cast + extra <= input.due);
        const allAbstain = Object.fromEntries(vote.nomineeIds.map((id) => [id, 'abstain' as const]));
        const withAbstentions = toInput({
          ...vote,
          present: Math.max(vote.present, input.cast + extra),
          ballots: [...vote.ballots, ...Array.from({ length: extra }, () => allAbstain)],
        });
        const withoutThem = { ...input, present: withAbstentions.present };
        expect(decideItem(withAbstentions)).toEqual(decideItem(withoutThem));
      }),
      { numRuns: 500 },
    );
  });

  it('under the default bar a nominee is barred exactly when 2 × disapprove ≥ due', () => {
    fc.assert(
      fc.property(anyVote, (vote) => {
        const input = { ...toInput(vote), barRule: 'disapprove-half' as const };
        const d = decideItem(input);
        fc.pre(d.quorate);
        d.nominees.forEach((n, i) => expect(n.barred).toBe(2 * input.nominees[i]!.disapprove >= input.due));
      }),
    );
  });

  it('leaves its input untouched (the service and the verifier share one tally)', () => {
    fc.assert(
      fc.property(competitiveVoteArb(), (vote) => {
        const input = toInput(vote);
        const copy = structuredClone(input);
        decideItem(input);
        expect(input).toEqual(copy);
      }),
      { numRuns: 100 },
    );
  });
});
