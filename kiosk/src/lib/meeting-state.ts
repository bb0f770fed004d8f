/**
 * The kiosk's reading of GET /api/meetings/:id/state (public: no names of who voted, no partial
 * counts — R11). Tolerant of field spellings so the pages keep working while the API grows;
 * anything missing becomes an empty value, never an exception in the middle of a vote.
 */
export type ItemStatus = 'pending' | 'open' | 'closed' | 'announced' | 'postponed';
export type MeetingStatus = 'draft' | 'open' | 'closed';

export interface NomineeView {
  id: string;
  name: string;
  birthDate: string;
  currentPost: string;
  resume: string;
}

export interface VoteView {
  purpose: 'vote' | 'motion';
  round: number;
  status: string;
}

export interface ItemView {
  id: string;
  title: string;
  status: ItemStatus;
  round: number;
  seats: number;
  openSelection: boolean;
  passRule: string;
  post: { unit: string; title: string };
  nominees: NomineeView[];
  postponedReason: string;
  /** The vote now running or last run on this item (a reconsideration motion is its own vote). */
  vote: VoteView | null;
  progress: { cast: number; issued: number; present: number } | null;
}

export interface MeetingView {
  meeting: { id: string; title: string; date: string; status: MeetingStatus };
  presence: { due: number; present: number; observers: number; presentObservers: number } | null;
  items: ItemView[];
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
  };
}

function vote(v: unknown, fallbackRound: number): VoteView | null {
  if (!v || typeof v !== 'object') return null;
  const o = obj(v);
  return { purpose: o.purpose === 'motion' ? 'motion' : 'vote', round: n(o.round, fallbackRound), status: s(o.status) };
}

export function readItem(v: unknown): ItemView {
  const o = obj(v);
  const round = n(o.round, 1);
  const status = ITEM_STATUSES.includes(o.status as ItemStatus) ? (o.status as ItemStatus) : 'pending';
  const progress = o.progress && typeof o.progress === 'object' ? obj(o.progress) : null;
  return {
    id: s(o.id),
    title: s(o.title),
    status,
    round,
    seats: n(o.seats, 1),
    openSelection: o.openSelection === true,
    passRule: s(o.passRule) || 'majority',
    post: post(o.post),
    nominees: Array.isArray(o.nominees) ? o.nominees.map(nominee) : [],
    postponedReason: s(o.postponedReason),
    vote: vote(o.vote ?? o.currentVote, round),
    progress: progress ? { cast: n(progress.cast), issued: n(progress.issued), present: n(progress.present) } : null,
  };
}

export function readMeetingState(json: unknown): MeetingView {
  const o = obj(json);
  const m = obj(o.meeting);
  const p = o.presence && typeof o.presence === 'object' ? obj(o.presence) : null;
  const status = s(m.status);
  return {
    meeting: {
      id: s(m.id),
      title: s(m.title),
      date: s(m.date),
      status: status === 'open' || status === 'closed' ? status : 'draft',
    },
    presence: p
      ? {
          due: n(p.due),
          present: count(p.present ?? p.presentMembers),
          observers: count(p.observers),
          presentObservers: count(p.presentObservers),
        }
      : null,
    items: Array.isArray(o.items) ? o.items.map(readItem) : [],
  };
}

/** The item whose vote is open now (at most one at a time), if any. */
export function openItem(view: MeetingView): ItemView | null {
  return view.items.find((i) => i.status === 'open' || i.vote?.status === 'open') ?? null;
}

/** The ballot subject of the running vote: a reconsideration motion votes on "<item>#motion". */
export function voteSubject(item: ItemView): string {
  return item.vote?.purpose === 'motion' ? `${item.id}#motion` : item.id;
}
