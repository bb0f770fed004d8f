import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { consultationMayClose, consultationWindowEnded } from '../../rules';
import { committeeToday } from '../prepare/meeting-date';
import { loadCommittee, loadMeeting, parseIds, type VoteRow } from './load';
import { voteCounts } from './progress';

/**
 * A written consultation's window (docs/full-committee.md §5, src/rules/consultation.ts): its
 * date to `closesOn` inclusive, calendar days in the committee's zone (R14).
 */
async function consultationOf(deps: AppDeps, meetingId: string): Promise<{ closesOn: string; today: string } | null> {
  const meeting = await loadMeeting(deps.db, meetingId);
  if (meeting.kind !== 'consultation' || meeting.closesOn === null) return null;
  const committee = await loadCommittee(deps.db, meeting.committeeId);
  return { closesOn: meeting.closesOn, today: committeeToday(deps, committee) };
}

/** No token once the window has ended (409 consultation_window_closed); a sitting has no window. */
export async function requireConsultationWindowOpen(deps: AppDeps, meetingId: string): Promise<void> {
  const c = await consultationOf(deps, meetingId);
  if (c && consultationWindowEnded(c.closesOn, c.today)) {
    throw new AppError('consultation_window_closed', `The consultation closed on ${c.closesOn}; today is ${c.today}`, { closesOn: c.closesOn, today: c.today });
  }
}

/**
 * The presiding officer closes a consultation's item when the window has ended, or earlier once
 * everyone asked has answered it (409 consultation_open, with "n of m answered" only: R11).
 */
export async function requireConsultationMayClose(deps: AppDeps, vote: VoteRow): Promise<void> {
  const c = await consultationOf(deps, vote.meetingId);
  if (!c) return;
  const asked = parseIds(vote.presentMembers).length + parseIds(vote.presentObservers).length;
  const answered = (await voteCounts(deps.db, vote)).cast;
  if (!consultationMayClose({ closesOn: c.closesOn, today: c.today, asked, answered })) {
    throw new AppError('consultation_open', `${answered} of ${asked} asked have answered; the window runs to ${c.closesOn}`, { answered, asked, closesOn: c.closesOn });
  }
}

/** The day a consultation's vote is closed on, logged in its `close` entry so the verifier can check the window; none for a sitting. */
export async function consultationCloseDay(deps: AppDeps, meetingId: string): Promise<string | undefined> {
  return (await consultationOf(deps, meetingId))?.today;
}
