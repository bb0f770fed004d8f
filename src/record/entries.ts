/**
 * Builders of the meeting log's entries (docs/record-spec.md §6 describes each). Every builder returns the
 * plain object that crypto/log-entry.ts turns into "sealvote/v1\n" || JCS(object).
 */
import type { SignedBallot } from '../../crypto/ballot';
import type { KeyStatement, Roll } from '../../crypto/coissuer-statements';
import type { LogEntryObject } from '../../crypto/log-entry';
import type { VotePurpose } from '../db/schema';
import type { Dossier } from '../rules';

type Klass = 'A' | 'B';

export interface MeetingEntryInput {
  /** `kind`: a sitting unless said; a consultation's `closesOn` is its last day (docs/full-committee.md §5). */
  meeting: { id: string; title: string; date: string; kind?: string; closesOn?: string | null };
  /** `policies`: the committee's choices (src/rules/policies.ts), logged so the verifier decides by them; `kind` (R13) is 'standing' unless said. */
  committee: { id: string; name: string; timeZone: string; policies: { ratio: string; majority: string; bar: string; motion: string }; kind?: string };
  roster: Array<{
    personId: string;
    class: Klass;
    /** 'member' for class A and 'observer' for class B unless said. */
    kind?: string;
    name: string;
    unit: string;
    title: string;
    excusedReason: string | null;
    /** 'secretary': states a view last in the discussion (R11). */
    role: string | null;
    /** R15: roster entries the clerk confirmed to be other people of the same name (sorted ids). */
    distinctFrom: string[];
  }>;
  items: Array<{
    /** `kind` is 'appointment' unless said. */
    item: { id: string; position: number; title: string; kind?: string; seats: number; openSelection: boolean; passRule: string; status: string; round: number; nominates?: boolean; cites?: string | null };
    post: { id: string; unit: string; title: string };
    nominees: Array<{ id: string; name: string; birthDate: string; currentPost: string; distinctFrom: string[]; dossier?: Dossier | null }>;
    /** R9: the postponed item of an earlier meeting this item takes up. */
    followsUp: { meeting: string; item: string; postponeLeaf: string } | null;
  }>;
  checkpointKey: string;
  /** docs/coissuance.md: who issues the meeting's tokens; the co-issuer's identity key when co-issued. Default: the service alone. */
  issuance?: { mode: 'service' } | { mode: 'coissued'; coissuer: string };
}

export function meetingEntry(m: MeetingEntryInput): LogEntryObject {
  const person = (a: MeetingEntryInput['roster'][number]) => ({ person: a.personId, name: a.name, unit: a.unit, title: a.title, distinctFrom: a.distinctFrom });
  const p = m.committee.policies;
  return {
    type: 'meeting',
    meeting: { id: m.meeting.id, title: m.meeting.title, date: m.meeting.date, kind: m.meeting.kind ?? 'sitting', closesOn: m.meeting.closesOn ?? null },
    committee: { id: m.committee.id, name: m.committee.name, timeZone: m.committee.timeZone, policies: { ratio: p.ratio, majority: p.majority, bar: p.bar, motion: p.motion }, kind: m.committee.kind ?? 'standing' },
    due: m.roster.filter((a) => a.class === 'A').map((a) => ({ ...person(a), excused: a.excusedReason, role: a.role })),
    // Class B: observers (列席) and a full committee's alternate members (候补委员), told apart by kind (R13).
    observers: m.roster.filter((a) => a.class === 'B').map((a) => ({ ...person(a), kind: a.kind ?? 'observer' })),
    items: m.items.map(({ item, post, nominees, followsUp }) => ({
      id: item.id,
      position: item.position,
      title: item.title,
      kind: item.kind ?? 'appointment',
      round: item.round,
      status: item.status,
      post: { id: post.id, unit: post.unit, title: post.title },
      seats: item.seats,
      openSelection: item.openSelection,
      passRule: item.passRule,
      nominees: nominees.map((n) => ({ id: n.id, name: n.name, birthDate: n.birthDate, currentPost: n.currentPost, distinctFrom: n.distinctFrom, dossier: n.dossier ? dossierObject(n.dossier) : null })),
      followsUp,
      // R13 (docs/full-committee.md §4): a standing committee's nomination, and the standing vote a full committee's item decides on.
      nominates: item.nominates ?? false,
      cites: item.cites ? citationObject(JSON.parse(item.cites) as Citation) : null,
    })),
    checkpointKey: m.checkpointKey,
    issuance: m.issuance ?? { mode: 'service' },
  };
}

/** The standing committee's vote a full committee's item cites (docs/record-spec.md, docs/full-committee.md §4). */
export interface Citation {
  committee: string;
  meeting: string;
  item: string;
  round: number;
  /** The cited meeting's final checkpoint root, 64 hex digits. */
  tallyHash: string;
  kind: 'appointment' | 'removal';
  nominee: { id: string; name: string; birthDate: string };
  post: { id: string; unit: string; title: string };
}

/** Exactly the dossier's members, in the spec's names (docs/record-spec.md §6). */
export function dossierObject(d: Dossier): Dossier {
  return {
    source: d.source,
    recommender: d.recommender,
    relationship: d.relationship,
    declaration: d.declaration,
    recommendation: d.recommendation,
    examination: d.examination,
    reasons: d.reasons,
    vacancy: d.vacancy,
  };
}

