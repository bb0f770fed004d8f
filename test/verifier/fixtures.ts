/**
 * Whole recorded meetings for the verifier's tests, with real crypto (issuer keys, tokens,
 * Ed25519 ballots, signed checkpoints, cosignatures). Entries are built by the live vote's own
 * builders (src/record/entries.ts, docs/record-spec.md) so the fixture and the service write one format;
 * the vote itself (who is present, who votes what) is scripted here, and counts and decisions
 * come from src/rules as the service computes them.
 *
 * Tokens are minted with signTokenDirect, which equals blind → blindSign → finalize.
 */
import { newBallotKey, signBallot, type Choice, type SignedBallot } from '../../crypto/ballot';
import { bytesToHex } from '../../crypto/bytes';
import { formatCheckpoint } from '../../crypto/checkpoint';
import { cosign, generateCosignerKey } from '../../crypto/cosignature';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { entryBytes, entryLeafHash, parseEntry, type LogEntryObject } from '../../crypto/log-entry';
import { rootFromLeafHashes, leafHash } from '../../crypto/merkle';
import { generateNoteKey, signNote, type KeyPairStrings } from '../../crypto/signed-note';
import { signTokenDirect } from '../../crypto/token';
import { utf8 } from '../../crypto/bytes';
import {
  announceEntry,
  ballotEntry,
  closeEntry,
  endEntry,
  issuedEntry,
  keyEntry,
  meetingEntry,
  openEntry,
  postponeEntry,
  reconsiderEntry,
  tallyEntry,
  type BarRecord,
  type ClassTally,
} from '../../src/record/entries';
import { barLiftsOn, countBallots, decideItem, reconsiderationPasses, standingRound, withDefaults, type BarRule, type CommitteePolicies, type PassRule } from '../../src/rules';
import { RECORD_FORMAT, type Department, type MeetingRecord } from '../../src/verifier';

export const ORIGIN = 'sealvote.test/log';
export const MOTION_CHOICE = 'reconsider';
const DECODER = new TextDecoder();

export function entryText(obj: LogEntryObject): string {
  return DECODER.decode(entryBytes(obj));
}
export function entryObject(text: string): LogEntryObject {
  return parseEntry(utf8(text));
}

export interface ItemSpec {
  id: string;
  nominees: string[];
  seats?: number;
  passRule?: PassRule;
}

type Klass = 'A' | 'B';
type Purpose = 'vote' | 'motion';

interface PendingVote {
  item: string;
  round: number;
  purpose: Purpose;
  present: { members: string[]; observers: string[] };
  issued: Array<{ klass: Klass; person: string }>;
  ballots: Array<{ klass: Klass; ballot: SignedBallot }>;
}

export interface Keys {
  master: Uint8Array;
  service: KeyPairStrings;
  departments: Record<Department, KeyPairStrings>;
}

export function newKeys(): Keys {
  return {
    master: crypto.getRandomValues(new Uint8Array(32)),
    service: generateNoteKey(ORIGIN),
    departments: {
      organization: generateCosignerKey('sealvote-organization-test-county'),
      discipline: generateCosignerKey('sealvote-discipline-test-county'),
    },
  };
}

/** Records a meeting step by step, as the live vote would. */
export class MeetingBuilder {
  readonly entries: LogEntryObject[] = [];
  readonly checkpointSizes: number[] = [];
  readonly ballots: SignedBallot[] = [];
  /** ballot_pk → the ephemeral secret key, so a test can sign a second ballot under one key. */
  readonly ballotKeys = new Map<string, Uint8Array>();
  readonly due: string[];
  readonly observers: string[];
  private vote: PendingVote | null = null;
  private readonly items: Map<string, Required<ItemSpec> & { round: number; status: string }>;

