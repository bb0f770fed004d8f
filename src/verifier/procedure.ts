/**
 * The procedure around the arithmetic (issue 14): what the rules require of the meeting as the
 * log tells it, beyond recounting ballots. Each function is one check of CHECKS; the rules'
 * own functions (src/rules) decide, so the service and the verifier apply one definition.
 */
import { consultationMayClose, consultationWindowOk, MAX_CONSULTATION_DAYS, competitiveRatioOk, MAX_NOMINEES_PER_MEETING, meetingNomineesOk, quorumMet, removalShapeOk, secretarySpeaksLast, standingRound } from '../rules';
import { CheckFailure, type CheckBook } from './checks';
import type { MeetingModel, Vote } from './model';
import { compareCodePoints } from './order';

function where(v: Vote): string {
  return `${v.purpose === 'motion' ? 'motion on ' : ''}${v.item} round ${v.round}`;
}


/** agenda: R5 over the whole agenda, R8's ratio on every competitive item, under the policy the record states. */
export function checkAgenda(model: MeetingModel, book: CheckBook): void {
  book.run('agenda', () => {
    const { items } = model.agenda;
    const nominees = [...items.values()].flatMap((it) => it.nominees);
    // R5 (and R15: one person is one nominee): at most 30 distinct nominees a meeting.
    if (!meetingNomineesOk(nominees)) {
      throw new CheckFailure('agenda', `${new Set(nominees).size} distinct nominees on the agenda; R5 allows ${MAX_NOMINEES_PER_MEETING}`, 0);
    }
    for (const it of items.values()) {
      if (new Set(it.nominees).size !== it.nominees.length) throw new CheckFailure('agenda', `item ${it.id} names a nominee twice`, 0);
      // A removal names exactly one person for one post (docs/full-committee.md §2), voted or not.
      if (it.kind === 'removal' && !removalShapeOk(it.nominees.length, it.seats, it.openSelection)) {
        throw new CheckFailure('agenda', `removal ${it.id} names ${it.nominees.length} person(s) for ${it.seats} seat(s)${it.openSelection ? ' as an open selection' : ''}; a removal is one person for one post`, 0);
      }
      // R8: n nominees for k seats meet the committee's minimum ratio (1:1 is a plain item).
      if (!competitiveRatioOk(it.nominees.length, it.seats, it.openSelection, model.agenda.policies.ratio)) {
        throw new CheckFailure('agenda', `item ${it.id}: ${it.nominees.length} nominees for ${it.seats} seat(s)${it.openSelection ? ' (open selection)' : ''} does not meet R8's ratio under the ${model.agenda.policies.ratio} policy`, 0);
      }
      // R9: an item takes up a postponement of ANOTHER (earlier) meeting.
      if (it.followsUp && it.followsUp.meeting === model.agenda.meeting) throw new CheckFailure('agenda', `item ${it.id} takes up an item of its own meeting`, 0);
    }
    // Each agenda place holds one item.
    const positions = [...items.values()].map((it) => it.position);
    if (new Set(positions).size !== positions.length) throw new CheckFailure('agenda', 'two items share a position on the agenda', 0);
    // R13: alternate members (候补委员) sit only in a full committee.
    if (model.agenda.committeeKind !== 'full' && model.agenda.alternates.length > 0) {
      throw new CheckFailure('agenda', `alternate member ${model.agenda.alternates[0]} in a standing committee (R13)`, 0);
    }
    return `${new Set(nominees).size} nominees on ${items.size} items`;
  });
}

/** Whether two records were confirmed to be different people (either names the other). */
function confirmedDistinct(a: { id: string; distinctFrom: string[] }, b: { id: string; distinctFrom: string[] }): boolean {
  return a.distinctFrom.includes(b.id) || b.distinctFrom.includes(a.id);
}

