/**
 * One pass over the log in order, building the meeting as the log tells it: the agenda, every
 * vote (item, round, purpose) with its keys, present lists, issuance roll, ballots, close,
 * tally and announcement. Order rules that only the position in the log can show are checked
 * here (keys before tokens, tokens only to those present, ballots only inside their vote);
 * everything that needs the whole vote is in votes.ts.
 */
import { parseSignedBallot, type SignedBallot } from '../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import type { LogEntryObject } from '../../crypto/log-entry';
import { issuerKeyId } from '../../crypto/issuer-key';
import { ITEM_KINDS, requirePolicies, type CommitteePolicies, type ItemKind, type PassRule } from '../rules';
import { CheckFailure, type CheckBook } from './checks';
import { Fields, type Klass, type Purpose } from './fields';
import { compareCodePoints } from './order';

export interface AgendaNominee {
  id: string;
  name: string;
  birthDate: string;
  distinctFrom: string[];
}

export interface AgendaItem {
  id: string;
  postId: string;
  seats: number;
  passRule: PassRule;
  openSelection: boolean;
  /** A removal is never barred (R3). */
  kind: ItemKind;
  /** The item's place on the agenda: one per item. */
  position: number;
  nominees: string[];
  nomineeRows: AgendaNominee[];
  /** R9: the postponed item of an earlier meeting this item takes up, and the postpone entry's leaf hash there. */
  followsUp: { meeting: string; item: string; postponeLeaf: string } | null;
}

/** A roster row of the meeting entry (due or observers). */
export interface RosterRow {
  person: string;
  name: string;
  klass: Klass;
  role: string | null;
  distinctFrom: string[];
}

export interface Agenda {
  meeting: string;
  date: string;
  timeZone: string;
  /** The committee's policies as the meeting entry states them (src/rules/policies.ts). */
  policies: CommitteePolicies;
  due: string[];
  /** Every roster row, due then observers, in the meeting entry's order. */
  roster: RosterRow[];
  /** The due member whose role is 'secretary' (the first, if the entry names several), or null. */
  secretary: string | null;
  excused: Set<string>;
  observers: string[];
  /** `sitting` unless the meeting entry says `consultation`; a consultation's last day, else null (docs/full-committee.md §5). */
  meetingKind: string;
  closesOn: string | null;
  /** `standing` unless the meeting entry says `full` (docs/record-spec.md §6). */
  committeeKind: string;
  /** Class B rows of kind `alternate` (候补委员, R13): a full committee's only. */
  alternates: string[];
  items: Map<string, AgendaItem>;
  serviceKey: string;
  /** docs/coissuance.md: the service alone, or with the co-issuer whose verifier key this is. */
  issuance: { mode: 'service' } | { mode: 'coissued'; coissuer: string };
}

export interface LoggedKey {
  klass: Klass;
  publicKey: Uint8Array;
  keyId: string;
  entry: number;
  vote: Vote;
  /** The key entry itself: a co-issued key's shares and the co-issuer's statement signature. */
  fields: Fields;
}

export interface LoggedBallot {
  entry: number;
  leaf: string;
  ballot: SignedBallot;
  klass: Klass;
}

export interface Vote {
  item: string;
  round: number;
  purpose: Purpose;
  keys: Partial<Record<Klass, LoggedKey>>;
  open?: { entry: number; due: number; present: Record<Klass, string[]> };
  issued: Record<Klass, Map<string, number>>;
  ballots: LoggedBallot[];
  close?: { entry: number; fields: Fields };
  tally?: { entry: number; fields: Fields };
  reconsider?: { entry: number; fields: Fields };
  announced?: number;
  /** docs/coissuance.md: the co-issuer's signed roll per class, after the close. */
  rolls: Partial<Record<Klass, { entry: number; fields: Fields }>>;
}

export interface Discussion {
  entry: number;
  item: string;
  round: number;
  introducedBy: string;
  speakers: Array<{ person: string; name: string }>;
}

export interface MeetingModel {
  agenda: Agenda;
  /** `discussion` entries (R11), in log order. */
  discussions: Discussion[];
  /** Items postponed (R9): id → the round that will not be held here. */
  postponed: Map<string, number>;
  /** The end entry's `items`, when the log has one. */
  endItems?: Fields[];
  votes: Vote[];
  /** Every ballot in log order. */
  ballots: LoggedBallot[];
  ended?: number;
}

export function voteId(item: string, round: number, purpose: Purpose): string {
  return `${item}|${round}|${purpose}`;
}

const PASS_RULES: readonly string[] = ['majority', 'two-thirds'];

