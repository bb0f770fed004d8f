import { and, asc, eq, isNull } from 'drizzle-orm';
import { itemDossiers, meetingCoissuers, meetings, items } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { hubFor } from '../../events/hub';
import { signCheckpoint, type StoredCheckpoint } from '../../record/checkpoint';
import { meetingEntry } from '../../record/entries';
import { commitMeetingChange, logSize } from '../../record/log';
import { checkpointKeys } from '../../record/signer';
import { policiesOf } from '../prepare/committees';
import { confirmedDistinctPairs } from '../prepare/identity';
import { checkAgendaBars } from '../prepare/item-rules';
import { dossierObject } from '../../record/entries';
import { requireMeetingDay } from '../prepare/meeting-date';
import { coissuerRow } from '../coissue/issuance';
import { asked, loadAttendees, loadCommittee, loadItemNominees, loadMeeting, loadPost } from './load';
import { openVote } from './open-item';
import { quorumMet } from '../../rules';

/**
 * Opens a meeting (presiding officer), on its own date only (R14), with every nominee checked
 * against the bars on that date (R3): the agenda is sealed (status draft → open, after which
 * preparation refuses every edit) and the `meeting` entry starts the meeting's log.
 * Sealing comes first so the agenda cannot change between reading it and logging it; if the
 * process dies in between, opening again writes the missing entry.
 */
export async function openMeeting(deps: AppDeps, meetingId: string): Promise<{ checkpoint: StoredCheckpoint }> {
  const db = deps.db;
  const now = deps.now().getTime();
  const draft = await loadMeeting(db, meetingId);
  if (draft.status === 'draft') {
    // R14: on its own date only; and R3 once more on that date, since a bar may have arisen
    // (another meeting's vote) after the items were put on this agenda.
    requireMeetingDay(deps, await loadCommittee(db, draft.committeeId), draft.date);
    await checkAgendaBars(db, meetingId, draft.date);
    if (draft.kind === 'consultation') requireEnoughAsked(await loadAttendees(db, meetingId));
    // A co-issuing committee's meeting opens only with the commission's co-issuer key registered
    // (docs/coissuance.md §2.1): checked before the agenda is sealed.
    if ((await loadCommittee(db, draft.committeeId)).issuance === 'coissued' && !(await coissuerRow(db, meetingId))) {
      throw new AppError('coissuer_not_registered', "The discipline commission's co-issuer has not registered its key for this meeting");
    }
  }
  const sealed = await db
    .update(meetings)
    .set({ status: 'open', openedAt: now })
    .where(and(eq(meetings.id, meetingId), eq(meetings.status, 'draft')))
    .returning({ id: meetings.id });
  if (sealed.length === 0) {
    const meeting = await loadMeeting(db, meetingId);
    if (meeting.status !== 'open' || (await logSize(db, meetingId)) > 0) {
      // A consultation whose items did not open with it (the process died in between): open them now.
      if (meeting.status === 'open' && meeting.kind === 'consultation' && (await pendingItems(deps, meetingId)).length > 0) {
        return { checkpoint: await openConsultationItems(deps, meetingId) };
      }
      throw new AppError('meeting_locked', `The meeting is ${meeting.status}`);
    }
  }
  await commitMeetingChange(db, meetingId, async (size) => {
    if (size > 0) throw new AppError('meeting_locked', 'The meeting is already open');
    const { entry, coissuer } = await buildMeetingEntry(deps, meetingId);
    // The co-issuer key and the mode are fixed in the same write that logs them.
    const queries = coissuer ? [db.update(meetingCoissuers).set({ sealedAt: now }).where(and(eq(meetingCoissuers.meetingId, meetingId), isNull(meetingCoissuers.sealedAt)))] : [];
    return { entries: [entry], queries, value: null };
  });
  let checkpoint = await signCheckpoint(deps, meetingId, 1);
  hubFor(deps).publish(meetingId, { type: 'meeting', data: { meeting: meetingId, status: 'open' } });
  // docs/full-committee.md §5: one press opens a consultation and all its items.
  if (draft.kind === 'consultation' && (await pendingItems(deps, meetingId)).length > 0) checkpoint = await openConsultationItems(deps, meetingId);
  return { checkpoint };
}

/**
 * R1 on those asked: a written consultation has no room, but two-thirds of those due must be
 * able to answer (not excused), or its votes could decide nothing (docs/full-committee.md §5).
 */
