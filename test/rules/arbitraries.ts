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

/**
 * R8: a ballot approves at most `seats` nominees; extra approvals (lowest priority first) are
 * turned to abstain, so which nominees keep their approval is random, not list order.
 */
function capApprovals(ids: string[], seats: number, picks: Array<{ choice: Choice; priority: number }>): Record<string, Choice> {
  const keep = new Set(
    picks
      .map((p, i) => ({ ...p, i }))
      .filter((p) => p.choice === 'approve')
      .sort((a, b) => a.priority - b.priority || a.i - b.i)
      .slice(0, seats)
      .map((p) => p.i),
  );
  const ballot: Record<string, Choice> = {};
  ids.forEach((id, i) => {
    const choice = picks[i]!.choice;
    ballot[id] = choice === 'approve' && !keep.has(i) ? 'abstain' : choice;
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
          // Full turnout is common in real committees and is where close races happen.
          cast: fc.oneof(fc.integer({ min: 0, max: due }), fc.constant(due)),
          // A bias towards approval makes passing (and ties among passing nominees) common.
          picks: fc.array(
            fc.array(
              fc.record({
                choice: fc.oneof({ arbitrary: fc.constant<Choice>('approve'), weight: 3 }, { arbitrary: choiceArb, weight: 2 }),
                priority: fc.nat(n),
              }),
              { minLength: n, maxLength: n },
            ),
            { minLength: due, maxLength: due },
          ),
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

/**
 * R8 close races: full turnout, every ballot approves exactly `seats` of the first seats + 1
 * nominees. Passing nominees then often outnumber the seats, so ties across the last place
 * (the hard case of R8) are frequent rather than rare.
 */
export const closeRaceArb = (): fc.Arbitrary<Vote> =>
  fc
    .record({ due: fc.integer({ min: 3, max: 25 }), seats: fc.integer({ min: 1, max: 3 }), extra: fc.integer({ min: 0, max: 2 }) })
    .chain(({ due, seats, extra }) => {
      const n = seats + 1 + extra;
      const nomineeIds = Array.from({ length: n }, (_, i) => `nominee-${i}`);
      const ballotArb = fc
        .record({
          leftOut: fc.nat(seats), // the front-runner this ballot does not approve
          rest: fc.array(fc.constantFrom<Choice>('disapprove', 'abstain'), { minLength: n, maxLength: n }),
        })
        .map(({ leftOut, rest }) => {
          const ballot: Record<string, Choice> = {};
          nomineeIds.forEach((id, i) => {
            ballot[id] = i <= seats && i !== leftOut ? 'approve' : rest[i]!;
          });
          return ballot;
        });
      return fc.record({
        due: fc.constant(due),
        present: fc.constant(due),
        seats: fc.constant(seats),
        nomineeIds: fc.constant(nomineeIds),
        ballots: fc.array(ballotArb, { minLength: due, maxLength: due }),
        passRule: fc.constantFrom<PassRule>('majority', 'two-thirds'),
        barRule: fc.constantFrom<BarRule>('disapprove-half', 'not-approved'),
      });
    });

/** Any competitive vote, close races included. */
export const competitiveVoteArb = (): fc.Arbitrary<Vote> =>
  fc.oneof(voteArb({ competitive: true, maxNominees: 7 }), closeRaceArb());