/** The meeting entry's `issuance` (shapes.ts checked its form); a record without one is the service's alone. */
function readIssuance(f: Fields): Agenda['issuance'] {
  if (!f.has('issuance')) return { mode: 'service' };
  const i = f.sub('issuance');
  return i.str('mode') === 'coissued' ? { mode: 'coissued', coissuer: i.str('coissuer') } : { mode: 'service' };
}

function followsUpOf(fu: Fields): AgendaItem['followsUp'] {
  return { meeting: fu.str('meeting'), item: fu.str('item'), postponeLeaf: fu.str('postponeLeaf') };
}

function readAgenda(f: Fields, book: CheckBook, recordMeeting: string, serviceKey: string): Agenda {
  const meeting = f.sub('meeting');
  const committee = f.sub('committee');
  let policies: CommitteePolicies;
  try {
    policies = requirePolicies(committee.obj.policies, 'committee.policies');
  } catch (e) {
    return f.fail((e as Error).message);
  }
  const items = new Map<string, AgendaItem>();
  for (const it of f.objects('items')) {
    const passRule = it.str('passRule');
    if (!PASS_RULES.includes(passRule)) f.fail(`unknown pass rule ${passRule}`);
    // Absent in records made before removals existed: an appointment (docs/record-spec.md §6).
    const kind = it.has('kind') ? it.str('kind') : 'appointment';
    if (!ITEM_KINDS.includes(kind as ItemKind)) f.fail(`unknown item kind ${kind}`);
    const id = it.str('id');
    if (items.has(id)) f.fail(`item ${id} listed twice`);
    items.set(id, {
      id,
      postId: it.sub('post').str('id'),
      seats: it.int('seats', 1),
      passRule: passRule as PassRule,
      openSelection: it.bool('openSelection'),
      kind: kind as ItemKind,
      position: it.int('position', 1),
      nominees: it.objects('nominees').map((n) => n.str('id')),
      nomineeRows: it.objects('nominees').map((n) => ({ id: n.str('id'), name: String(n.obj.name), birthDate: n.str('birthDate'), distinctFrom: n.strings('distinctFrom') })),
      followsUp: it.obj.followsUp === null ? null : followsUpOf(it.sub('followsUp')),
    });
  }
  const dueRows = f.objects('due');
  const roster: RosterRow[] = [
    ...dueRows.map((d) => ({ person: d.str('person'), name: String(d.obj.name), klass: 'A' as const, role: (d.obj.role as string | null) ?? null, distinctFrom: d.strings('distinctFrom') })),
    ...f.objects('observers').map((o) => ({ person: o.str('person'), name: String(o.obj.name), klass: 'B' as const, role: null, distinctFrom: o.strings('distinctFrom') })),
  ];
  const agenda: Agenda = {
    meeting: meeting.str('id'),
    date: meeting.str('date'),
    timeZone: committee.str('timeZone'),
    policies,
    due: dueRows.map((d) => d.str('person')),
    roster,
    secretary: roster.find((r) => r.klass === 'A' && r.role === 'secretary')?.person ?? null,
    // Excused members stay DUE (R2 denominator) but cannot sign in.
    excused: new Set(dueRows.filter((d) => d.obj.excused !== null && d.obj.excused !== undefined).map((d) => d.str('person'))),
    observers: f.objects('observers').map((o) => o.str('person')),
    meetingKind: meeting.has('kind') ? meeting.str('kind') : 'sitting',
    closesOn: typeof meeting.obj.closesOn === 'string' ? meeting.obj.closesOn : null,
    committeeKind: committee.has('kind') ? committee.str('kind') : 'standing',
    alternates: f.objects('observers').filter((o) => o.obj.kind === 'alternate').map((o) => o.str('person')),
    items,
    serviceKey: f.str('checkpointKey'),
    issuance: readIssuance(f),
  };
  book.run('meeting-entry', () => {
    if (agenda.meeting !== recordMeeting) throw new CheckFailure('meeting-entry', `the log is of meeting ${agenda.meeting}, the record says ${recordMeeting}`, 0);
    if (agenda.serviceKey !== serviceKey) throw new CheckFailure('meeting-entry', 'the meeting entry names another checkpoint key than the record', 0);
    return `meeting ${agenda.meeting}: ${agenda.due.length} due, ${agenda.observers.length} observers, ${items.size} items`;
  });
  return agenda;
}

