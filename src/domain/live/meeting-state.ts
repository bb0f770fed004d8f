import { asc, eq } from 'drizzle-orm';
import { items } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { hubFor } from '../../events/hub';
import { latestCheckpoint } from '../../record/checkpoint';
import { effectivePresence } from '../coissue/presence';
import { coissuerStatus } from '../coissue/register';
import { discussionsOf } from './discussion-log';
import { activeVote, loadMeeting, openVotes } from './load';
import { voteCounts, voteProgress, type Progress } from './progress';

export interface MeetingState {
  /** `kind`: a sitting or a written consultation, whose window runs to `closesOn` (docs/full-committee.md §5). */
  meeting: { id: string; title: string; date: string; status: string; kind: 'sitting' | 'consultation'; closesOn: string | null };
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

/** What tablets, the console and the projector poll (and what the SSE stream starts with). */
export async function meetingState(deps: AppDeps, meetingId: string): Promise<MeetingState> {
  const db = deps.db;
  const meeting = await loadMeeting(db, meetingId);
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
