import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { hubFor } from '../../events/hub';
import { discussionEntry } from '../../record/entries';
import { commitMeetingChange } from '../../record/log';
import { requireSpeakers, secretarySpeaksLast } from '../../rules';
import { ruleCall } from '../prepare/rule-call';
import { discussionOf } from './discussion-log';
import { loadAttendees, loadItem } from './load';
import { requireOpenMeeting } from './open-item';

export interface Discussion {
  /** Who introduced the item (组织部负责人介绍人选): name and title as said in the room. */
  introducedBy: string;
  /** Roster person ids in the order they stated a view; empty when no one asked to speak. */
  speakers: string[];
}

/**
 * R11: the presiding officer records the item's introduction and its discussion before the
 * vote opens (001 第十四条 "逐个介绍……充分发表意见"): one `discussion` entry per round, before
 * the round's `open`. Speakers are on the meeting's roster and not excused; the secretary, if
 * they spoke, spoke last (002 "县委书记不得提前表态"), or the record is refused
 * (422 secretary_not_last).
 */
export async function recordDiscussion(deps: AppDeps, itemId: string, input: Discussion): Promise<{ item: string; round: number; speakers: Array<{ person: string; name: string }> }> {
  const db = deps.db;
  const first = await loadItem(db, itemId);
  const speakerIds = ruleCall(() => requireSpeakers(input.speakers));
  const { value } = await commitMeetingChange(db, first.meetingId, async () => {
    const item = await loadItem(db, itemId);
    await requireOpenMeeting(deps, item.meetingId);
    if (item.status !== 'pending') throw new AppError('conflict', `The item is ${item.status}; its discussion comes before its vote`);
    if (await discussionOf(db, item.meetingId, item.id, item.round)) throw new AppError('conflict', `Round ${item.round} of this item has been discussed already`);
    const roster = await loadAttendees(db, item.meetingId);
    const speakers = speakerIds.map((id) => {
      const a = roster.find((r) => r.personId === id);
      if (!a) throw new AppError('validation_failed', `speakers: ${id} is not on this meeting's roster`, { errors: [{ path: ['speakers'], message: `${id} is not on the roster` }] });
      if (a.excusedReason !== null) throw new AppError('validation_failed', `speakers: ${a.name} is excused from this meeting`, { errors: [{ path: ['speakers'], message: `${id} is excused` }] });
      return { person: a.personId, name: a.name };
    });
    const secretary = roster.find((r) => r.class === 'A' && r.role === 'secretary')?.personId ?? null;
    if (!secretarySpeaksLast(speakerIds, secretary)) {
      const after = speakers.slice(speakerIds.indexOf(secretary!) + 1).map((s) => s.name);
      throw new AppError('secretary_not_last', `The secretary states a view after the others (R11); ${after.join('、')} spoke after`, { secretary, after });
    }
    return { entries: [discussionEntry(item.id, item.round, input.introducedBy, speakers)], value: { item: item.id, round: item.round, speakers } };
  });
  hubFor(deps).publish(first.meetingId, { type: 'item-discussed', data: { item: itemId, round: value.round } });
  return value;
}