/** Builds the model; throws CheckFailure('entry-format' | 'meeting-entry') when it cannot. */
export function buildModel(
  objects: LogEntryObject[],
  leafHex: string[],
  book: CheckBook,
  record: { meeting: string; serviceKey: string },
): MeetingModel {
  const first = objects[0];
  if (!first || first.type !== 'meeting') throw new CheckFailure('meeting-entry', 'the log does not start with a meeting entry', 0);
  const agenda = readAgenda(new Fields(first, 0), book, record.meeting, record.serviceKey);
  const votes = new Map<string, Vote>();
  const keysById = new Map<string, LoggedKey>();
  const ballots: LoggedBallot[] = [];
  const model: MeetingModel = { agenda, discussions: [], votes: [], ballots, postponed: new Map() };
  const classOf = (person: string): Klass | null =>
    agenda.due.includes(person) ? 'A' : agenda.observers.includes(person) ? 'B' : null;

  const voteOf = (f: Fields, create: boolean, lateRoll = false): Vote => {
    const item = f.str('item');
    if (!agenda.items.has(item)) f.fail(`item ${item} is not on the agenda`);
    const round = f.int('round', 1);
    const purpose = f.has('purpose') ? f.purpose() : 'vote';
    const id = voteId(item, round, purpose);
    // R9: a postponed item is not voted again in this meeting (its key, open, roll, close,
    // tally or a motion); only a co-issuer roll of an earlier closed vote may still come.
    if (!lateRoll && model.postponed.has(item)) book.fail('tally-decision', `${purpose === 'motion' ? 'motion on ' : ''}${item} round ${round} after the item was postponed (R9)`, f.entry);
    let v = votes.get(id);
    if (!v) {
      if (!create) f.fail(`no vote ${purpose} of item ${item} round ${round} was opened before`);
      // R10: a later round only after a passed reconsideration of the one before; a motion
      // only on a round already tallied and announced (R12).
      if (purpose === 'vote' && round > 1 && votes.get(voteId(item, round - 1, 'motion'))?.reconsider?.fields.obj.passed !== true) {
        book.fail('reconsideration', `round ${round} of ${item} without a passed reconsideration of round ${round - 1} (R10)`, f.entry);
      }
      const moved = purpose === 'motion' ? votes.get(voteId(item, round, 'vote')) : undefined;
      if (purpose === 'motion' && !moved?.tally) {
        book.fail('reconsideration', `a reconsideration motion on ${item} round ${round}, which has no tally (R10)`, f.entry);
      } else if (purpose === 'motion' && moved?.announced === undefined) {
        book.fail('reconsideration', `a reconsideration motion on ${item} round ${round}, whose result was not announced (R12, R10)`, f.entry);
      }
      if (purpose === 'vote' && round === 1 && model.votes.some((x) => x.item === item && x.purpose === 'vote')) {
        book.fail('reconsideration', `item ${item} voted twice in round 1`, f.entry);
      }
      v = { item, round, purpose, keys: {}, issued: { A: new Map(), B: new Map() }, ballots: [], rolls: {} };
      votes.set(id, v);
      model.votes.push(v);
    }
    return v;
  };

  for (let i = 1; i < objects.length; i++) {
    try {
      readEntry(i);
    } catch (e) {
      if (e instanceof CheckFailure) throw e;
      // Malformed content (bad hex, an impossible key) is a malformed entry, never a crash.
      throw new CheckFailure('entry-format', `${objects[i]!.type} entry: ${(e as Error).message}`, i);
    }
  }
  return model;

  function readEntry(i: number): void {
    const obj = objects[i]!;
    const f = new Fields(obj, i);
    if (model.ended !== undefined) throw new CheckFailure('entry-format', 'an entry after the meeting ended', i);
    switch (obj.type) {
      case 'meeting':
        throw new CheckFailure('meeting-entry', 'a second meeting entry', i);
      case 'key': {
        const v = voteOf(f, true);
        const klass = f.klass();
        const publicKey = hexToBytes(f.str('public_key'), 96);
        const keyId = f.str('key_id');
        if (v.keys[klass]) book.fail('key-before-token', `a second class ${klass} key for ${v.item} round ${v.round}`, i);
        if (v.open) book.fail('key-before-token', `key logged after ${v.item} round ${v.round} opened`, i);
        // §6: opening a vote writes its class A key, then its class B key, then `open`.
        if (klass === 'B' && !v.keys.A) book.fail('key-before-token', `class B key of ${v.item} round ${v.round} logged before its class A key`, i);
        // The key id a token and a ballot carry is SHA-256(public key) (crypto/issuer-key).
        if (bytesToHex(issuerKeyId(publicKey)) !== keyId) book.fail('key-before-token', 'key_id is not SHA-256 of public_key', i);
        if (keysById.has(keyId)) book.fail('key-before-token', 'the same issuer key logged twice', i);
        const k: LoggedKey = { klass, publicKey, keyId, entry: i, vote: v, fields: f };
        v.keys[klass] = k;
        keysById.set(keyId, k);
        break;
      }
      case 'open': {
        const v = voteOf(f, true);
        if (v.open) f.fail(`${v.item} round ${v.round} opened twice`);
        // §6: a vote is opened with both class keys, observers present or not; a motion (R10,
        // members only) with its class A key alone.
        if (!v.keys.A) book.fail('key-before-token', `${v.item} round ${v.round} opened without its class A key`, i);
        if (v.purpose === 'vote' && !v.keys.B) book.fail('key-before-token', `${v.item} round ${v.round} opened without its class B key`, i);
        if (v.purpose === 'motion' && v.keys.B) book.fail('key-before-token', `the motion on ${v.item} round ${v.round} has a class B key`, v.keys.B.entry);
        const present = f.sub('present');
        const members = present.strings('members');
        const observers = present.strings('observers');
        v.open = { entry: i, due: f.int('due', 1), present: { A: members, B: observers } };
        if (f.has('presentCount')) {
          const c = f.sub('presentCount');
          if (c.int('A') !== members.length || c.int('B') !== observers.length) book.fail('issued-within-present', 'presentCount differs from the present lists', i);
        }
        checkPresent(agenda, v, book, i);
        break;
      }
      case 'issued': {
        const v = voteOf(f, false);
        const klass = f.klass();
        const person = f.str('person');
        const key = v.keys[klass];
        if (!key || key.entry > i) book.fail('key-before-token', `token issued to ${person} before the class ${klass} key of ${v.item} round ${v.round} was logged`, i);
        if (!v.open) book.fail('issued-within-present', `token issued for ${v.item} round ${v.round} before it opened`, i);
        else if (!v.open.present[klass].includes(person)) book.fail('issued-within-present', `token issued to ${person}, not present as class ${klass} at open`, i);
        if (classOf(person) !== klass) book.fail('issued-within-present', `${person} is not a class ${klass} attendee`, i);
        if (v.issued[klass].has(person)) book.fail('issued-within-present', `a second token to ${person}`, i);
        if (v.close) book.fail('issued-within-present', 'token issued after the close', i);
        v.issued[klass].set(person, i);
        break;
      }
      case 'ballot': {
        let ballot: SignedBallot;
        try {
          ballot = parseSignedBallot(obj.ballot);
        } catch (e) {
          throw new CheckFailure('entry-format', (e as Error).message, i);
        }
        const key = keysById.get(ballot.key_id);
        if (!key) {
          book.fail('key-before-token', `ballot under key id ${ballot.key_id}, which no earlier key entry logged`, i);
          break;
        }
        const v = key.vote;
        if (model.postponed.has(v.item)) book.fail('tally-decision', `ballot of ${v.item} round ${v.round} after the item was postponed (R9)`, i);
        if (!v.open) book.fail('ballot-order', `ballot of ${v.item} round ${v.round} before it opened`, i);
        if (v.close) book.fail('ballot-order', `ballot of ${v.item} round ${v.round} after its close`, i);
        const logged: LoggedBallot = { entry: i, leaf: leafHex[i]!, ballot, klass: key.klass };
        v.ballots.push(logged);
        ballots.push(logged);
        break;
      }
      case 'close': {
        const v = voteOf(f, false);
        if (!v.open) f.fail('close before open');
        if (v.close) f.fail(`${v.item} round ${v.round} closed twice`);
        v.close = { entry: i, fields: f };
        break;
      }
      case 'tally': {
        const v = voteOf(f, false);
        if (v.purpose !== 'vote') f.fail('a tally of a motion');
        if (!v.close) book.fail('tally-counts', `tally of ${v.item} round ${v.round} before its close`, i);
        // §6: the close write is one atomic write ending `close`, `tally`: nothing between them.
        else if (v.close.entry !== i - 1) book.fail('tally-counts', `entry ${v.close.entry + 1} between the close and the tally of ${v.item} round ${v.round}; they are one write`, v.close.entry + 1);
        if (v.tally) f.fail(`${v.item} round ${v.round} tallied twice`);
        v.tally = { entry: i, fields: f };
        break;
      }
      case 'reconsider': {
        const item = f.str('item');
        const round = f.int('round', 1);
        const v = votes.get(voteId(item, round, 'motion'));
        if (v === undefined) return f.fail(`no motion on ${item} round ${round} was opened`);
        if (model.postponed.has(item)) book.fail('tally-decision', `motion on ${item} round ${round} decided after the item was postponed (R9)`, i);
        if (!v.close) book.fail('reconsideration', 'motion result before its close', i);
        // §6: likewise `close`, `reconsider` for a motion.
        else if (v.close.entry !== i - 1) book.fail('tally-counts', `entry ${v.close.entry + 1} between the close and the result of the motion on ${item} round ${round}; they are one write`, v.close.entry + 1);
        if (v.reconsider) f.fail('motion decided twice');
        v.reconsider = { entry: i, fields: f };
        break;
      }
      case 'announce': {
        const item = f.str('item');
        const round = f.int('round', 1);
        const v = votes.get(voteId(item, round, 'vote'));
        // R12: what is announced is the tally already sealed in the log.
        if (!v?.tally) book.fail('announced-equals-tally', `announcement of ${item} round ${round} with no tally before it`, i);
        else if (v.announced !== undefined) book.fail('announced-equals-tally', `${item} round ${round} announced twice`, i);
        else v.announced = i;
        break;
      }
      case 'discussion': {
        const item = f.str('item');
        if (!agenda.items.has(item)) f.fail(`item ${item} is not on the agenda`);
        const speakers = f.objects('speakers').map((sp) => ({ person: sp.str('person'), name: String(sp.obj.name) }));
        model.discussions.push({ entry: i, item, round: f.int('round', 1), introducedBy: String(obj.introducedBy), speakers });
        break;
      }
      case 'postpone': {
        const item = f.str('item');
        if (!agenda.items.has(item)) f.fail(`item ${item} is not on the agenda`);
        const round = f.int('round', 1);
        // R9: only a round not yet opened for voting can be postponed: round 1, or the round a
        // passed reconsideration (R10) opened; once.
        const opened = model.votes.some((v) => v.item === item && v.purpose === 'vote' && v.round >= round);
        const reachable = round === 1 || votes.get(voteId(item, round - 1, 'motion'))?.reconsider?.fields.obj.passed === true;
        if (opened || !reachable || model.postponed.has(item)) book.fail('tally-decision', `item ${item} round ${round} postponed when it could not be (R9)`, i);
        model.postponed.set(item, round);
        break;
      }
      case 'coissued': {
        // The co-issuer's roll of a closed vote (docs/coissuance.md §3.1): after its close. What
        // it must equal (the issuance roll, the commission's presence) is docs/coissuance.md's.
        const v = voteOf(f, false, true);
        if (!v.close) f.fail(`a co-issuer roll of ${v.item} round ${v.round} before its close`);
        const klass = f.klass();
        // One roll per class of a vote; what it must equal is checked in coissuance.ts.
        if (v.rolls[klass]) book.fail('coissuer-rolls', `a second class ${klass} roll for ${v.item} round ${v.round}`, i);
        else v.rolls[klass] = { entry: i, fields: f };
        break;
      }
      case 'end':
        if (f.str('meeting') !== agenda.meeting) f.fail('end of another meeting');
        model.ended = i;
        model.endItems = f.objects('items');
        break;
      default:
        throw new CheckFailure('entry-format', `unknown entry type "${obj.type}"`, i);
    }
  }
}

