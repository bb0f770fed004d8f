import { asc, eq } from 'drizzle-orm';
import { items } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { hubFor, type EventHub } from '../../events/hub';
import { latestCheckpoint } from '../../record/checkpoint';
import { effectivePresence } from '../coissue/presence';
import { coissuerStatus } from '../coissue/register';
import { discussionsOf } from './discussion-log';
import { activeVote, loadCommittee, loadMeeting, openVotes } from './load';
import { voteCounts, voteProgress, type Progress } from './progress';

export interface MeetingState {
  /** `kind`: a sitting or a written consultation, whose window runs to `closesOn` (docs/full-committee.md §5). */
  meeting: { id: string; title: string; date: string; status: string; kind: 'sitting' | 'consultation'; closesOn: string | null };
  /** Whose meeting: a standing committee's (A 常委, B 列席) or a full committee's (A 委员, B 候补委员 and 列席), for the pages' words (R13). */
  committee: { kind: 'standing' | 'full' };
  /** Present as the rules count it; in a co-issued meeting, signed in AND confirmed by the commission. */
  presence: { due: number; presentMembers: number; observers: number; presentObservers: number; signedInMembers: number; signedInObservers: number };
  /** docs/coissuance.md: who issues tokens, and whether the commission's co-issuer is reachable. */
  issuance: { mode: 'service' | 'coissued'; fingerprint: string | null; online: boolean };
  /**
   * `discussion`: whether the current round's discussion is logged (R11), with its entry's
   * index, so a reloaded console shows it done instead of offering the form again. Names stay in
   * the officers' GET /api/meetings/:id (this state is public).
   */
  items: Array<{ id: string; position: number; title: string; status: string; round: number; discussion: { entry: number } | null }>;
  /** The open vote, with R11's counts only. */
  current: (Progress & { item: string; purpose: 'vote' | 'motion' }) | null;
  /** Every open vote, R11's counts only: a sitting's one (the same as `current`), a consultation's all ("n of m answered"). */
  open: Array<Progress & { item: string; purpose: 'vote' | 'motion' }>;
  checkpoint: { size: number; rootHash: string } | null;
}

/**
 * How long an open meeting's state is served again without being recomputed (issue 20.6). A
 * room of 200 tablets asks for it in waves — all at once after every item event, and their
 * slow polls bunch up — and each computation reads the roll of every attendee: recomputed per
 * request, a wave held the event loop for 100 ms or more while ballots waited. Every event
 * published for the meeting (an item opened or closed, presence, the coalesced progress counts,
 * which follow casts and tokens by at most PROGRESS_INTERVAL_MS) drops the kept state at once,
 * so nothing an event announces is ever served stale; counts are at most this much behind, as
 * the progress events already are. A meeting not open (a draft the clerk edits, one ended) is
 * always computed afresh.
 */
export const STATE_REUSE_MS = 250;

interface KeptState {
  state: MeetingState;
  at: number;
}

/** Per hub (one per process on Node, per isolate on Workers): the kept state of each open meeting. */
const keptByHub = new WeakMap<EventHub, Map<string, KeptState>>();

function keptStates(hub: EventHub): Map<string, KeptState> {
  let kept = keptByHub.get(hub);
  if (!kept) {
    const states = new Map<string, KeptState>();
    keptByHub.set(hub, (kept = states));
    hub.tap((meetingId) => void states.delete(meetingId));
  }
  return kept;
}

/** What tablets, the console and the projector poll (and what the SSE stream starts with). */
export async function meetingState(deps: AppDeps, meetingId: string): Promise<MeetingState> {
  const hub = hubFor(deps);
  const kept = keptStates(hub);
  const now = Date.now();
  const reuse = kept.get(meetingId);
  if (reuse && now - reuse.at < STATE_REUSE_MS) return reuse.state;
  kept.delete(meetingId);
  // An event published while this computation runs makes its result unsafe to keep.
  let published = false;
  const untap = hub.tap((id) => {
    if (id === meetingId) published = true;
  });
  let state: MeetingState;
  try {
    state = await computeMeetingState(deps, meetingId);
  } finally {
    untap();
  }
  if (!published && state.meeting.status === 'open') kept.set(meetingId, { state, at: now });
  return state;
}

async function computeMeetingState(deps: AppDeps, meetingId: string): Promise<MeetingState> {
  const db = deps.db;
  const meeting = await loadMeeting(db, meetingId);
  const committee = await loadCommittee(db, meeting.committeeId);
  const p = await effectivePresence(db, meetingId);
  const coissuer = await coissuerStatus(deps, meetingId);
  const agenda = await db.select().from(items).where(eq(items.meetingId, meetingId)).orderBy(asc(items.position), asc(items.id));
  const vote = await activeVote(db, meetingId);
  const open = await openVotes(db, meetingId);
  const checkpoint = await latestCheckpoint(db, meetingId);
  const discussions = await discussionsOf(db, meetingId);
  const discussionOfRound = (item: string, round: number) => {
    const d = discussions.find((x) => x.item === item && x.round === round);
    return d ? { entry: d.entry } : null;
  };
  return {
    meeting: { id: meeting.id, title: meeting.title, date: meeting.date, status: meeting.status, kind: meeting.kind, closesOn: meeting.closesOn },
    committee: { kind: committee.kind },
    presence: presenceCounts(p),
    issuance: { mode: coissuer.mode, fingerprint: coissuer.mode === 'coissued' ? coissuer.fingerprint : null, online: coissuer.online },
    items: agenda.map((i) => ({ id: i.id, position: i.position, title: i.title, status: i.status, round: i.round, discussion: discussionOfRound(i.id, i.round) })),
    current: vote ? { item: vote.itemId, purpose: vote.purpose, ...voteProgress(vote, await voteCounts(db, vote)) } : null,
    open: await Promise.all(open.sort((x, y) => agenda.findIndex((i) => i.id === x.itemId) - agenda.findIndex((i) => i.id === y.itemId)).map(async (v) => ({ item: v.itemId, purpose: v.purpose, ...voteProgress(v, await voteCounts(db, v)) }))),
    checkpoint: checkpoint ? { size: checkpoint.size, rootHash: checkpoint.rootHash } : null,
  };
}

/** Tells the meeting's streams that presence changed (sign-in, sign-out, marked as left). */
export async function publishPresence(deps: AppDeps, meetingId: string): Promise<void> {
  const p = await effectivePresence(deps.db, meetingId);
  hubFor(deps).publish(meetingId, { type: 'presence', data: presenceCounts(p) });
}

export function presenceCounts(p: Awaited<ReturnType<typeof effectivePresence>>): MeetingState['presence'] {
  return {
    due: p.due,
    presentMembers: p.presentMembers.length,
    observers: p.observers,
    presentObservers: p.presentObservers.length,
    signedInMembers: p.signedInMembers,
    signedInObservers: p.signedInObservers,
  };
}