function requireSortedIds(ids: string[], self: string, what: string): void {
  ids.forEach((id, j) => {
    if (id === self) throw new CheckFailure('identity', `${what} is confirmed distinct from itself`, 0);
    if (j > 0 && compareCodePoints(ids[j - 1]!, id) >= 0) throw new CheckFailure('identity', `${what}: distinctFrom is not ascending without repeats`, 0);
  });
}

/**
 * identity: R15 within what one record shows. One roster row per person; two rows with the same
 * name (byte for byte) only when the clerk confirmed they are different people (distinctFrom);
 * likewise two nominee ids with the same name and birth date; one nominee id always the same
 * person. At most one secretary, on the due roster (R11). The service compares names more
 * loosely (rules/identity.ts); exact bytes here keep the check free of Unicode tables.
 */
export function checkIdentity(model: MeetingModel, book: CheckBook): void {
  book.run('identity', () => {
    const { roster } = model.agenda;
    const seen = new Set<string>();
    for (const r of roster) {
      if (seen.has(r.person)) throw new CheckFailure('identity', `${r.person} is on the roster twice`, 0);
      seen.add(r.person);
      requireSortedIds(r.distinctFrom, r.person, `roster entry ${r.person}`);
    }
    for (const [j, a] of roster.entries()) {
      for (const b of roster.slice(j + 1)) {
        if (a.name === b.name && !confirmedDistinct({ id: a.person, distinctFrom: a.distinctFrom }, { id: b.person, distinctFrom: b.distinctFrom })) {
          throw new CheckFailure('identity', `roster entries ${a.person} and ${b.person} have the same name and were not confirmed to be different people (R15)`, 0);
        }
      }
    }
    const secretaries = roster.filter((r) => r.role === 'secretary');
    if (secretaries.length > 1) throw new CheckFailure('identity', `${secretaries.length} secretaries on the roster; a committee has one (R11)`, 0);
    const byId = new Map<string, { id: string; name: string; birthDate: string; distinctFrom: string[] }>();
    for (const it of model.agenda.items.values()) {
      for (const n of it.nomineeRows) {
        requireSortedIds(n.distinctFrom, n.id, `nominee ${n.id}`);
        const other = byId.get(n.id);
        if (other && (other.name !== n.name || other.birthDate !== n.birthDate || !sameIds(other.distinctFrom, n.distinctFrom))) {
          throw new CheckFailure('identity', `nominee ${n.id} is described two ways on the agenda`, 0);
        }
        byId.set(n.id, n);
      }
    }
    const nominees = [...byId.values()];
    for (const [j, a] of nominees.entries()) {
      for (const b of nominees.slice(j + 1)) {
        if (a.name === b.name && a.birthDate === b.birthDate && !confirmedDistinct(a, b)) {
          throw new CheckFailure('identity', `nominees ${a.id} and ${b.id} have the same name and birth date and were not confirmed to be different people (R15)`, 0);
        }
      }
    }
    return `${roster.length} roster entries, ${nominees.length} nominees`;
  });
}

/**
 * discussion: R11. A `discussion` entry (optional: the presiding officer records it when the
 * room discussed the item) is one per item and round, written before that round's keys and,
 * in a later round, after the passed motion that opened it; each speaker is on the roster and
 * not excused, named as the roster names them, once; the secretary, if they spoke, spoke last.
 */