function checkPresent(agenda: Agenda, v: Vote, book: CheckBook, i: number): void {
  const open = v.open!;
  if (open.due !== agenda.due.length) book.fail('issued-within-present', `open says ${open.due} due, the roster has ${agenda.due.length}`, i);
  for (const klass of ['A', 'B'] as const) {
    const roster = klass === 'A' ? agenda.due : agenda.observers;
    const seen = new Set<string>();
    open.present[klass].forEach((p, j, all) => {
      // Present lists are sorted ascending by person id (code-point order), each once.
      if (j > 0 && compareCodePoints(all[j - 1]!, p) >= 0 && all[j - 1] !== p) book.fail('issued-within-present', `the class ${klass} present list is not sorted by person id`, i);
    });
    for (const p of open.present[klass]) {
      if (!roster.includes(p)) book.fail('issued-within-present', `${p} present as class ${klass} but not on that roster`, i);
      if (klass === 'A' && agenda.excused.has(p)) book.fail('issued-within-present', `excused member ${p} present`, i);
      if (seen.has(p)) book.fail('issued-within-present', `${p} present twice`, i);
      seen.add(p);
    }
  }
  // R10: a motion is among members only.
  if (v.purpose === 'motion' && open.present.B.length > 0) book.fail('issued-within-present', 'observers present for a motion', i);
}
