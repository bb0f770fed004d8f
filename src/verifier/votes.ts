/**
 * Checks over whole votes: tokens (batched, by a TokenGroupsVerifier), ballot signatures and binding, ballot keys, the
 * order of ballots, ballots ≤ issued, and every count, decision, bar and announcement
 * recomputed from the ballots by src/rules — never taken from the tally entry.
 */
import type { SignedBallot } from '../../crypto/ballot';
import { hexToBytes } from '../../crypto/bytes';
import { canonicalize } from '../../crypto/jcs';
import { barLiftsOn, countBallots, decideItem, reconsiderationPasses, RuleInputError, type Choice, type NomineeCount } from '../rules';
import type { GroupVerdict, TokenGroup } from './backends';
import { CheckFailure, type CheckBook } from './checks';
import type { Fields, Klass } from './fields';
import type { LoggedBallot, MeetingModel, Vote } from './model';

const CLASSES = ['A', 'B'] as const;
/** The one "nominee" of a reconsideration motion ballot (docs/record-spec.md §7). */
export const MOTION_CHOICE = 'reconsider';

function where(v: Vote): string {
  return `${v.purpose === 'motion' ? 'motion on ' : ''}${v.item} round ${v.round}`;
}

/** The item field a ballot of this vote carries (a motion's own subject, src/domain/live/keys.ts). */
function subjectOf(v: Vote): string {
  return v.purpose === 'motion' ? `${v.item}#motion` : v.item;
}

function ballotsOf(v: Vote, klass: Klass): LoggedBallot[] {
  return v.ballots.filter((b) => b.klass === klass);
}

/** Where each token group came from, to name the entries of its bad tokens. */
export interface TokenPlan {
  groups: TokenGroup[];
  sources: Array<{ v: Vote; klass: Klass; ballots: LoggedBallot[] }>;
}

/** One group per (item, round, class): one issuer key each (crypto/batch-verify). */
export function planTokens(model: MeetingModel): TokenPlan {
  const plan: TokenPlan = { groups: [], sources: [] };
  for (const v of model.votes) {
    for (const klass of CLASSES) {
      const key = v.keys[klass];
      const ballots = ballotsOf(v, klass);
      if (!key || ballots.length === 0) continue;
      plan.groups.push({
        publicKey: key.publicKey,
        tokens: ballots.map((b) => ({
          keyId: hexToBytes(b.ballot.key_id, 32),
          ballotPk: hexToBytes(b.ballot.ballot_pk, 32),
          signature: hexToBytes(b.ballot.token_sig, 48),
        })),
      });
      plan.sources.push({ v, klass, ballots });
    }
  }
  return plan;
}

/** Records token-signatures from one verdict per planned group: the first failing group, in vote order. */
export function recordTokenVerdicts(plan: TokenPlan, verdicts: readonly GroupVerdict[], book: CheckBook): void {
  book.run('token-signatures', () => {
    if (verdicts.length !== plan.groups.length) throw new Error(`token verifier answered ${verdicts.length} of ${plan.groups.length} groups`);
    let n = 0;
    plan.sources.forEach(({ v, klass, ballots }, i) => {
      const verdict = verdicts[i]!;
      if (verdict.error !== undefined) throw new Error(verdict.error);
      if (!verdict.ok) {
        const bad = verdict.bad.map((j) => ballots[j]!.entry);
        throw new CheckFailure('token-signatures', `${bad.length} token(s) of ${where(v)} class ${klass} do not verify (entries ${bad.join(', ')})`, bad[0]);
      }
      n += ballots.length;
    });
    return `${n} tokens`;
  });
}

/** Every ballot whose signature is checked, in the order recordBallotSignatures reads verdicts. */
export function ballotsToSign(model: MeetingModel): SignedBallot[] {
  return model.votes.flatMap((v) => v.ballots.map((b) => b.ballot));
}