export function checkDiscussions(model: MeetingModel, book: CheckBook): void {
  book.run('discussion', () => {
    const { roster, excused, secretary } = model.agenda;
    const seen = new Set<string>();
    for (const d of model.discussions) {
      const key = `${d.item}|${d.round}`;
      if (seen.has(key)) throw new CheckFailure('discussion', `${d.item} round ${d.round} discussed twice`, d.entry);
      seen.add(key);
      // Non-blank as §6 says it (String.prototype.trim), as the service refuses it at input.
      if (d.introducedBy.trim() === '') throw new CheckFailure('discussion', `${d.item} round ${d.round}: nobody is named as introducing it`, d.entry);
      const opened = model.votes.find((v) => v.item === d.item && v.round === d.round && v.purpose === 'vote');
      const firstOfVote = opened ? Math.min(...Object.values(opened.keys).map((k) => k!.entry), opened.open?.entry ?? Infinity) : Infinity;
      if (firstOfVote < d.entry) throw new CheckFailure('discussion', `${d.item} round ${d.round} discussed after its vote opened`, d.entry);
      const motion = model.votes.find((v) => v.item === d.item && v.round === d.round - 1 && v.purpose === 'motion');
      const reached = d.round === 1 || (motion?.reconsider?.fields.obj.passed === true && motion.reconsider.entry < d.entry);
      if (!reached) throw new CheckFailure('discussion', `${d.item} round ${d.round} discussed before a passed reconsideration opened it (R10)`, d.entry);
      const names = new Set<string>();
      for (const s of d.speakers) {
        const row = roster.find((r) => r.person === s.person);
        if (!row) throw new CheckFailure('discussion', `speaker ${s.person} is not on the roster`, d.entry);
        if (excused.has(s.person)) throw new CheckFailure('discussion', `speaker ${s.person} is excused from the meeting`, d.entry);
        if (row.name !== s.name) throw new CheckFailure('discussion', `speaker ${s.person} is named "${s.name}", the roster says "${row.name}"`, d.entry);
        if (names.has(s.person)) throw new CheckFailure('discussion', `speaker ${s.person} listed twice`, d.entry);
        names.add(s.person);
      }
      // R11 (002 "县委书记不得提前表态"): the secretary states a view after the others.
      if (!secretarySpeaksLast(d.speakers.map((s) => s.person), secretary)) {
        throw new CheckFailure('discussion', `in the discussion of ${d.item} round ${d.round} the secretary spoke before others (R11)`, d.entry);
      }
    }
    return `${model.discussions.length} discussions`;
  });
}

/** Two id lists equal element by element (ids may hold commas: never compare them joined). */
function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * quorum-at-open: R1 at every opening, votes and motions alike. A written consultation has no
 * room: everyone is asked, so its present lists are exactly the members not excused and every
 * class B row, and R1 holds on those asked (docs/full-committee.md §5).
 */
export function checkQuorum(model: MeetingModel, book: CheckBook): void {
  book.run('quorum-at-open', () => {
    const { agenda } = model;
    const due = agenda.due.length;
    if (agenda.meetingKind === 'consultation') {
      const askedA = agenda.due.filter((p) => !agenda.excused.has(p)).sort(compareCodePoints).join();
      const askedB = [...agenda.observers].sort(compareCodePoints).join();
      for (const v of model.votes) {
        if (!v.open) continue;
        if (v.open.present.A.join() !== askedA || v.open.present.B.join() !== askedB) {
          throw new CheckFailure('quorum-at-open', `${where(v)} of a consultation opened without asking everyone not excused (present ${v.open.present.A.length}+${v.open.present.B.length})`, v.open.entry);
        }
        // R1 on those asked: two-thirds of those due could answer.
        if (!quorumMet(due, v.open.present.A.length)) {
          throw new CheckFailure('quorum-at-open', `${where(v)} of a consultation opened with ${v.open.present.A.length} of ${due} due asked (R1 needs 3 × asked ≥ 2 × due)`, v.open.entry);
        }
      }
      return `${model.votes.filter((v) => v.open).length} openings of a consultation, everyone asked`;
    }
    for (const v of model.votes) {
      if (!v.open) continue;
      const present = v.open.present.A.length;
      // R1: 3 × present ≥ 2 × due, counted from the members present at open.
      if (!quorumMet(due, present)) throw new CheckFailure('quorum-at-open', `${where(v)} opened with ${present} of ${due} due present (R1 needs 3 × present ≥ 2 × due)`, v.open.entry);
    }
    return `${model.votes.filter((v) => v.open).length} openings`;
  });
}

