// Generators of votes that could really happen: counts always come from ballots, so every
// generated DecideInput is consistent by construction and the engine must answer it.
import fc from 'fast-check';
import { countBallots, type BarRule, type Choice, type DecideInput, type PassRule } from '../../src/rules/index';

export interface Vote {
  due: number;
  present: number;
  seats: number;
  nomineeIds: string[];
  ballots: Array<Record<string, Choice>>;
  passRule: PassRule;
  barRule: BarRule;
}

const choiceArb = fc.constantFrom<Choice>('approve', 'disapprove', 'abstain');

/** R8: a ballot approving more nominees than posts has its extra approvals turned to abstain. */
function capApprovals(ids: string[], seats: number, picks: Choice[]): Record<string, Choice> {
  let approvals = 0;
  const ballot: Record<string, Choice> = {};
  ids.forEach((id, i) => {
    let choice = picks[i]!;
    if (choice === 'approve' && ++approvals > seats) choice = 'abstain';
    ballot[id] = choice;
  });
  return ballot;
}

export const voteArb = (opts: { maxDue?: number; maxNominees?: number; competitive?: boolean } = {}): fc.Arbitrary<Vote> =>
  fc
    .record({
      due: fc.integer({ min: 1, max: opts.maxDue ?? 25 }),
      n: opts.competitive ? fc.integer({ min: 2, max: opts.maxNominees ?? 6 }) : fc.integer({ min: 1, max: opts.maxNominees ?? 6 }),
    })
    .chain(({ due, n }) =>
      fc
        .record({
          seats: n === 1 ? fc.constant(1) : fc.integer({ min: 1, max: n - 1 }),
          cast: fc.integer({ min: 0, max: due }),
          // A bias towards approval makes passing (and ties among passing nominees) common.
          picks: fc.array(fc.array(fc.oneof(choiceArb, fc.constant<Choice>('approve')), { minLength: n, maxLength: n }), {
            minLength: due,
            maxLength: due,
          }),
          extraPresent: fc.integer({ min: 0, max: due }),
          passRule: fc.constantFrom<PassRule>('majority', 'two-thirds'),
          barRule: fc.constantFrom<BarRule>('disapprove-half', 'not-approved'),
        })
        .map(({ seats, cast, picks, extraPresent, passRule, barRule }) => {
          const nomineeIds = Array.from({ length: n }, (_, i) => `nominee-${i}`);
          return {
            due,
            present: Math.min(due, cast + extraPresent),
            seats,
            nomineeIds,
            ballots: picks.slice(0, cast).map((p) => capApprovals(nomineeIds, seats, p)),
            passRule,
            barRule,
          };
        }),
    );

export function toInput(vote: Vote): DecideInput {
  return {
    due: vote.due,
    present: vote.present,
    cast: vote.ballots.length,
    seats: vote.seats,
    passRule: vote.passRule,
    barRule: vote.barRule,
    nominees: countBallots(vote.nomineeIds, vote.seats, vote.ballots),
  };
}

/** The smallest present count meeting R1, computed without the engine's formula. */
export const minQuorum = (due: number) => Math.ceil((2 * due) / 3);
