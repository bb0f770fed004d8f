import { sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { itemNominees, items } from '../../db/schema';
import { AppError } from '../../errors';
import { newId } from '../../ids';
import { policiesOf, requireCommittee, requireNominating, requirePost } from './committees';
import { alreadyFollowedUp, resolveFollowUp } from './follow-up';
import { isGuardFailure, meetingStatusGuard, rethrowGuard } from './guard';
import { checkBars, checkNomineeLimit, checkRatio, nomineeInsertValue, requireNominees, rethrowItemWrite } from './item-rules';
import { listItems, requireMeeting, type ItemView } from './meetings';

export interface NewItem {
  title: string;
  postId: string;
  /** One nominee (a plain item) or n nominees for `seats` seats (a competitive item, R8). */
  nomineeIds: string[];
  seats?: number;
  openSelection?: boolean;
  /** R2: 'majority' (过半数) unless the item needs two-thirds. */
  passRule?: 'majority' | 'two-thirds';
  /** R9: the id of a postponed item of an earlier meeting, for the same post, that this item takes up. */
  followsUp?: string;
  /** 任职 unless said; a removal (免职) names the one person to be removed from the post. */
  itemKind?: 'appointment' | 'removal';
  /** R13: only nominates to the full committee (a standing committee's item; docs/full-committee.md §4). */
  nominates?: boolean;
}

/**
 * Puts an item on a draft meeting's agenda, after R8, R3 and R5; item and nominees land together.
 * An item may take up a postponed item of an earlier meeting (R9): it then cites that meeting,
 * that item and the leaf hash of its `postpone` entry.
 */
export async function addItem(deps: AppDeps, meetingId: string, input: NewItem): Promise<ItemView> {
  const { db } = deps;
  const meeting = await requireMeeting(db, meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked');
  const shape = {
    postId: input.postId,
    nomineeIds: input.nomineeIds,
    seats: input.seats ?? 1,
    openSelection: input.openSelection ?? false,
    itemKind: input.itemKind ?? 'appointment',
  };
  if (input.nominates) await requireNominating(db, meeting.committeeId);
  await requirePost(db, meeting.committeeId, shape.postId);
  await requireNominees(db, meeting.committeeId, shape.nomineeIds);
  checkRatio(shape, policiesOf(await requireCommittee(db, meeting.committeeId)).ratio);
  await checkBars(db, meeting.committeeId, shape, meeting.date);
  await checkNomineeLimit(db, meetingId, shape.nomineeIds);
  const link = input.followsUp ? await resolveFollowUp(db, meeting, input.followsUp, shape.postId) : null;

  const id = newId('itm');
  try {
    await writeAtomically(db, [
      meetingStatusGuard(db, meetingId),
      db.insert(items).values({
        id,
        meetingId,
        position: sql`(SELECT COALESCE(MAX(${items.position}), 0) + 1 FROM ${items} WHERE ${items.meetingId} = ${meetingId})`,
        title: input.title,
        kind: shape.itemKind,
        postId: shape.postId,
        seats: shape.seats,
        openSelection: shape.openSelection,
        passRule: input.passRule ?? 'majority',
        nominates: input.nominates ?? false,
        followsUpItemId: link?.itemId ?? null,
        followsUpMeetingId: link?.meetingId ?? null,
        followsUpLeaf: link?.postponeLeaf ?? null,
        createdAt: deps.now().getTime(),
      }),
      ...shape.nomineeIds.map((nomineeId, position) =>
        db.insert(itemNominees).values({ itemId: id, meetingId, nomineeId: nomineeInsertValue(meetingId, nomineeId), position }),
      ),
    ]);
  } catch (err) {
    if (isGuardFailure(err, 'meetings.title')) rethrowGuard(err);
    const taken = input.followsUp ? alreadyFollowedUp(err, input.followsUp) : null;
    if (taken) throw taken;
    rethrowItemWrite(err);
  }
  const view = (await listItems(db, meetingId)).find((i) => i.id === id);
  if (!view) throw new AppError('internal', 'The item vanished after it was written');
  return view;
}
