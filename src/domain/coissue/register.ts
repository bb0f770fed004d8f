import { eq, isNull } from 'drizzle-orm';
import { coissuerFingerprint, coissuerPublicKey } from '../../../crypto/coissuer-statements';
import { meetingCoissuers } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { loadCommittee, loadMeeting } from '../live/load';
import type { OfficerPrincipal } from '../principals';
import { coissuerRow, isOnline } from './issuance';

export interface CoissuerStatus {
  /** What the meeting uses: its committee's choice until it opens, then sealed. */
  mode: 'service' | 'coissued';
  sealed: boolean;
  verifierKey: string | null;
  fingerprint: string | null;
  online: boolean;
  lastSeenAt: number | null;
}

/**
 * The discipline commission registers its co-issuer's identity key for a meeting
 * (docs/coissuance.md §2.1): an inspector, while the meeting is a draft, for a committee that
 * co-issues. The same key again is a no-op; another key replaces it until the meeting opens.
 */
export async function registerCoissuer(deps: AppDeps, officer: OfficerPrincipal, meetingId: string, verifierKey: string): Promise<CoissuerStatus> {
  try {
    coissuerPublicKey(verifierKey);
  } catch (e) {
    throw new AppError('bad_request', `verifierKey: ${(e as Error).message}`);
  }
  const meeting = await loadMeeting(deps.db, meetingId);
  const committee = await loadCommittee(deps.db, meeting.committeeId);
  if (committee.issuance !== 'coissued') throw new AppError('coissuance_not_used');
  const current = await coissuerRow(deps.db, meetingId);
  if (current?.verifierKey === verifierKey) return coissuerStatus(deps, meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked', 'The co-issuer key is fixed once the meeting has opened');
  const now = deps.now().getTime();
  const written = await deps.db
    .insert(meetingCoissuers)
    .values({ meetingId, verifierKey, registeredBy: officer.id, registeredAt: now })
    .onConflictDoUpdate({
      target: meetingCoissuers.meetingId,
      set: { verifierKey, registeredBy: officer.id, registeredAt: now, lastSeenAt: null },
      // Never after the opening sealed it.
      setWhere: isNull(meetingCoissuers.sealedAt),
    })
    .returning({ meetingId: meetingCoissuers.meetingId });
  if (written.length === 0) throw new AppError('meeting_locked', 'The co-issuer key is fixed once the meeting has opened');
  return coissuerStatus(deps, meetingId);
}

export async function coissuerStatus(deps: AppDeps, meetingId: string): Promise<CoissuerStatus> {
  const meeting = await loadMeeting(deps.db, meetingId);
  const row = await coissuerRow(deps.db, meetingId);
  const sealed = row?.sealedAt != null;
  const mode = sealed ? 'coissued' : meeting.status === 'draft' ? (await loadCommittee(deps.db, meeting.committeeId)).issuance : 'service';
  return {
    mode,
    sealed,
    verifierKey: row?.verifierKey ?? null,
    fingerprint: row ? coissuerFingerprint(row.verifierKey) : null,
    online: isOnline(row?.lastSeenAt ?? null, deps.now().getTime()),
    lastSeenAt: row?.lastSeenAt ?? null,
  };
}

/** Every request of the co-issuer counts as a sign of life (online/offline on the console). */
export async function touchCoissuer(deps: AppDeps, meetingId: string): Promise<void> {
  await deps.db
    .update(meetingCoissuers)
    .set({ lastSeenAt: deps.now().getTime() })
    .where(eq(meetingCoissuers.meetingId, meetingId));
}