/**
 * consultation: a written consultation (docs/full-committee.md §5, src/rules/consultation.ts).
 * A sitting names no `closesOn` and no `close` names a `closedOn`. A consultation's window, its
 * date to `closesOn` inclusive, is 1 to 30 days; it has no reconsideration motion (R10); and
 * each `close` names the day it was closed, not before the meeting's date, and after `closesOn`
 * unless everyone asked (both classes present at open) had answered.
 */
export function checkConsultation(model: MeetingModel, book: CheckBook): void {
  book.run('consultation', () => {
    const { agenda } = model;
    const closes = model.votes.filter((v) => v.close);
    if (agenda.meetingKind !== 'consultation') {
      if (agenda.closesOn !== null) throw new CheckFailure('consultation', `a sitting names a closing day ${agenda.closesOn}`, 0);
      const dated = closes.find((v) => v.close!.fields.has('closedOn'));
      if (dated) throw new CheckFailure('consultation', `the close of ${where(dated)} names a day, as only a consultation's does`, dated.close!.entry);
      return 'a sitting';
    }
    if (agenda.closesOn === null) throw new CheckFailure('consultation', 'a consultation without a closing day', 0);
    if (!consultationWindowOk(agenda.date, agenda.closesOn)) {
      throw new CheckFailure('consultation', `the window ${agenda.date} to ${agenda.closesOn} is not 1 to ${MAX_CONSULTATION_DAYS} days`, 0);
    }
    const motion = model.votes.find((v) => v.purpose === 'motion');
    if (motion) throw new CheckFailure('consultation', `a reconsideration motion on ${motion.item} in a consultation (R10)`, motion.open?.entry ?? motion.keys.A?.entry);
    // Every item opens in the first write after `meeting`, in agenda order: item k's class A key,
    // class B key and `open` are entries 3k+1, 3k+2, 3k+3 (record-spec §3) — no item asked later
    // or apart from the others.
    if (model.votes.length > 0) {
      [...agenda.items.keys()].forEach((item, k) => {
        const v = model.votes.find((x) => x.item === item && x.round === 1 && x.purpose === 'vote');
        const at = [v?.keys.A?.entry, v?.keys.B?.entry, v?.open?.entry];
        if (at.some((e, j) => e !== 3 * k + 1 + j)) {
          throw new CheckFailure('consultation', `${item} is not opened with every item in the first write after the meeting entry (its keys and open at entries ${3 * k + 1}–${3 * k + 3})`, at.find((e) => e !== undefined) ?? 0);
        }
      });
    }
    for (const v of closes) {
      const f = v.close!.fields;
      if (!f.has('closedOn')) throw new CheckFailure('consultation', `the close of ${where(v)} does not name its day`, v.close!.entry);
      const closedOn = f.str('closedOn');
      if (closedOn < agenda.date) throw new CheckFailure('consultation', `${where(v)} closed on ${closedOn}, before the consultation began on ${agenda.date}`, v.close!.entry);
      const asked = (v.open?.present.A.length ?? 0) + (v.open?.present.B.length ?? 0);
      const cast = f.sub('cast');
      const answered = cast.int('A', 0) + cast.int('B', 0);
      if (answered > asked || !consultationMayClose({ closesOn: agenda.closesOn, today: closedOn, asked, answered })) {
        throw new CheckFailure('consultation', `${where(v)} closed on ${closedOn}, within the window to ${agenda.closesOn}, with ${answered} of ${asked} asked answered`, v.close!.entry);
      }
    }
    return `a consultation ${agenda.date} to ${agenda.closesOn}, ${closes.length} votes closed`;
  });
}

