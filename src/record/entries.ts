/**
 * Builders of the meeting log's entries (docs/record-spec.md §6 describes each). Every builder returns the
 * plain object that crypto/log-entry.ts turns into "sealvote/v1\n" || JCS(object).
 */
import type { SignedBallot } from '../../crypto/ballot';
import type { KeyStatement, Roll } from '../../crypto/coissuer-statements';
import type { LogEntryObject } from '../../crypto/log-entry';
import type { VotePurpose } from '../db/schema';

type Klass = 'A' | 'B';

export interface MeetingEntryInput {
  meeting: { id: string; title: string; date: string };
  /** `kind` (R13) is 'standing' unless said. */
  committee: { id: string; name: string; timeZone: string; barRule: string; kind?: string };
  /** `kind` is 'member' for class A and 'observer' for class B unless said. */
  roster: Array<{ personId: string; class: Klass; kind?: string; name: string; unit: string; title: string; excusedReason: string | null }>;
  items: Array<{
    /** `kind` is 'appointment' unless said. */
    item: { id: string; position: number; title: string; kind?: string; seats: number; openSelection: boolean; passRule: string; status: string; round: number };
    post: { id: string; unit: string; title: string };
    nominees: Array<{ id: string; name: string; birthDate: string; currentPost: string }>;
  }>;
  checkpointKey: string;
  /** docs/coissuance.md: who issues the meeting's tokens; the co-issuer's identity key when co-issued. Default: the service alone. */
  issuance?: { mode: 'service' } | { mode: 'coissued'; coissuer: string };
}

export function meetingEntry(m: MeetingEntryInput): LogEntryObject {
  const person = (a: MeetingEntryInput['roster'][number]) => ({ person: a.personId, name: a.name, unit: a.unit, title: a.title });
  return {
    type: 'meeting',
    meeting: { id: m.meeting.id, title: m.meeting.title, date: m.meeting.date },
    committee: { id: m.committee.id, name: m.committee.name, timeZone: m.committee.timeZone, barRule: m.committee.barRule, kind: m.committee.kind ?? 'standing' },
    due: m.roster.filter((a) => a.class === 'A').map((a) => ({ ...person(a), excused: a.excusedReason })),
    // Class B: observers (列席) and a full committee's alternate members (候补委员), told apart by kind (R13).
    observers: m.roster.filter((a) => a.class === 'B').map((a) => ({ ...person(a), kind: a.kind ?? 'observer' })),
    items: m.items.map(({ item, post, nominees }) => ({
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
      nominees: nominees.map((n) => ({ id: n.id, name: n.name, birthDate: n.birthDate, currentPost: n.currentPost })),
    })),
    checkpointKey: m.checkpointKey,
    issuance: m.issuance ?? { mode: 'service' },
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

export function closeEntry(v: VoteRef, issued: Record<Klass, number>, cast: Record<Klass, number>): LogEntryObject {
  return { type: 'close', ...v, issued, cast };
}

export interface ClassTally {
  due?: number;
  present: number;
  issued: number;
  cast: number;
  notCast: number;
  nominees: Array<{ id: string; approve: number; disapprove: number; abstain: number; approved?: boolean; barred?: boolean }>;
  decision?: { quorate: boolean; undecidedSeats: number };
  rule?: { passRule: string; barRule: string; seats: number };
}

export interface BarRecord {
  nominee: string;
  post: string;
  voteDate: string;
  liftsOn: string;
  rule: string;
}

export function tallyEntry(v: VoteRef, A: ClassTally, B: ClassTally, bars: BarRecord[]): LogEntryObject {
  return { type: 'tally', item: v.item, round: v.round, A, B, bars };
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

export function reconsiderEntry(item: string, round: number, motion: MotionCounts, passed: boolean, barsWithdrawn: BarRecord[]): LogEntryObject {
  return {
    type: 'reconsider',
    item,
    round,
    motion,
    passed,
    // R10: the earlier round stays in the record, marked as reconsidered.
    reconsideredRound: passed ? round : null,
    nextRound: passed ? round + 1 : null,
    barsWithdrawn,
  };
}

export function endEntry(meeting: string, items: Array<{ id: string; status: string; round: number }>): LogEntryObject {
  return { type: 'end', meeting, items };
}
