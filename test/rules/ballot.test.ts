import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countBallots, RuleInputError, validateBallotChoices, type Choice } from '../../src/rules/index';
import { competitiveVoteArb, voteArb } from './arbitraries';

const ids = ['ann', 'bo', 'cy'];

describe('validateBallotChoices (R6 clear choices, R8 at most k approvals)', () => {
  it('accepts one clear choice per nominee', () => {
    expect(() => validateBallotChoices(['x'], 1, { x: 'approve' })).not.toThrow();
    expect(() => validateBallotChoices(['x'], 1, { x: 'abstain' })).not.toThrow();
    expect(() => validateBallotChoices(ids, 2, { ann: 'approve', bo: 'approve', cy: 'disapprove' })).not.toThrow();
    expect(() => validateBallotChoices(ids, 1, { ann: 'abstain', bo: 'disapprove', cy: 'abstain' })).not.toThrow();
  });

  it.each([
    [ids, 1, { ann: 'approve', bo: 'approve', cy: 'abstain' }, 'choices'],
    [ids, 2, { ann: 'approve', bo: 'approve', cy: 'approve' }, 'choices'],
    [ids, 2, { ann: 'approve', bo: 'approve' }, 'choices[cy]'],
    [ids, 2, { ann: 'approve', bo: 'yes', cy: 'abstain' }, 'choices[bo]'],
    [ids, 2, { ann: 'approve', bo: null, cy: 'abstain' }, 'choices[bo]'],
    [ids, 2, { ann: 'approve', bo: 'abstain', cy: 'abstain', dee: 'approve' }, 'choices[dee]'],
    [ids, 2, JSON.parse('{"ann":"approve","bo":"abstain","cy":"abstain","__proto__":"approve"}'), 'choices[__proto__]'],
    [ids, 2, null, 'choices'],
    [ids, 2, ['approve', 'approve', 'abstain'], 'choices'],
    [ids, 2, 'approve', 'choices'],
    [[], 1, {}, 'nomineeIds'],
    ['ann', 1, {}, 'nomineeIds'],
    [['ann', 'ann'], 1, { ann: 'approve' }, 'nomineeIds[1]'],
    [['ann', ''], 1, { ann: 'approve' }, 'nomineeIds[1]'],
    [ids, 0, {}, 'seats'],
    [ids, 3, {}, 'seats'],
    [['x'], 2, { x: 'approve' }, 'seats'],
  ])('refuses %j, %s posts, %j naming %s', (nominees, seats, choices, field) => {
    const call = () => validateBallotChoices(nominees as string[], seats, choices as Record<string, string>);
    expect(call).toThrowError(RuleInputError);
    expect(call).toThrowError(expect.objectContaining({ field }));
  });

  it('does not take choices from the prototype chain', () => {
    const inherited = Object.create({ x: 'approve' }) as Record<string, string>;
    expect(() => validateBallotChoices(['x'], 1, inherited)).toThrowError(expect.objectContaining({ field: 'choices[x]' }));
  });
});

describe('countBallots', () => {
  it('tallies per nominee in nominee order', () => {
    const ballots: Array<Record<string, Choice>> = [
      { ann: 'approve', bo: 'disapprove', cy: 'abstain' },
      { ann: 'approve', bo: 'abstain', cy: 'approve' },
      { ann: 'disapprove', bo: 'disapprove', cy: 'approve' },
    ];
    expect(countBallots(['cy', 'ann', 'bo'], 2, ballots)).toEqual([
      { id: 'cy', approve: 2, disapprove: 0, abstain: 1 },
      { id: 'ann', approve: 2, disapprove: 1, abstain: 0 },
      { id: 'bo', approve: 0, disapprove: 2, abstain: 1 },
    ]);
    expect(countBallots(['x'], 1, [])).toEqual([{ id: 'x', approve: 0, disapprove: 0, abstain: 0 }]);
  });

  it('every ballot gives every nominee exactly one choice, and approvals stay within k per ballot', () => {
    fc.assert(
      fc.property(fc.oneof(voteArb(), competitiveVoteArb()), (vote) => {
        const counts = countBallots(vote.nomineeIds, vote.seats, vote.ballots);
        for (const c of counts) expect(c.approve + c.disapprove + c.abstain).toBe(vote.ballots.length);
        const approvals = counts.reduce((sum, c) => sum + c.approve, 0);
        expect(approvals).toBeLessThanOrEqual(vote.seats * vote.ballots.length);
        for (const c of counts) {
          expect(c.approve).toBe(vote.ballots.filter((b) => b[c.id] === 'approve').length);
        }
      }),
    );
  });

  it.each([
    [[{ ann: 'approve', bo: 'abstain', cy: 'abstain' }, { ann: 'approve', bo: 'approve', cy: 'abstain' }], 'ballots[1].choices'],
    [[{ ann: 'approve', bo: 'abstain' }], 'ballots[0].choices[cy]'],
    [[{ ann: 'approve', bo: 'abstain', cy: 'maybe' }], 'ballots[0].choices[cy]'],
    [[null], 'ballots[0].choices'],
    ['many', 'ballots'],
  ])('refuses %j naming %s', (ballots, field) => {
    const call = () => countBallots(ids, 1, ballots as Array<Record<string, Choice>>);
    expect(call).toThrowError(RuleInputError);
    expect(call).toThrowError(expect.objectContaining({ field }));
  });

  it.each([
    [[], 1, 'nomineeIds'],
    [ids, 0, 'seats'],
    [ids, 3, 'seats'],
  ])('refuses nominees %j with %s posts naming %s', (nominees, seats, field) => {
    expect(() => countBallots(nominees, seats, [])).toThrowError(expect.objectContaining({ field }));
  });
});
