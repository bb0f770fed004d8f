/**
 * The printed results and the minutes, read from a meeting's record (the log is the authority:
 * docs/record-spec, src/record/FORMAT.md). Pure: record in, report out — no database, no HTTP,
 * so the console (in the browser) and the CLI (for a PDF) print the same sheet from the same file.
 *
 * The tally hash printed is the root of the record's last checkpoint whose signature verifies
 * under the record's service key; `final` says whether that checkpoint covers the whole log of
 * an ended meeting (the hash the two departments cosign and file, R4/R12).
 */
import { bytesToHex, utf8 } from '../../crypto/bytes';
import { openCheckpoint } from '../../crypto/checkpoint';
import { parseEntry, type LogEntryObject } from '../../crypto/log-entry';
import type { MotionCounts } from '../record/entries';
import { passes } from '../rules';
import type { MeetingRecord } from '../verifier/record';

export interface ReportPerson {
  id: string;
  name: string;
  unit: string;
  title: string;
}

/** Class B: an observer (列席) or, in a full committee, an alternate member (候补委员, R13). */
export type ReportObserver = ReportPerson & { kind: 'observer' | 'alternate' };

export interface ClassCounts {
  due: number | null;
  present: number;
  issued: number;
  cast: number;
  notCast: number;
}

export interface NomineeLine {
  id: string;
  name: string;
  currentPost: string;
  approve: number;
  disapprove: number;
  abstain: number;
  /** A only: 'approved' | 'undecided' (a tie on the last seat, R8) | 'rejected'. */
  decision: 'approved' | 'undecided' | 'rejected' | null;
  barred: boolean;
}

export interface RoundReport {
  round: number;
  /** R10: a reconsideration motion on this round passed; it stays in the record, marked. */
  reconsidered: boolean;
  /** R10: a later round was tallied and replaced this one (a passed motion alone does not). */
  replaced: boolean;
  announced: boolean;
  quorate: boolean;
  undecidedSeats: number;
  A: ClassCounts & { nominees: NomineeLine[] };
  B: ClassCounts & { nominees: NomineeLine[] };
  bars: Array<{ nominee: string; liftsOn: string }>;
  /** R3: the bar policy this round was decided under (the tally's `A.rule.barRule`). */
  barRule: 'disapprove-half' | 'not-approved';
  /** Who was present when the vote opened (names); in a consultation, everyone asked. */
  presentMembers: string[];
  /** A written consultation's close names the day it was closed on (docs/record-spec.md §8). */
  closedOn: string | null;
}

/** A motion's logged counts (the reconsider entry's, src/record/entries.ts) and its outcome. */
export interface MotionReport extends MotionCounts {
  round: number;
  passed: boolean;
  /** R10's threshold the motion was decided under (the reconsider entry's `rule`). */
  rule: 'more-than-half' | 'half-or-more';
}

/** One step of an item, in log order: a tallied round, a motion (by index in `motions`), the postponement. */
export type ItemStep = { kind: 'round'; round: number } | { kind: 'motion'; index: number } | { kind: 'postpone' };

export interface ItemReport {
  id: string;
  /** An appointment (任职), or a removal (免职): one person, and "approve" decides the removal (docs/full-committee.md §2). */
  kind: 'appointment' | 'removal';
  position: number;
  title: string;
  post: { unit: string; title: string };
  seats: number;
  openSelection: boolean;
  passRule: string;
  nominees: Array<{ id: string; name: string; birthDate: string; currentPost: string }>;
  rounds: RoundReport[];
  motions: MotionReport[];
  /** What happened to the item in the order the log has it (the minutes tell it in this order). */
  steps: ItemStep[];
  postponed: string | null;
  /** The item's state at the end of the record. */
  status: 'pending' | 'voted' | 'announced' | 'postponed';
  /**
   * R10: the round whose result stands — the last tallied round (the end entry's
   * `standingRound`, docs/record-spec.md §8): a passed motion whose new round was never voted
   * leaves the earlier result standing. null when no round was tallied.
   */
  standingRound: number | null;
}

