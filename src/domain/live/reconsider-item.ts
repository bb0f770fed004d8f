import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { hubFor } from '../../events/hub';
import { signCheckpoint } from '../../record/checkpoint';
import { commitMeetingChange } from '../../record/log';
import { loadItem, loadMeeting, loadVote } from './load';
import { openVote, requireOpenMeeting, requireQuorum, type OpenedVote } from './open-item';

/**
 * R10: opens a secret yes/no motion among the members present to reconsider an announced
 * result, under R1's quorum like every opening.
 * It has its own class A key (derived for "<item>#motion"), logged before any token. Closing it
 * (closeItem) decides: if it passes, the item gets a new round with new keys.
 */
export async function reconsiderItem(deps: AppDeps, itemId: string): Promise<OpenedVote> {
  const db = deps.db;
  const first = await loadItem(db, itemId);
  const { value, size } = await commitMeetingChange(db, first.meetingId, async () => {
    const item = await loadItem(db, itemId);
    await requireOpenMeeting(deps, item.meetingId);
    // docs/full-committee.md §5: no sitting to move a motion in; the item goes on a later meeting.
    if ((await loadMeeting(db, item.meetingId)).kind === 'consultation') throw new AppError('consultation_no_reconsideration');
    // R12 before R10: a result is announced on the spot, and only an announced result can be
    // reconsidered, so the earlier round that stands when no new round is held was announced.
    if (item.status !== 'announced') {
      throw new AppError('conflict', item.status === 'closed' ? 'Announce the result before a reconsideration motion (R12, R10)' : `The item is ${item.status}; only an announced result can be reconsidered`);
    }
    if (await loadVote(db, item.id, item.round, 'motion')) {
      throw new AppError('conflict', 'This round has already had a reconsideration motion');
    }
    return openVote(deps, item, 'motion', requireQuorum);
  });
  await signCheckpoint(deps, value.meetingId, size);
  hubFor(deps).publish(value.meetingId, { type: 'item-opened', data: value.opened as unknown as Record<string, unknown> });
  return value.opened;
}
