/**
 * The kiosk's reading of GET /api/meetings/:id/state (public: no names of who voted, no partial
 * counts — R11). Tolerant of field spellings so the pages keep working while the API grows;
 * anything missing becomes an empty value, never an exception in the middle of a vote.
 */
import { readDossier, type DossierView } from './dossier-view';

export type ItemStatus = 'pending' | 'open' | 'closed' | 'announced' | 'postponed';
export type MeetingStatus = 'draft' | 'open' | 'closed';

export interface NomineeView {
  id: string;
  name: string;
  birthDate: string;
  currentPost: string;
  resume: string;
  /** What members are told of the person on this item (docs/full-committee.md §3). */
  dossier: DossierView | null;
}

/** The vote running now (GET /state `current`): R11 counts only. */
export interface CurrentVote {
  item: string;
  purpose: 'vote' | 'motion';
  round: number;
  /** 'open' | 'closing' | 'motion-open' | ... as the server reports it. */
  status: string;
  cast: number;
  issued: number;
  present: number;
  /** The same counts for A (members) and B (observers) apart. */
  classes: { A: ClassCounts; B: ClassCounts };
}

export interface ClassCounts {
  cast: number;
  issued: number;
  present: number;
}

export interface ItemView {
  id: string;
  title: string;
  status: ItemStatus;
  round: number;
  seats: number;
  openSelection: boolean;
  passRule: string;
  /** 任职 or 免职: what "approve" means on this item. */
  itemKind: 'appointment' | 'removal';
  /** R13: only nominates to the full committee; `citesHash`: the standing tally hash a full committee's item cites. */
  nominates: boolean;
  citesHash: string;
  post: { unit: string; title: string };
  nominees: NomineeView[];
  postponedReason: string;
  /** R11: the log index of the current round's `discussion` entry (GET /state), or null while none is logged. */
  discussedAt: number | null;
}