export interface Report {
  /**
   * kind: a sitting, or a written consultation (书面征求意见, docs/full-committee.md §5) open
   * from `date` to `closesOn`, whose `open` entries list everyone asked, not those in a room.
   */
  meeting: { id: string; title: string; date: string; kind: 'sitting' | 'consultation'; closesOn: string | null };
  /**
   * barRule, majority, motion: the committee's R3, R2 and R10 policies as the meeting entry logs
   * them (a record sealed before policies: its barRule and the defaults, docs/record-spec.md §6.1).
   */
  committee: { name: string; timeZone: string; barRule: string; majority: string; motion: 'more-than-half' | 'half-or-more'; kind: 'standing' | 'full' };
  due: Array<ReportPerson & { excused: string | null }>;
  observers: ReportObserver[];
  /** Members and observers present at any vote of the meeting (person ids); in a consultation, asked. */
  attended: Set<string>;
  items: ItemReport[];
  ended: boolean;
  /** Root hash of the last verified checkpoint (hex), its size, and whether it is the final one. */
  tallyHash: string | null;
  checkpointSize: number;
  final: boolean;
  entries: number;
}

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function counts(v: Obj, withDue: boolean): ClassCounts {
  return { due: withDue ? n(v.due) : null, present: n(v.present), issued: n(v.issued), cast: n(v.cast), notCast: n(v.notCast) };
}

export class ReportError extends Error {
  override readonly name = 'ReportError';
}