/** Records ballot-signatures from one verdict per ballotsToSign(model), with each ballot's binding to its vote. */
export function recordBallotSignatures(model: MeetingModel, verdicts: readonly boolean[], book: CheckBook): void {
  book.run('ballot-signatures', () => {
    if (verdicts.length !== model.votes.reduce((n, v) => n + v.ballots.length, 0)) throw new Error('signature verifier answered for the wrong number of ballots');
    let k = 0;
    for (const v of model.votes) {
      for (const b of v.ballots) {
        if (!verdicts[k++]) throw new CheckFailure('ballot-signatures', `ballot ${b.ballot.ballot_pk} signature does not verify`, b.entry);
        const { meeting, item, round } = b.ballot;
        if (meeting !== model.agenda.meeting || item !== subjectOf(v) || round !== v.round || b.ballot.class !== b.klass) {
          throw new CheckFailure('ballot-signatures', `ballot names ${meeting}/${item} round ${round} class ${b.ballot.class} but its key is of ${where(v)} class ${b.klass}`, b.entry);
        }
      }
    }
    return `${model.ballots.length} ballots`;
  });
}

/** ballot-key-unique, ballot-order, ballots-within-issued: no cryptography. */
export function checkBallotKeys(model: MeetingModel, book: CheckBook): void {
  book.run('ballot-key-unique', () => {
    const seen = new Map<string, number>();
    for (const b of model.ballots) {
      const first = seen.get(b.ballot.ballot_pk);
      if (first !== undefined) throw new CheckFailure('ballot-key-unique', `ballot key ${b.ballot.ballot_pk} already used at entry ${first}`, b.entry);
      seen.set(b.ballot.ballot_pk, b.entry);
    }
    return `${seen.size} distinct ballot keys`;
  });
  book.run('ballot-order', () => {
    for (const v of model.votes) {
      const bs = v.ballots;
      if (bs.length === 0) continue;
      // design.md: a vote's ballots go into the log together at its close, sorted by leaf
      // hash, so the log does not reveal the order in which they arrived.
      const firstEntry = bs[0]!.entry;
      bs.forEach((b, j) => {
        if (b.entry !== firstEntry + j) throw new CheckFailure('ballot-order', `ballots of ${where(v)} are not logged together`, b.entry);
        if (j > 0 && bs[j - 1]!.leaf >= b.leaf) throw new CheckFailure('ballot-order', `ballots of ${where(v)} are not sorted by leaf hash`, b.entry);
      });
      if (!v.close || v.close.entry < bs[bs.length - 1]!.entry) throw new CheckFailure('ballot-order', `ballots of ${where(v)} are not followed by its close`, bs[bs.length - 1]!.entry);
    }
    return `${model.votes.length} votes`;
  });
  book.run('ballots-within-issued', () => {
    for (const v of model.votes) {
      for (const klass of CLASSES) {
        const cast = ballotsOf(v, klass);
        const issued = v.issued[klass].size;
        if (cast.length > issued) {
          throw new CheckFailure('ballots-within-issued', `${where(v)} class ${klass}: ${cast.length} ballots for ${issued} tokens issued`, cast[issued]!.entry);
        }
      }
    }
    return 'ballots ≤ issued ≤ present in every vote';
  });
}

function expectEqual(check: 'tally-counts' | 'tally-decision' | 'reconsideration' | 'bars', entry: number, what: string, logged: unknown, computed: unknown): void {
  // Canonical JSON (RFC 8785): member order does not matter, values do.
  const a = canonicalize(logged);
  const b = canonicalize(computed);
  if (a !== b) {
    throw new CheckFailure(check, `${what}: the log says ${a}, recomputed ${b}`, entry);
  }
}

/** Counts from the ballots by the rules' own counter; a malformed ballot fails at its entry. */
function recount(nominees: string[], seats: number, ballots: LoggedBallot[], check: 'tally-counts'): NomineeCount[] {
  try {
    return countBallots(nominees, seats, ballots.map((b) => b.ballot.choices as Record<string, Choice>));
  } catch (e) {
    const m = e instanceof RuleInputError ? /^ballots\[(\d+)\]/.exec(e.field) : null;
    throw new CheckFailure(check, `a ballot's choices break the rules (R6, R8): ${(e as Error).message}`, m ? ballots[Number(m[1])]!.entry : undefined);
  }
}

interface Recomputed {
  v: Vote;
  counts: Record<Klass, NomineeCount[]>;
}

function checkClose(v: Vote): void {
  const close = v.close!;
  const issued = close.fields.sub('issued');
  const cast = close.fields.sub('cast');
  for (const klass of CLASSES) {
    expectEqual('tally-counts', close.entry, `${where(v)} close: class ${klass} issued`, issued.int(klass), v.issued[klass].size);
    expectEqual('tally-counts', close.entry, `${where(v)} close: class ${klass} cast`, cast.int(klass), ballotsOf(v, klass).length);
  }
}