export interface MeetingView {
  /** `kind`: a sitting, or a written consultation whose window runs to `closesOn` (docs/full-committee.md §5). */
  meeting: { id: string; title: string; date: string; status: MeetingStatus; kind: 'sitting' | 'consultation'; closesOn: string };
  /** A full committee's class A are 委员 and class B 候补委员 and 列席; a standing committee's 常委 and 列席 (R13). */
  committeeKind: 'standing' | 'full';
  presence: { due: number; present: number; observers: number; presentObservers: number } | null;
  items: ItemView[];
  current: CurrentVote | null;
  /** Every open vote (R11 counts only): a sitting's one, a consultation's all. */
  open: CurrentVote[];
  /** The latest signed checkpoint; its root is the tally hash so far. */
  checkpoint: { size: number; rootHash: string } | null;
  /**
   * docs/coissuance.md: who issues tokens. Co-issued: the co-issuer's fingerprint, whether it is
   * reachable, and how many signed in (presence counts only those the commission confirmed).
   */
  issuance?: { mode: 'service' | 'coissued'; fingerprint: string; online: boolean; signedInMembers: number; signedInObservers: number };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const s = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const n = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const count = (v: unknown): number => (Array.isArray(v) ? v.length : n(v));

const ITEM_STATUSES: readonly ItemStatus[] = ['pending', 'open', 'closed', 'announced', 'postponed'];

function post(v: unknown): { unit: string; title: string } {
  if (typeof v === 'string') return { unit: '', title: v };
  const o = obj(v);
  return { unit: s(o.unit), title: s(o.title) };
}

function nominee(v: unknown): NomineeView {
  const o = obj(v);
  const current = o.currentPost;
  return {
    id: s(o.id ?? o.nomineeId),
    name: s(o.name),
    birthDate: s(o.birthDate),
    currentPost: typeof current === 'object' ? [post(current).unit, post(current).title].filter(Boolean).join(' ') : s(current),
    resume: s(o.resume),
    dossier: readDossier(o.dossier),
  };
}

export function readItem(v: unknown): ItemView {
  const o = obj(v);
  const round = n(o.round, 1);
  const status = ITEM_STATUSES.includes(o.status as ItemStatus) ? (o.status as ItemStatus) : 'pending';
  return {
    id: s(o.id),
    title: s(o.title),
    status,
    round,
    seats: n(o.seats, 1),
    openSelection: o.openSelection === true,
    passRule: s(o.passRule) || 'majority',
    itemKind: o.itemKind === 'removal' ? 'removal' : 'appointment',
    nominates: o.nominates === true,
    citesHash: s(obj(o.cites).tallyHash),
    post: post(o.post),
    nominees: Array.isArray(o.nominees) ? o.nominees.map(nominee) : [],
    postponedReason: s(o.postponedReason),
    discussedAt: o.discussion && typeof o.discussion === 'object' ? n(obj(o.discussion).entry) : null,
  };
}

function readCurrent(v: unknown): CurrentVote | null {
  if (!v || typeof v !== 'object') return null;
  const o = obj(v);
  const cls = obj(o.classes);
  const counts = (x: unknown): ClassCounts => ({ cast: n(obj(x).cast), issued: n(obj(x).issued), present: n(obj(x).present) });
  const total = { cast: n(o.cast), issued: n(o.issued), present: n(o.present) };
  return {
    item: s(o.item),
    purpose: o.purpose === 'motion' ? 'motion' : 'vote',
    round: n(o.round, 1),
    status: s(o.status),
    ...total,
    // A server without the split: everything counts as A.
    classes: cls.A ? { A: counts(cls.A), B: counts(cls.B) } : { A: total, B: { cast: 0, issued: 0, present: 0 } },
  };
}

/**
 * Reads the live state, filling each item's nominees and post from `details` (the agenda,
 * fetched separately and rarely: it does not change once the meeting is open).
 */
export function readMeetingState(json: unknown, details: ReadonlyMap<string, ItemView> = new Map()): MeetingView {
  const o = obj(json);
  const m = obj(o.meeting);
  const p = o.presence && typeof o.presence === 'object' ? obj(o.presence) : null;
  const c = o.checkpoint && typeof o.checkpoint === 'object' ? obj(o.checkpoint) : null;
  const status = s(m.status);
  return {
    meeting: {
      id: s(m.id),
      title: s(m.title),
      date: s(m.date),
      status: status === 'open' || status === 'closed' ? status : 'draft',
      kind: m.kind === 'consultation' ? 'consultation' : 'sitting',
      closesOn: s(m.closesOn),
    },
    committeeKind: o.committee && typeof o.committee === 'object' && obj(o.committee).kind === 'full' ? 'full' : 'standing',
    presence: p
      ? {
          due: n(p.due),
          present: count(p.presentMembers ?? p.present),
          observers: count(p.observers),
          presentObservers: count(p.presentObservers),
        }
      : null,
    items: Array.isArray(o.items)
      ? o.items.map((raw) => {
          const live = readItem(raw);
          const d = details.get(live.id);
          // Status, round and the discussion's entry are live; nominees and post come from the agenda.
          return d ? { ...d, status: live.status, round: live.round, title: live.title || d.title, discussedAt: live.discussedAt } : live;
        })
      : [],
    current: readCurrent(o.current),
    open: Array.isArray(o.open) ? o.open.map(readCurrent).filter((v): v is CurrentVote => v !== null) : [],
    checkpoint: c ? { size: n(c.size), rootHash: s(c.rootHash) } : null,
    ...readIssuance(o, p),
  };
}

function readIssuance(o: Obj, p: Obj | null): Pick<MeetingView, 'issuance'> {
  const i = obj(o.issuance);
  if (i.mode !== 'coissued' && i.mode !== 'service') return {};
  return {
    issuance: {
      mode: i.mode,
      fingerprint: s(i.fingerprint),
      online: i.online === true,
      signedInMembers: count(p?.signedInMembers ?? p?.presentMembers),
      signedInObservers: count(p?.signedInObservers ?? p?.presentObservers),
    },
  };
}

/** The agenda with nominees: from GET /api/tablet/me or GET /api/meetings/:id (`items`). */
export function readAgenda(json: unknown): Map<string, ItemView> {
  const o = obj(json);
  const list = Array.isArray(o.items) ? o.items : Array.isArray(o.agenda) ? o.agenda : [];
  return new Map(list.map(readItem).filter((i) => i.id).map((i) => [i.id, i]));
}

/** The current vote if ballots can be cast in it now (an open vote or an open motion). */
export function openVote(view: MeetingView): { vote: CurrentVote; item: ItemView } | null {
  const vote = view.current;
  if (!vote || (vote.status !== 'open' && vote.status !== 'motion-open')) return null;
  const item = view.items.find((i) => i.id === vote.item);
  return item ? { vote, item } : null;
}

/**
 * A written consultation's open votes in agenda order, each with its item: every item is open
 * at once, and a member answers them one after another (docs/full-committee.md §5).
 */
export function openVotes(view: MeetingView): Array<{ vote: CurrentVote; item: ItemView }> {
  return view.items.flatMap((item) => {
    const vote = view.open.find((v) => v.item === item.id && (v.status === 'open' || v.status === 'motion-open'));
    return vote ? [{ vote, item }] : [];
  });
}

/** The ballot's `item` field: a reconsideration motion votes on "<item>#motion". */
export function voteSubject(itemId: string, purpose: 'vote' | 'motion'): string {
  return purpose === 'motion' ? `${itemId}#motion` : itemId;
}

/** The one choice key of a motion ballot (approve = yes, disapprove = no). */
export const MOTION_CHOICE = 'reconsider';