  constructor(
    readonly keys: Keys,
    readonly spec: { meeting?: string; due: number; observers: number; excused?: string[]; barRule?: BarRule; policies?: Partial<CommitteePolicies>; date?: string; items: ItemSpec[] },
  ) {
    this.due = Array.from({ length: spec.due }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
    this.observers = Array.from({ length: spec.observers }, (_, i) => `o${String(i + 1).padStart(2, '0')}`);
    this.items = new Map(spec.items.map((it) => [it.id, { seats: 1, passRule: 'majority', ...it, round: 1, status: 'pending' }]));
    this.append(
      meetingEntry({
        meeting: { id: this.meeting, title: 'Standing committee', date: this.date },
        committee: { id: 'cmt_1', name: 'County committee', timeZone: 'Asia/Shanghai', policies: this.policies },
        roster: [
          ...this.due.map((p) => ({ personId: p, class: 'A' as const, name: `Member ${p}`, unit: 'Unit', title: 'Member', excusedReason: spec.excused?.includes(p) ? 'leave' : null, role: null, distinctFrom: [] })),
          ...this.observers.map((p) => ({ personId: p, class: 'B' as const, name: `Observer ${p}`, unit: 'Unit', title: 'Observer', excusedReason: null, role: null, distinctFrom: [] })),
        ],
        items: spec.items.map((it, i) => ({
          item: { id: it.id, position: i + 1, title: `Item ${it.id}`, seats: it.seats ?? 1, openSelection: false, passRule: it.passRule ?? 'majority', status: 'pending', round: 1 },
          post: { id: `post_${it.id}`, unit: 'Bureau', title: 'Director' },
          nominees: it.nominees.map((n) => ({ id: n, name: `Nominee ${n}`, birthDate: '1980-01-01', currentPost: 'Deputy', distinctFrom: [] })),
          followsUp: null,
        })),
        checkpointKey: keys.service.verifierKey,
      }),
    );
    this.checkpoint();
  }

  /** The committee's policies (src/rules/policies.ts): the defaults, `barRule` and `policies` as given. */
  get policies(): CommitteePolicies {
    return withDefaults({ ...(this.spec.barRule ? { bar: this.spec.barRule } : {}), ...this.spec.policies });
  }

  get meeting(): string {
    return this.spec.meeting ?? 'mtg_test';
  }
  get date(): string {
    return this.spec.date ?? '2026-03-02';
  }

  private append(obj: LogEntryObject): void {
    this.entries.push(obj);
  }

  checkpoint(): void {
    this.checkpointSizes.push(this.entries.length);
  }

  /**
   * Derived once per vote and class, as the service does: derivation is a G2 scalar
   * multiplication, and deriving it again for every ballot was half of a fixture's cost.
   */
  private readonly issuers = new Map<string, ReturnType<typeof deriveIssuerKey>>();
  private issuer(item: string, round: number, purpose: Purpose, klass: Klass) {
    const ctx = { meeting: this.meeting, item: purpose === 'motion' ? `${item}#motion` : item, round, klass };
    const id = JSON.stringify([this.keys.master, ctx]);
    let key = this.issuers.get(id);
    if (!key) this.issuers.set(id, (key = deriveIssuerKey(this.keys.master, ctx)));
    return key;
  }

  open(item: string, purpose: Purpose = 'vote', present?: { members?: string[]; observers?: string[] }): this {
    const it = this.items.get(item)!;
    const members = (present?.members ?? this.due.filter((p) => !this.spec.excused?.includes(p))).slice().sort();
    const observers = purpose === 'motion' ? [] : (present?.observers ?? this.observers).slice().sort();
    const ref = { item, round: it.round, purpose };
    for (const klass of purpose === 'motion' ? (['A'] as const) : (['A', 'B'] as const)) {
      const k = this.issuer(item, it.round, purpose, klass);
      this.append(keyEntry(ref, klass, bytesToHex(k.publicKey), bytesToHex(k.keyId)));
    }
    this.append(openEntry(ref, this.due.length, members, observers));
    this.checkpoint();
    if (purpose === 'vote') it.status = 'open';
    this.vote = { ...ref, present: { members, observers }, issued: [], ballots: [] };
    return this;
  }

  /** A token to `person` and, unless choices is null, their ballot. */
  cast(person: string, choices: Record<string, Choice> | null): this {
    const v = this.vote!;
    const klass: Klass = this.due.includes(person) ? 'A' : 'B';
    v.issued.push({ klass, person });
    if (choices) v.ballots.push({ klass, ballot: this.ballotFor(v, klass, choices) });
    return this;
  }

  /** A signed ballot with a valid token of the current vote, not tied to anyone. */
  ballotFor(v: { item: string; round: number; purpose: Purpose }, klass: Klass, choices: Record<string, Choice>): SignedBallot {
    const k = this.issuer(v.item, v.round, v.purpose, klass);
    const { secretKey, publicKey } = newBallotKey();
    const token = signTokenDirect(k.secretKey, k.keyId, publicKey);
    const ballot = signBallot(
      {
        v: 1,
        meeting: this.meeting,
        item: v.purpose === 'motion' ? `${v.item}#motion` : v.item,
        round: v.round,
        class: klass,
        key_id: bytesToHex(k.keyId),
        ballot_pk: bytesToHex(publicKey),
        token_sig: bytesToHex(token),
        choices,
      },
      secretKey,
    );
    this.ballots.push(ballot);
    this.ballotKeys.set(ballot.ballot_pk, secretKey);
    return ballot;
  }

  /** Each member and observer present votes per `pattern(person, index)`; null casts nothing. */
  castAll(pattern: (person: string, i: number) => Record<string, Choice> | null): this {
    const v = this.vote!;
    [...v.present.members, ...v.present.observers].forEach((p, i) => this.cast(p, pattern(p, i)));
    return this;
  }

  close(): this {
    const v = this.vote!;
    this.vote = null;
    const ref = { item: v.item, round: v.round, purpose: v.purpose };
    const issued = [...v.issued].sort((x, y) => (x.person < y.person ? -1 : 1));
    const sorted = [...v.ballots].sort((x, y) => {
      const a = bytesToHex(entryLeafHash(ballotEntry(x.ballot)));
      const b = bytesToHex(entryLeafHash(ballotEntry(y.ballot)));
      return a < b ? -1 : 1;
    });
    for (const t of issued) this.append(issuedEntry(ref, t.klass, t.person));
    for (const b of sorted) this.append(ballotEntry(b.ballot));
    const count = (rows: Array<{ klass: Klass }>, k: Klass) => rows.filter((r) => r.klass === k).length;
    this.append(closeEntry(ref, { A: count(issued, 'A'), B: count(issued, 'B') }, { A: count(v.ballots, 'A'), B: count(v.ballots, 'B') }));
    const due = this.due.length;
    const choices = (k: Klass) => v.ballots.filter((b) => b.klass === k).map((b) => b.ballot.choices);
    if (v.purpose === 'motion') {
      const [c] = countBallots([MOTION_CHOICE], 1, choices('A'));
      const present = v.present.members.length;
      const cast = choices('A').length;
      const motion = { due, present, issued: count(issued, 'A'), cast, notCast: present - cast, yes: c!.approve, no: c!.disapprove, abstain: c!.abstain };
      const passed = reconsiderationPasses(due, motion.yes, this.policies.motion);
      const it = this.items.get(v.item)!;
      this.append(reconsiderEntry(v.item, v.round, motion, this.policies.motion, passed));
      if (passed) {
        it.round += 1;
        it.status = 'pending';
      }
    } else {
      const it = this.items.get(v.item)!;
      const countsA = countBallots(it.nominees, it.seats, choices('A'));
      const { bar: barRule, majority } = this.policies;
      const present = { A: v.present.members.length, B: v.present.observers.length };
      const decision = decideItem({ due, present: present.A, cast: choices('A').length, seats: it.seats, passRule: it.passRule, majority, barRule, nominees: countsA });
      const A: ClassTally = {
        due,
        present: present.A,
        issued: count(issued, 'A'),
        cast: choices('A').length,
        notCast: present.A - choices('A').length,
        nominees: countsA.map((c, i) => ({ ...c, approved: decision.nominees[i]!.approved, barred: decision.nominees[i]!.barred })),
        decision: { quorate: decision.quorate, undecidedSeats: decision.undecidedSeats },
        rule: { passRule: it.passRule, majority, barRule, seats: it.seats },
      };
      const B: ClassTally = {
        present: present.B,
        issued: count(issued, 'B'),
        cast: choices('B').length,
        notCast: present.B - choices('B').length,
        nominees: countBallots(it.nominees, it.seats, choices('B')),
      };
      const bars: BarRecord[] = decision.nominees
        .filter((n) => n.barred)
        .map((n) => ({ nominee: n.id, post: `post_${it.id}`, voteDate: this.date, liftsOn: barLiftsOn(this.date), rule: barRule }));
      // R10: this round's tally replaces the bars of the round it reconsiders.
      this.append(tallyEntry(ref, A, B, bars, v.round > 1 ? this.barsOf(v.item, v.round - 1) : []));
      it.status = 'closed';
    }
    this.checkpoint();
    return this;
  }

  private barsOf(item: string, round: number): BarRecord[] {
    const t = this.entries.find((e) => e.type === 'tally' && e.item === item && e.round === round);
    return (t?.bars as BarRecord[] | undefined) ?? [];
  }

  announce(item: string): this {
    const it = this.items.get(item)!;
    this.append(announceEntry(item, it.round));
    it.status = 'announced';
    return this;
  }

  /** R9: postpones an item not yet opened (the live vote's postponeEntry). */
  postpone(item: string, reason: string): this {
    const it = this.items.get(item)!;
    this.append(postponeEntry(item, it.round, reason));
    it.status = 'postponed';
    return this;
  }

  end(): this {
    // R10: the last tallied round's result stands.
    const standing = (item: string) => standingRound(this.entries.filter((e) => e.type === 'tally' && e.item === item).map((e) => e.round as number));
    this.append(endEntry(this.meeting, [...this.items.values()].map((i) => ({ id: i.id, status: i.status, round: i.round, standingRound: standing(i.id) }))));
    this.checkpoint();
    return this;
  }

  /** The record as GET /api/meetings/:id/record serves it, optionally cosigned. */
  record(opts: { cosign?: Department[] } = {}): MeetingRecord {
    const record: MeetingRecord = {
      format: RECORD_FORMAT,
      meeting: this.meeting,
      origin: ORIGIN,
      serviceKey: this.keys.service.verifierKey,
      departments: [
        { department: 'organization', verifierKey: this.keys.departments.organization.verifierKey },
        { department: 'discipline', verifierKey: this.keys.departments.discipline.verifierKey },
      ],
      entries: this.entries.map(entryText),
      checkpoints: [],
      cosignatures: [],
    };
    record.checkpoints = this.checkpointSizes.map((size) => ({ size, note: checkpointNote(record.entries, size, this.keys.service.signerKey) }));
    for (const d of opts.cosign ?? []) addCosignature(record, d, this.keys.departments[d].signerKey);
    return record;
  }
}

export function checkpointNote(entries: string[], size: number, signerKey: string): string {
  const root = rootFromLeafHashes(entries.slice(0, size).map((e) => leafHash(utf8(e))));
  return signNote(formatCheckpoint({ origin: ORIGIN, size, rootHash: root }), signerKey);
}

export function finalBody(record: MeetingRecord): string {
  const last = record.checkpoints[record.checkpoints.length - 1]!;
  return last.note.slice(0, last.note.lastIndexOf('\n\n') + 1);
}

export function addCosignature(record: MeetingRecord, department: Department, signerKey: string, time = 1_772_416_800): void {
  const last = record.checkpoints[record.checkpoints.length - 1]!;
  record.cosignatures.push({ department, checkpointSize: last.size, line: cosign(finalBody(record), signerKey, time) });
}

/** What a dishonest server can do after changing entries: sign every checkpoint again. */
export function resign(record: MeetingRecord, keys: Keys): MeetingRecord {
  record.checkpoints = record.checkpoints.map((c) => ({ size: c.size, note: checkpointNote(record.entries, c.size, keys.service.signerKey) }));
  return record;
}

/** The standard meeting of the tamper suite: 9 due, 3 observers, a plain, a competitive and a barred item. */
export function standardMeeting(keys = newKeys()): MeetingBuilder {
  const b = new MeetingBuilder(keys, {
    due: 9,
    observers: 3,
    items: [
      { id: 'itm_a', nominees: ['nom_1'] },
      { id: 'itm_b', nominees: ['nom_2', 'nom_3'], seats: 1 },
      { id: 'itm_c', nominees: ['nom_4'], passRule: 'two-thirds' },
    ],
  });
  b.open('itm_a')
    .castAll((p, i) => (p.startsWith('o') ? { nom_1: 'approve' } : i < 6 ? { nom_1: 'approve' } : i < 8 ? { nom_1: 'disapprove' } : null))
    .close()
    .announce('itm_a');
  b.open('itm_b')
    .castAll((p, i) => (i < 5 ? { nom_2: 'approve', nom_3: 'disapprove' } : { nom_2: 'abstain', nom_3: 'approve' }))
    .close()
    .announce('itm_b');
  // 5 of 9 disapprove: not approved, and barred (R3: 2 × 5 ≥ 9).
  b.open('itm_c')
    .castAll((p, i) => (p.startsWith('o') ? { nom_4: 'abstain' } : i < 5 ? { nom_4: 'disapprove' } : { nom_4: 'approve' }))
    .close()
    .announce('itm_c');
  return b.end();
}

/**
 * A tampered copy of `record`: `edit` changes the entry objects in place (or adds and removes
 * them); each checkpoint keeps covering the same last entry, and every checkpoint is signed
 * again with the service key, as a dishonest server could. Cosignatures are dropped: a
 * department cosigns only after verifying, so a tampered record is one not yet cosigned.
 */
export function tamper(record: MeetingRecord, keys: Keys, edit: (entries: LogEntryObject[]) => LogEntryObject[] | void): MeetingRecord {
  const entries = record.entries.map(entryObject);
  const anchors = record.checkpoints.map((c) => entries[c.size - 1]!);
  const edited = edit(entries) ?? entries;
  const out: MeetingRecord = { ...record, entries: edited.map(entryText), cosignatures: [] };
  out.checkpoints = anchors.map((a) => {
    const size = edited.indexOf(a) + 1;
    if (size === 0) throw new Error('tamper removed a checkpointed entry; change it in place instead');
    return { size, note: '' };
  });
  // An edit that moves a checkpointed entry earlier keeps the checkpoints in log order.
  out.checkpoints.sort((x, y) => x.size - y.size);
  return resign(out, keys);
}

export function findEntry(entries: LogEntryObject[], pred: (e: LogEntryObject & Record<string, any>) => boolean): number {
  const i = entries.findIndex((e) => pred(e as LogEntryObject & Record<string, any>));
  if (i < 0) throw new Error('no such entry');
  return i;
}