function classCounts(v: Vote, klass: Klass, t: Fields, due: number): void {
  const present = v.open!.present[klass].length;
  const cast = ballotsOf(v, klass).length;
  const e = t.entry;
  if (klass === 'A') expectEqual('tally-counts', e, `${where(v)} A due`, t.int('due'), due);
  expectEqual('tally-counts', e, `${where(v)} ${klass} present`, t.int('present'), present);
  expectEqual('tally-counts', e, `${where(v)} ${klass} issued`, t.int('issued'), v.issued[klass].size);
  expectEqual('tally-counts', e, `${where(v)} ${klass} cast`, t.int('cast'), cast);
  // R6: "not cast" is those present who cast no ballot.
  expectEqual('tally-counts', e, `${where(v)} ${klass} not cast`, t.int('notCast'), present - cast);
}

function nomineeCounts(t: Fields): Array<{ id: string; approve: number; disapprove: number; abstain: number }> {
  return t.objects('nominees').map((n) => ({ id: n.str('id'), approve: n.int('approve'), disapprove: n.int('disapprove'), abstain: n.int('abstain') }));
}

export function checkTallies(model: MeetingModel, book: CheckBook): void {
  const { agenda } = model;
  const due = agenda.due.length;
  const recomputed: Recomputed[] = [];
  const motions = new Map<Vote, number>();
  book.run('tally-counts', () => {
    for (const v of model.votes) {
      if (!v.close) continue;
      checkClose(v);
      if (v.purpose === 'motion') {
        if (!v.reconsider) throw new CheckFailure('tally-counts', `${where(v)} closed without its result`, v.close.entry);
        const m = v.reconsider.fields.sub('motion');
        const bs = ballotsOf(v, 'A');
        // R10: a motion ballot is one clear choice on the single question MOTION_CHOICE.
        const [c] = recount([MOTION_CHOICE], 1, bs, 'tally-counts');
        const logged = { due: m.int('due'), present: m.int('present'), issued: m.int('issued'), cast: m.int('cast'), notCast: m.int('notCast'), yes: m.int('yes'), no: m.int('no'), abstain: m.int('abstain') };
        const present = v.open!.present.A.length;
        const computed = { due, present, issued: v.issued.A.size, cast: bs.length, notCast: present - bs.length, yes: c!.approve, no: c!.disapprove, abstain: c!.abstain };
        expectEqual('tally-counts', v.reconsider.entry, `${where(v)} motion counts`, logged, computed);
        motions.set(v, computed.yes);
        continue;
      }
      if (!v.tally) throw new CheckFailure('tally-counts', `${where(v)} closed without a tally`, v.close.entry);
      const item = agenda.items.get(v.item)!;
      const t = v.tally.fields;
      const counts = {} as Record<Klass, NomineeCount[]>;
      for (const klass of CLASSES) {
        const ct = t.sub(klass);
        classCounts(v, klass, ct, due);
        // R4: A and B are counted separately; B never reaches a decision.
        counts[klass] = recount(item.nominees, item.seats, ballotsOf(v, klass), 'tally-counts');
        expectEqual('tally-counts', t.entry, `${where(v)} ${klass} nominee counts`, nomineeCounts(ct), counts[klass]);
      }
      recomputed.push({ v, counts });
    }
    return `${recomputed.length} tallies recounted`;
  });
  if (book.failed('tally-counts')) {
    for (const c of ['tally-decision', 'reconsideration', 'bars', 'announced-equals-tally'] as const) book.skip(c, 'counts do not hold');
    return;
  }
  const barred = new Map<Vote, string[]>();
  book.run('tally-decision', () => {
    for (const { v, counts } of recomputed) {
      const item = agenda.items.get(v.item)!;
      const a = v.tally!.fields.sub('A');
      // The committee's policies (R2's majority, R3's bar) as the meeting entry logs them.
      const rule = { passRule: item.passRule, majority: agenda.policies.majority, barRule: agenda.policies.bar, seats: item.seats };
      // R1, R2, R3, R8 by the rules engine, from the recounted A ballots only (R4).
      const decision = decideItem({ due, present: v.open!.present.A.length, cast: ballotsOf(v, 'A').length, ...rule, nominees: counts.A, itemKind: item.kind });
      const e = v.tally!.entry;
      expectEqual('tally-decision', e, `${where(v)} rule`, a.sub('rule').obj, rule);
      const d = a.sub('decision');
      expectEqual('tally-decision', e, `${where(v)} decision`, { quorate: d.bool('quorate'), undecidedSeats: d.int('undecidedSeats') }, { quorate: decision.quorate, undecidedSeats: decision.undecidedSeats });
      const logged = a.objects('nominees').map((n) => ({ id: n.str('id'), approved: n.bool('approved'), barred: n.bool('barred') }));
      expectEqual('tally-decision', e, `${where(v)} nominee outcomes`, logged, decision.nominees);
      barred.set(v, decision.nominees.filter((n) => n.barred).map((n) => n.id));
    }
    return `${recomputed.length} decisions recomputed`;
  });
  book.run('reconsideration', () => {
    let n = 0;
    for (const v of model.votes) {
      if (v.purpose !== 'motion') continue;
      if (v.close && !v.reconsider) throw new CheckFailure('reconsideration', `${where(v)} closed without its result`, v.close.entry);
      if (!v.reconsider) continue;
      const f = v.reconsider.fields;
      // R10: reconsideration needs more than half of those DUE, or half or more under 002's policy.
      expectEqual('reconsideration', f.entry, `${where(v)} rule`, f.str('rule'), agenda.policies.motion);
      const passed = reconsiderationPasses(due, motions.get(v) ?? 0, agenda.policies.motion);
      expectEqual('reconsideration', f.entry, `${where(v)} passed`, f.bool('passed'), passed);
      // R10: a passed motion marks the round reconsidered and opens the next one.
      const marks = { reconsideredRound: f.obj.reconsideredRound, nextRound: f.obj.nextRound };
      expectEqual('reconsideration', f.entry, `${where(v)} rounds`, marks, passed ? { reconsideredRound: v.round, nextRound: v.round + 1 } : { reconsideredRound: null, nextRound: null });
      n++;
    }
    return `${n} motions`;
  });
  if (book.failed('tally-decision')) {
    book.skip('bars', 'decisions do not hold');
  } else {
    book.run('bars', () => {
      let n = 0;
      // The first form (docs/record-spec.md §6.1): R10 as it was, a passed motion withdrew
      // exactly the reconsidered round's bars; a failed one none.
      for (const v of model.votes) {
        const f = v.purpose === 'motion' ? v.reconsider?.fields : undefined;
        if (!f || !Object.hasOwn(f.obj, 'barsWithdrawn')) continue;
        const round = model.votes.find((x) => x.purpose === 'vote' && x.item === v.item && x.round === v.round);
        const expected = f.bool('passed') && round?.tally ? round.tally.fields.list('bars') : [];
        expectEqual('bars', f.entry, `${where(v)} bars withdrawn`, f.list('barsWithdrawn'), expected);
      }
      for (const { v } of recomputed) {
        const t = v.tally!.fields;
        const item = agenda.items.get(v.item)!;
        const logged = t.objects('bars').map((b) => {
          // R3, R14: the vote's date is the meeting's date, and the bar lifts on the same calendar
          // date a year later.
          expectEqual('bars', t.entry, `bar on ${b.str('nominee')} vote date`, b.str('voteDate'), agenda.date);
          expectEqual('bars', t.entry, `bar on ${b.str('nominee')} lifts on`, b.str('liftsOn'), barLiftsOn(agenda.date));
          expectEqual('bars', t.entry, `bar on ${b.str('nominee')} rule`, b.str('rule'), agenda.policies.bar);
          return { nominee: b.str('nominee'), post: b.str('post') };
        });
        // In the item's nominee order, as decideItem lists them.
        const computed = (barred.get(v) ?? []).map((nominee) => ({ nominee, post: item.postId }));
        expectEqual('bars', t.entry, `${where(v)} bars`, logged, computed);
        // R10: the bars of the reconsidered round stood until this tally, which replaces exactly
        // them; round 1 replaces none.
        const earlier = model.votes.find((x) => x.purpose === 'vote' && x.item === v.item && x.round === v.round - 1);
        const replaced = v.round > 1 && earlier?.tally ? earlier.tally.fields.list('bars') : [];
        expectEqual('bars', t.entry, `${where(v)} bars replaced`, t.list('barsReplaced'), replaced);
        n += computed.length;
      }
      return `${n} bars`;
    });
  }
  book.run('announced-equals-tally', () => {
    let n = 0;
    for (const v of model.votes) if (v.announced !== undefined) n++;
    return `${n} results announced`;
  });
}
