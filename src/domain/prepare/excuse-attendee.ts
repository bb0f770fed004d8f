import type { AppDeps } from '../../deps';
import { updateAttendee } from './update-attendee';

/**
 * Records why someone is excused (请假) before the meeting opens. An excused member stays DUE —
 * R2 counts the whole roster — but can no longer sign in.
 */
export async function excuseAttendee(deps: AppDeps, meetingId: string, input: { personId: string; reason: string }): Promise<void> {
  await updateAttendee(deps, meetingId, input.personId, { excusedReason: input.reason });
}