/** Reads the record's entries and checkpoints into the report; throws ReportError when it cannot. */
export function buildReport(record: MeetingRecord): Report {
  let objects: LogEntryObject[];
  try {
    objects = record.entries.map((text) => parseEntry(utf8(text)));
  } catch (e) {
    throw new ReportError(`the record's entries cannot be read: ${(e as Error).message}`);
  }
  const first = o(objects[0]);
  if (first.type !== 'meeting') throw new ReportError('the record does not start with its meeting entry');
  const meeting = o(first.meeting);
  const committee = o(first.committee);
  const policies = o(committee.policies);
  const majority = policies.majority === 'half-or-more' ? 'half-or-more' : 'more-than-half';
  // A tally without its rule (an early record) was decided under the committee's bar policy.
  const barPolicy = s(policies.bar) || s(committee.barRule);
  const motionPolicy = policies.motion === 'half-or-more' ? 'half-or-more' : 'more-than-half';
  const person = (p: unknown): ReportPerson => ({ id: s(o(p).person), name: s(o(p).name), unit: s(o(p).unit), title: s(o(p).title) });
  const due = arr(first.due).map((p) => ({ ...person(p), excused: typeof o(p).excused === 'string' ? s(o(p).excused) : null }));
  const observers: ReportObserver[] = arr(first.observers).map((p) => ({ ...person(p), kind: o(p).kind === 'alternate' ? 'alternate' : 'observer' }));
  const names = new Map([...due, ...observers].map((p) => [p.id, p.name]));

  const items: ItemReport[] = arr(first.items).map((raw) => {
    const i = o(raw);
    return {
      id: s(i.id),
      kind: i.kind === 'removal' ? 'removal' : 'appointment',
      position: n(i.position),
      title: s(i.title),
      post: { unit: s(o(i.post).unit), title: s(o(i.post).title) },
      seats: n(i.seats) || 1,
      openSelection: i.openSelection === true,
      passRule: s(i.passRule) || 'majority',
      nominees: arr(i.nominees).map((x) => ({ id: s(o(x).id), name: s(o(x).name), birthDate: s(o(x).birthDate), currentPost: s(o(x).currentPost) })),
      rounds: [],
      motions: [],
      steps: [],
      postponed: null,
      status: 'pending',
      standingRound: null,
    };
  });
  const byId = new Map(items.map((i) => [i.id, i]));
  const attended = new Set<string>();
  const presentAt = new Map<string, string[]>();
  const closedOn = new Map<string, string>();
  let ended = false;

  for (const e of objects) {
    const item = byId.get(s(e.item));
    switch (e.type) {
      case 'open': {
        const present = o(e.present);
        const members = arr(present.members).map(s);
        for (const id of [...members, ...arr(present.observers).map(s)]) attended.add(id);
        if (s(e.purpose) === 'vote') presentAt.set(`${s(e.item)}/${n(e.round)}`, members);
        break;
      }
      case 'close':
        if (s(e.purpose) === 'vote' && typeof e.closedOn === 'string') closedOn.set(`${s(e.item)}/${n(e.round)}`, e.closedOn);
        break;
      case 'tally': {
        if (!item) break;
        const A = o(e.A);
        const B = o(e.B);
        const decision = o(A.decision);
        const quorate = decision.quorate !== false;
        const undecidedSeats = n(decision.undecidedSeats);
        const nominee = (id: string) => item.nominees.find((x) => x.id === id);
        const lines = (cls: Obj, decisive: boolean): NomineeLine[] =>
          arr(cls.nominees).map((raw) => {
            const x = o(raw);
            const id = s(x.id);
            const approved = x.approved === true;
            // R8: "undecided" only for a tie on the last seat among those who met R2 — the log
            // says which seats stayed open; a nominee short of R2 is simply not approved.
            const tied = decisive && !approved && quorate && undecidedSeats > 0 && n(A.due) > 0 && passes(n(A.due), n(x.approve), item.passRule === 'two-thirds' ? 'two-thirds' : 'majority', majority);
            return {
              id,
              name: nominee(id)?.name ?? id,
              currentPost: nominee(id)?.currentPost ?? '',
              approve: n(x.approve),
              disapprove: n(x.disapprove),
              abstain: n(x.abstain),
              decision: decisive ? (approved ? 'approved' : tied ? 'undecided' : 'rejected') : null,
              barred: x.barred === true,
            };
          });
        for (const earlier of item.rounds) earlier.replaced = true;
        item.standingRound = n(e.round);
        item.steps.push({ kind: 'round', round: n(e.round) });
        item.rounds.push({
          round: n(e.round),
          reconsidered: false,
          replaced: false,
          announced: false,
          quorate,
          undecidedSeats,
          A: { ...counts(A, true), nominees: lines(A, true) },
          B: { ...counts(B, false), nominees: lines(B, false) },
          barRule: (s(o(A.rule).barRule) || barPolicy) === 'not-approved' ? 'not-approved' : 'disapprove-half',
          bars: arr(e.bars).map((b) => ({ nominee: nominee(s(o(b).nominee))?.name ?? s(o(b).nominee), liftsOn: s(o(b).liftsOn) })),
          presentMembers: (presentAt.get(`${item.id}/${n(e.round)}`) ?? []).map((id) => names.get(id) ?? id),
          closedOn: closedOn.get(`${item.id}/${n(e.round)}`) ?? null,
        });
        item.status = 'voted';
        break;
      }
      case 'announce': {
        const round = item?.rounds.find((r) => r.round === n(e.round));
        if (round) round.announced = true;
        if (item) item.status = 'announced';
        break;
      }
      case 'postpone':
        if (item) {
          item.postponed = s(e.reason);
          item.status = 'postponed';
          item.steps.push({ kind: 'postpone' });
        }
        break;
      case 'reconsider': {
        if (!item) break;
        const m = o(e.motion);
        const passed = e.passed === true;
        item.steps.push({ kind: 'motion', index: item.motions.length });
        item.motions.push({ round: n(e.round), due: n(m.due), present: n(m.present), issued: n(m.issued), cast: n(m.cast), notCast: n(m.notCast), yes: n(m.yes), no: n(m.no), abstain: n(m.abstain), passed, rule: e.rule === 'half-or-more' ? 'half-or-more' : e.rule === 'more-than-half' ? e.rule : motionPolicy });
        if (passed) {
          const round = item.rounds.find((r) => r.round === n(e.round));
          if (round) round.reconsidered = true;
          item.status = 'pending';
        }
        break;
      }
      case 'end':
        ended = true;
        // The end entry names the standing round (R10); a record sealed before it did not.
        for (const raw of arr(e.items)) {
          const x = o(raw);
          const it = byId.get(s(x.id));
          if (it && typeof x.standingRound === 'number') it.standingRound = x.standingRound;
        }
        break;
    }
  }

  // The last checkpoint the service key signed: its root is the tally hash so far.
  let tallyHash: string | null = null;
  let checkpointSize = 0;
  for (const c of [...record.checkpoints].sort((a, b) => b.size - a.size)) {
    try {
      const cp = openCheckpoint(c.note, record.serviceKey);
      tallyHash = bytesToHex(cp.rootHash);
      checkpointSize = cp.size;
      break;
    } catch {
      // A checkpoint that does not verify is not printed as the hash; the inspector says why.
    }
  }
  return {
    meeting: { id: s(meeting.id), title: s(meeting.title), date: s(meeting.date), kind: meeting.kind === 'consultation' ? 'consultation' : 'sitting', closesOn: typeof meeting.closesOn === 'string' ? meeting.closesOn : null },
    committee: { name: s(committee.name), timeZone: s(committee.timeZone), barRule: s(policies.bar) || s(committee.barRule), majority, motion: motionPolicy, kind: committee.kind === 'full' ? 'full' : 'standing' },
    due,
    observers,
    attended,
    items: items.sort((a, b) => a.position - b.position),
    ended,
    tallyHash,
    checkpointSize,
    final: ended && tallyHash !== null && checkpointSize === objects.length,
    entries: objects.length,
  };
}
