import { and, asc, eq } from 'drizzle-orm';
import { items, meetings, votes } from '../../db/schema';
import { forgetWriteOrder } from '../../db/sweep';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { hubFor } from '../../events/hub';
import { signCheckpoint, type StoredCheckpoint } from '../../record/checkpoint';
import { endEntry } from '../../record/entries';
import { commitMeetingChange } from '../../record/log';
import { standingRound, unannouncedResults } from '../../rules';
import { meetingIssuance } from '../coissue/issuance';
import { missingRolls } from '../coissue/rolls';
import { activeVote, loadMeeting } from './load';

/**
 * Ends the meeting (presiding officer): the `end` entry and a final checkpoint. The root of that
 * checkpoint is the meeting's tally hash, which the filer and the inspector cosign. Refused while
 * a vote is open or a closed vote's result is still unannounced (R12). The write-ahead log is
 * swept once more (db/sweep.ts), so nothing of the meeting's order of sign-ins and sign-outs
 * stays in it either.
 */
export async function closeMeeting(deps: AppDeps, meetingId: string): Promise<{ checkpoint: StoredCheckpoint; tallyHash: string }> {
  const db = deps.db;
  const { size } = await commitMeetingChange(db, meetingId, async () => {
    const meeting = await loadMeeting(db, meetingId);
    if (meeting.status !== 'open') throw new AppError('conflict', `The meeting is ${meeting.status}, not open`);
    const active = await activeVote(db, meetingId);
    if (active) throw new AppError('vote_in_progress', `Item ${active.itemId} is still open`);
    const agenda = await db.select().from(items).where(eq(items.meetingId, meetingId)).orderBy(asc(items.position), asc(items.id));
    // R12: an item is 'closed' from its tally until its announcement.
    const waiting = unannouncedResults(agenda.map((i) => ({ ...i, tallied: i.status === 'closed', announced: false })));
    if (waiting.length > 0) {
      throw new AppError('results_unannounced', `Announce the result of ${waiting.map((i) => `item ${i.position} (${i.title})`).join(', ')} before ending the meeting (R12)`, {
        items: waiting.map((i) => ({ id: i.id, position: i.position, title: i.title, round: i.round })),
      });
    }
    // docs/coissuance.md §4.4: the tally hash must cover the co-issuer's roll of every vote.
    if ((await meetingIssuance(db, meetingId)).mode === 'coissued') {
      const missing = await missingRolls(db, meetingId);
      if (missing.length > 0) {
        throw new AppError('coissuer_roll_missing', `The commission's co-issuer has not yet signed the roll of ${missing.map((m) => `${m.item} round ${m.round} ${m.purpose} ${m.class}`).join(', ')}`, { votes: missing });
      }
    }
    const tallied = await db
      .select({ itemId: votes.itemId, round: votes.round })
      .from(votes)
      .where(and(eq(votes.meetingId, meetingId), eq(votes.purpose, 'vote'), eq(votes.status, 'closed')));
    // R10: an item reconsidered but not voted again keeps its earlier result; the end says which.
    const standing = (itemId: string) => standingRound(tallied.filter((v) => v.itemId === itemId).map((v) => v.round));
    return {
      entries: [endEntry(meetingId, agenda.map((i) => ({ id: i.id, status: i.status, round: i.round, standingRound: standing(i.id) })))],
      queries: [
        db
          .update(meetings)
          .set({ status: 'closed', closedAt: deps.now().getTime() })
          .where(and(eq(meetings.id, meetingId), eq(meetings.status, 'open'))),
      ],
      value: null,
    };
  });
  const checkpoint = await signCheckpoint(deps, meetingId, size);
  forgetWriteOrder(deps.db);
  hubFor(deps).publish(meetingId, { type: 'meeting', data: { meeting: meetingId, status: 'closed', tallyHash: checkpoint.rootHash } });
  return { checkpoint, tallyHash: checkpoint.rootHash };
}