/** issuance-roll: a vote's `issued` entries, both classes, in one block right before its ballots and close, ascending by person. */
export function checkIssuanceRoll(model: MeetingModel, book: CheckBook): void {
  book.run('issuance-roll', () => {
    for (const v of model.votes) {
      const roll = [...v.issued.A, ...v.issued.B].map(([person, entry]) => ({ person, entry })).sort((x, y) => x.entry - y.entry);
      if (roll.length === 0) continue;
      roll.forEach((r, j) => {
        if (j > 0 && r.entry !== roll[j - 1]!.entry + 1) throw new CheckFailure('issuance-roll', `the issuance roll of ${where(v)} is not logged together`, r.entry);
        if (j > 0 && compareCodePoints(roll[j - 1]!.person, r.person) >= 0) throw new CheckFailure('issuance-roll', `the issuance roll of ${where(v)} is not sorted by person (or names one twice)`, r.entry);
      });
      const next = v.ballots[0]?.entry ?? v.close?.entry;
      const last = roll[roll.length - 1]!.entry;
      if (next !== last + 1) throw new CheckFailure('issuance-roll', `the issuance roll of ${where(v)} is not followed by its ballots and close`, last);
    }
    return `${model.votes.length} rolls`;
  });
}

/**
 * An item's status and round when the meeting ended, from the log alone: `postponed` (R9);
 * `pending` when never opened, or when a passed motion opened a round not held (round + 1);
 * `announced` when its last round was tallied and announced; `closed` (tallied, unannounced)
 * and `open` cannot end a meeting (R12; no vote open at the end) but are named for the report.
 */
function finalState(model: MeetingModel, item: string): { status: string; round: number; standingRound: number | null } {
  const rounds = model.votes.filter((v) => v.item === item && v.purpose === 'vote');
  // R10: the last tallied round stands; a reconsidered round not voted again keeps its result.
  const standing = standingRound(rounds.filter((v) => v.tally).map((v) => v.round));
  const postponed = model.postponed.get(item);
  if (postponed !== undefined) return { status: 'postponed', round: postponed, standingRound: standing };
  const last = rounds[rounds.length - 1];
  if (!last) return { status: 'pending', round: 1, standingRound: standing };
  const motion = model.votes.find((m) => m.purpose === 'motion' && m.item === item && m.round === last.round);
  if (motion?.reconsider?.fields.obj.passed === true) return { status: 'pending', round: last.round + 1, standingRound: standing };
  if (!last.tally) return { status: 'open', round: last.round, standingRound: standing };
  return { status: last.announced === undefined ? 'closed' : 'announced', round: last.round, standingRound: standing };
}

/**
 * announced-before-end: R12, "a meeting cannot end while a closed vote is unannounced". Each
 * item's last tallied round — unless a passed motion reconsidered it, which a new round
 * replaces — is announced before the `end` entry. A log without `end` is a meeting still open.
 */
export function checkAnnouncedBeforeEnd(model: MeetingModel, book: CheckBook): void {
  book.run('announced-before-end', () => {
    if (model.ended === undefined) return 'the meeting has not ended';
    let n = 0;
    for (const v of model.votes) {
      if (v.purpose !== 'vote' || !v.tally) continue;
      // Every tally is announced (R12); a motion is moved only on an announced result (R10).
      if (v.announced === undefined) throw new CheckFailure('announced-before-end', `the result of ${where(v)} was never announced, yet the meeting ended (R12)`, model.ended);
      n++;
    }
    // The end entry states each agenda item's final status and round, and the round whose
    // result stands (R10), in agenda order.
    const logged = (model.endItems ?? []).map((f) => ({ id: f.str('id'), status: f.str('status'), round: f.int('round', 1), standingRound: f.obj.standingRound as number | null | undefined }));
    // The first form's end entry states no standing round (docs/record-spec.md §6.1).
    const states = logged.some((l) => l.standingRound !== undefined);
    const expected = [...model.agenda.items.keys()].map((id) => {
      const { standingRound, ...rest } = finalState(model, id);
      return states ? { id, ...rest, standingRound } : { id, ...rest };
    });
    const a = JSON.stringify(logged);
    const b = JSON.stringify(expected);
    if (a !== b) throw new CheckFailure('announced-before-end', `the end entry says ${a}, the log shows ${b}`, model.ended);
    return `${n} standing results announced`;
  });
}