/** Exactly the citation's members, whatever else was stored with it. */
function citationObject(c: Citation): Record<string, unknown> {
  return {
    committee: c.committee,
    meeting: c.meeting,
    item: c.item,
    round: c.round,
    tallyHash: c.tallyHash,
    kind: c.kind,
    nominee: { id: c.nominee.id, name: c.nominee.name, birthDate: c.nominee.birthDate },
    post: { id: c.post.id, unit: c.post.unit, title: c.post.title },
  };
}

export interface VoteRef {
  item: string;
  round: number;
  purpose: VotePurpose;
}

export function keyEntry(v: VoteRef, klass: Klass, publicKey: string, keyId: string): LogEntryObject {
  return { type: 'key', ...v, class: klass, public_key: publicKey, key_id: keyId };
}

/**
 * A co-issued vote's key (docs/coissuance.md §2.2): the combined key with both shares, each with
 * its proof of possession, and the co-issuer's signature over its key statement.
 */
export function coissuedKeyEntry(v: VoteRef, statement: KeyStatement, sig: string): LogEntryObject {
  return { type: 'key', ...v, class: statement.class, public_key: statement.public_key, key_id: statement.key_id, shares: statement.shares, coissuer_sig: sig };
}

/** The co-issuer's signed roll of one class of a closed vote (docs/coissuance.md §3.1). */
export function coissuedEntry(roll: Roll, sig: string): LogEntryObject {
  return { type: 'coissued', item: roll.item, round: roll.round, purpose: roll.purpose, class: roll.class, key_id: roll.key_id, present: roll.present, issued: roll.issued, sig };
}

export function openEntry(v: VoteRef, due: number, members: string[], observers: string[]): LogEntryObject {
  return { type: 'open', ...v, due, present: { members, observers }, presentCount: { A: members.length, B: observers.length } };
}

export function issuedEntry(v: VoteRef, klass: Klass, person: string): LogEntryObject {
  return { type: 'issued', ...v, class: klass, person };
}

export function ballotEntry(ballot: SignedBallot): LogEntryObject {
  return { type: 'ballot', ballot };
}

/** `closedOn`: a consultation's close only, the committee's calendar date it was closed on (docs/full-committee.md §5). */
export function closeEntry(v: VoteRef, issued: Record<Klass, number>, cast: Record<Klass, number>, closedOn?: string): LogEntryObject {
  return { type: 'close', ...v, issued, cast, ...(closedOn === undefined ? {} : { closedOn }) };
}

export interface ClassTally {
  due?: number;
  present: number;
  issued: number;
  cast: number;
  notCast: number;
  nominees: Array<{ id: string; approve: number; disapprove: number; abstain: number; approved?: boolean; barred?: boolean }>;
  decision?: { quorate: boolean; undecidedSeats: number };
  rule?: { passRule: string; majority: string; barRule: string; seats: number };
}

export interface BarRecord {
  nominee: string;
  post: string;
  voteDate: string;
  liftsOn: string;
  rule: string;
}

/**
 * `bars`: the bars this vote makes (R3). `barsReplaced`: the bars of the round it reconsiders,
 * which stood until this tally and end with it (R10); empty in round 1.
 */
export function tallyEntry(v: VoteRef, A: ClassTally, B: ClassTally, bars: BarRecord[], barsReplaced: BarRecord[]): LogEntryObject {
  return { type: 'tally', item: v.item, round: v.round, A, B, bars, barsReplaced };
}

export function postponeEntry(item: string, round: number, reason: string): LogEntryObject {
  return { type: 'postpone', item, round, reason };
}

export function announceEntry(item: string, round: number): LogEntryObject {
  return { type: 'announce', item, round };
}

export interface MotionCounts {
  due: number;
  present: number;
  issued: number;
  cast: number;
  notCast: number;
  yes: number;
  no: number;
  abstain: number;
}

/**
 * R10: a motion's result under the committee's motion policy (`rule`). A passed motion marks
 * the round reconsidered and opens the next; the round's bars stand until the next round's
 * tally replaces them (tally.barsReplaced).
 */
export function reconsiderEntry(item: string, round: number, motion: MotionCounts, rule: string, passed: boolean): LogEntryObject {
  return {
    type: 'reconsider',
    item,
    round,
    motion,
    rule,
    passed,
    // R10: the earlier round stays in the record, marked as reconsidered.
    reconsideredRound: passed ? round : null,
    nextRound: passed ? round + 1 : null,
  };
}

/**
 * `standingRound`: the round whose tally stands when the meeting ends: the last round tallied,
 * so an item reconsidered but never voted again keeps its earlier result (R10); null when the
 * item was never tallied (postponed, or not reached).
 */
export function endEntry(meeting: string, items: Array<{ id: string; status: string; round: number; standingRound: number | null }>): LogEntryObject {
  return { type: 'end', meeting, items };
}

/**
 * R11: the discussion before an item's vote, written before the vote's keys and `open`: who
 * introduced the item, and who stated a view, in order (names only, never what was said).
 */
export function discussionEntry(item: string, round: number, introducedBy: string, speakers: Array<{ person: string; name: string }>): LogEntryObject {
  return { type: 'discussion', item, round, introducedBy, speakers };
}