function requireEnoughAsked(attendees: Awaited<ReturnType<typeof loadAttendees>>): void {
  const everyone = asked(attendees);
  const count = everyone.presentMembers.length;
  if (everyone.due > 0 && !quorumMet(everyone.due, count)) {
    const needed = Math.ceil((2 * everyone.due) / 3);
    throw new AppError('consultation_too_few_asked', `${count} of ${everyone.due} due can be asked (the others are excused); ${needed} needed`, { asked: count, due: everyone.due, needed });
  }
}

async function pendingItems(deps: AppDeps, meetingId: string) {
  return deps.db
    .select()
    .from(items)
    .where(and(eq(items.meetingId, meetingId), eq(items.status, 'pending')))
    .orderBy(asc(items.position), asc(items.id));
}

/**
 * Opens every item of a written consultation in ONE write, in agenda order: each item's keys,
 * then its `open`, whose present lists are everyone asked (load.ts `asked`: the roster not
 * excused) — no one is in a room, so R1's presence quorum does not apply (docs/full-committee.md §5).
 */
async function openConsultationItems(deps: AppDeps, meetingId: string): Promise<StoredCheckpoint> {
  const { value, size } = await commitMeetingChange(deps.db, meetingId, async () => {
    const pending = await pendingItems(deps, meetingId);
    if (pending.length === 0) throw new AppError('meeting_locked', 'The consultation is already open');
    const everyone = asked(await loadAttendees(deps.db, meetingId));
    const changes = [];
    for (const item of pending) changes.push(await openVote(deps, item, 'vote', () => undefined, everyone));
    return { entries: changes.flatMap((c) => c.entries), queries: changes.flatMap((c) => c.queries ?? []), value: changes.map((c) => c.value.opened) };
  });
  const checkpoint = await signCheckpoint(deps, meetingId, size);
  for (const opened of value) hubFor(deps).publish(meetingId, { type: 'item-opened', data: opened as unknown as Record<string, unknown> });
  return checkpoint;
}

async function buildMeetingEntry(deps: AppDeps, meetingId: string) {
  const db = deps.db;
  const meeting = await loadMeeting(db, meetingId);
  const committee = await loadCommittee(db, meeting.committeeId);
  const attendeeRows = await loadAttendees(db, meetingId);
  const agenda = await db.select().from(items).where(eq(items.meetingId, meetingId)).orderBy(asc(items.position), asc(items.id));
  // R15: who the clerk confirmed to be different people of the same name (and birth date).
  const distinctPersons = await confirmedDistinctPairs(db, committee.id, 'person');
  const distinctNominees = await confirmedDistinctPairs(db, committee.id, 'nominee');
  const others = (pairs: Set<string>, id: string) =>
    [...pairs].flatMap((pair) => {
      const [a, b] = pair.split('|') as [string, string];
      return a === id ? [b] : b === id ? [a] : [];
    }).sort();
  const roster = attendeeRows.map((a) => ({ ...a, distinctFrom: others(distinctPersons, a.personId) }));
  const itemEntries = [];
  for (const item of agenda) {
    const post = await loadPost(db, item.postId);
    const dossiers = await db.select().from(itemDossiers).where(eq(itemDossiers.itemId, item.id));
    const nominees = (await loadItemNominees(db, item.id)).map((n) => {
      const d = dossiers.find((x) => x.nomineeId === n.id);
      return { ...n, distinctFrom: others(distinctNominees, n.id), dossier: d ? dossierObject(d) : null };
    });
    const followsUp =
      item.followsUpItemId && item.followsUpMeetingId && item.followsUpLeaf
        ? { meeting: item.followsUpMeetingId, item: item.followsUpItemId, postponeLeaf: item.followsUpLeaf }
        : null;
    itemEntries.push({ item, post, nominees, followsUp });
  }
  const coissuer = committee.issuance === 'coissued' ? await coissuerRow(db, meetingId) : null;
  if (committee.issuance === 'coissued' && !coissuer) throw new AppError('coissuer_not_registered');
  const entry = meetingEntry({
    meeting,
    committee: { ...committee, policies: policiesOf(committee) },
    roster,
    items: itemEntries,
    checkpointKey: checkpointKeys(deps.config).verifierKey,
    issuance: coissuer ? { mode: 'coissued', coissuer: coissuer.verifierKey } : { mode: 'service' },
  });
  return { entry, coissuer };
}
