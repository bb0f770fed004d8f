import { barredChecked, requireBarRule, type BarRule } from './bar';
import { requireAtMost, requireCount, requireDue, requireItemShape, requireSeats } from './counts';
import { RuleInputError } from './errors';
import { barsApply, removalShapeOk, requireItemKind, type ItemKind } from './item-kind';
import { passesChecked, requirePassRule, type PassRule } from './pass';
import { requireMajorityPolicy, type MajorityPolicy } from './policies';

export interface NomineeCount { id: string; approve: number; disapprove: number; abstain: number }

export interface DecideInput {
  /** Voting members due to attend (R1, and the R2 / R3 denominator). */
  due: number;
  /** Members present when the vote was opened. */
  present: number;
  /** A ballots cast. */
  cast: number;
  /** Posts to fill: 1 for a plain item, k for a competitive one (R8). */
  seats: number;
  passRule: PassRule;
  /** R2's majority policy of the committee; 'more-than-half' (001) unless it chose 'half-or-more' (000). */
  majority?: MajorityPolicy;
  barRule: BarRule;
  /** A ballots only (R4): B ballots never reach a decision. */
  nominees: NomineeCount[];
  /** 'appointment' unless said; a removal is never barred (R3 is about nominations). */
  itemKind?: ItemKind;
}

export interface NomineeOutcome { id: string; approved: boolean; barred: boolean }

export interface Decision {
  /** R1; when false nobody is approved or barred. */
  quorate: boolean;
  /** Same order as the input. */
  nominees: NomineeOutcome[];
  /** Seats left unfilled: a tie across the last place, or too few nominees passing R2. */
  undecidedSeats: number;
}

/** Checks that the counts could come from one real vote; throws naming the first bad field. */
export function validateDecideInput(input: DecideInput): void {
  if (typeof input !== 'object' || input === null) throw new RuleInputError('input', 'must be an object');
  const due = requireDue(input.due);
  const present = requireAtMost(input.present, 'present', due, 'due');
  const cast = requireAtMost(input.cast, 'cast', present, 'present');
  const seats = requireSeats(input.seats);
  requirePassRule(input.passRule);
  if (input.majority !== undefined) requireMajorityPolicy(input.majority);
  requireBarRule(input.barRule);
  const nominees: unknown = input.nominees;
  if (!Array.isArray(nominees) || nominees.length === 0) {
    throw new RuleInputError('nominees', 'an item needs at least one nominee');
  }
  requireItemShape(nominees.length, seats);
  const kind = requireItemKind(input.itemKind ?? 'appointment', 'itemKind');
  if (kind === 'removal' && !removalShapeOk(nominees.length, seats, false)) {
    throw new RuleInputError('nominees', 'a removal names exactly one person for one post');
  }
  const seen = new Set<string>();
  let approvals = 0;
  nominees.forEach((nominee: unknown, i) => {
    const field = `nominees[${i}]`;
    if (typeof nominee !== 'object' || nominee === null) throw new RuleInputError(field, 'must be an object');
    const { id, approve, disapprove, abstain } = nominee as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') throw new RuleInputError(`${field}.id`, 'must be a non-empty string');
    if (seen.has(id)) throw new RuleInputError(`${field}.id`, `duplicate nominee ${id}`);
    seen.add(id);
    const a = requireCount(approve, `${field}.approve`);
    const d = requireCount(disapprove, `${field}.disapprove`);
    const s = requireCount(abstain, `${field}.abstain`);
    // R6: each cast ballot gives this nominee exactly one choice.
    if (a + d + s > cast) throw new RuleInputError(field, `${a + d + s} choices from ${cast} ballots cast`);
    approvals += a;
  });
  // R8: each ballot approves at most `seats` nominees.
  if (approvals > seats * cast) {
    throw new RuleInputError('nominees', `${approvals} approvals exceed ${seats} per ballot for ${cast} ballots`);
  }
}

/**
 * R2, R3 and R8 for one closed vote. Winners are the nominees ranked in the top `seats` by
 * approvals that also pass R2; a tie across the last place fills none of the tied places.
 */
export function decideItem(input: DecideInput): Decision {
  validateDecideInput(input);
  const { due, present, seats, passRule, barRule, nominees } = input;
  const majority = input.majority ?? 'more-than-half';
  // R1: a vote that should never have been opened decides nothing and bars no one.
  if (3 * present < 2 * due) {
    return {
      quorate: false,
      nominees: nominees.map(({ id }) => ({ id, approved: false, barred: false })),
      undecidedSeats: seats,
    };
  }
  const { winners, undecided } = pickWinners(due, seats, passRule, majority, nominees);
  const bars = barsApply(input.itemKind ?? 'appointment');
  return {
    quorate: true,
    nominees: nominees.map((nominee) => {
      const approved = winners.has(nominee.id);
      // A nominee whose place is tied is neither approved nor rejected: the item is voted
      // again (R8), so not even the 'not-approved' policy may bar them from that revote.
      const barred = bars && !undecided.has(nominee.id) && barredChecked(due, nominee.disapprove, approved, barRule);
      return { id: nominee.id, approved, barred };
    }),
    undecidedSeats: seats - winners.size,
  };
}

function pickWinners(
  due: number,
  seats: number,
  rule: PassRule,
  majority: MajorityPolicy,
  nominees: NomineeCount[],
): { winners: Set<string>; undecided: Set<string> } {
  // Only nominees passing R2 can win, so ranking them alone is the same as ranking everyone
  // and then dropping those who fail R2.
  const ranked = nominees
    .filter((n) => passesChecked(due, n.approve, rule, majority))
    .sort((x, y) => y.approve - x.approve);
  if (ranked.length <= seats) return { winners: new Set(ranked.map((n) => n.id)), undecided: new Set() };
  const last = ranked[seats - 1]!.approve;
  const firstOut = ranked[seats]!.approve;
  if (last > firstOut) return { winners: new Set(ranked.slice(0, seats).map((n) => n.id)), undecided: new Set() };
  // A tie across the last place: everyone strictly above the tie wins, the tied places stay open.
  return {
    winners: new Set(ranked.filter((n) => n.approve > last).map((n) => n.id)),
    undecided: new Set(ranked.filter((n) => n.approve === last).map((n) => n.id)),
  };
}
