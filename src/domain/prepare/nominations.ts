import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import type { Db } from '../../db/client';
import { writeAtomically } from '../../db/atomic';
import { itemDossiers, itemNominees, items, meetings, nominees, posts, votes } from '../../db/schema';
import { AppError } from '../../errors';
import { newId } from '../../ids';
import { latestCheckpoint } from '../../record/checkpoint';
import { logSize } from '../../record/log';
import type { VoteTally } from '../live/close-item';
import { identityGuard, identityKeyOf, isIdentityGuardFailure } from './identity';
import { requireCommittee, type Committee } from './committees';
import { isGuardFailure, isUniqueFailure, meetingStatusGuard, rethrowGuard } from './guard';
import { checkBars, checkNomineeLimit, nomineeInsertValue, rethrowItemWrite } from './item-rules';
import { listItems, requireMeeting, type Citation, type ItemView } from './meetings';

/**
 * From standing committee to full committee (R13, docs/full-committee.md §4): a standing
 * committee's item marked `nominates`, once its meeting has ended and the announced tally of its
 * standing round approved a nominee, is a nomination the linked full committee decides. The full
 * committee's item cites that vote by ids, round and the meeting's tally hash, so its record can
 * be checked against the standing committee's (`sealvote verify --cited`).
 */

export type NotDecidedReason =
  | 'not-nominating'
  | 'not-on-item'
  | 'other-committee'
  | 'meeting-not-ended'
  | 'not-announced'
  | 'reconsidered'
  | 'not-approved';

function notDecided(reason: NotDecidedReason, detail: string): AppError {
  return new AppError('nomination_not_decided', detail, { reason });
}

type ItemRow = typeof items.$inferSelect;
type MeetingRow = typeof meetings.$inferSelect;

/** The final checkpoint's root, when the meeting has ended and its last write is sealed. */
async function tallyHashOf(db: Db, meeting: MeetingRow): Promise<string | null> {
  if (meeting.status !== 'closed') return null;
  const final = await latestCheckpoint(db, meeting.id);
  return final && final.size === (await logSize(db, meeting.id)) ? final.rootHash : null;
}

/**
 * The citation of nominee `nomineeId` on the standing item, or the reason it is not (yet) a
 * decided nomination. Every condition the verifier checks from the records is checked here first.
 */
async function citationOf(db: Db, standingCommitteeId: string, item: ItemRow, meeting: MeetingRow, nomineeId: string): Promise<Citation> {
  if (meeting.committeeId !== standingCommitteeId) throw notDecided('other-committee', `Item ${item.id} is not of the standing committee this full committee decides for`);
  if (!item.nominates) throw notDecided('not-nominating', `Item ${item.id} was not marked as a nomination to the full committee`);
  const [nominee] = await db
    .select({ id: nominees.id, name: nominees.name, birthDate: nominees.birthDate })
    .from(itemNominees)
    .innerJoin(nominees, eq(nominees.id, itemNominees.nomineeId))
    .where(and(eq(itemNominees.itemId, item.id), eq(itemNominees.nomineeId, nomineeId)));
  if (!nominee) throw notDecided('not-on-item', `Nominee ${nomineeId} is not on item ${item.id}`);
  const tallyHash = await tallyHashOf(db, meeting);
  if (!tallyHash) throw notDecided('meeting-not-ended', `Meeting ${meeting.id} has not ended; its tally hash is not fixed yet`);
  if (item.status !== 'announced') throw notDecided('not-announced', `Item ${item.id} is ${item.status}: its result was not announced (R12)`);
  const [vote] = await db
    .select()
    .from(votes)
    .where(and(eq(votes.itemId, item.id), eq(votes.round, item.round), eq(votes.purpose, 'vote')));
  if (!vote?.result) throw notDecided('not-announced', `Item ${item.id} has no tally for round ${item.round}`);
  if (vote.reconsidered) throw notDecided('reconsidered', `Round ${item.round} of item ${item.id} was reconsidered (R10)`);
  const tally = JSON.parse(vote.result) as VoteTally;
  if (tally.A.nominees.find((n) => n.id === nomineeId)?.approved !== true) {
    throw notDecided('not-approved', `The standing committee did not approve nominee ${nomineeId} on item ${item.id}`);
  }
  const [post] = await db.select().from(posts).where(eq(posts.id, item.postId));
  return {
    committee: meeting.committeeId,
    meeting: meeting.id,
    item: item.id,
    round: item.round,
    tallyHash,
    kind: item.kind,
    nominee,
    post: { id: post!.id, unit: post!.unit, title: post!.title },
  };
}

export interface Nomination {
  citation: Citation;
  title: string;
  meeting: { id: string; title: string; date: string };
  nominee: { id: string; name: string; birthDate: string; currentPost: string };
  /** The full committee's item deciding it, unless postponed; null while it waits. */
  takenBy: { meetingId: string; itemId: string; status: string } | null;
}

async function standingOf(db: Db, fullCommitteeId: string): Promise<Committee & { standingCommitteeId: string }> {
  const full = await requireCommittee(db, fullCommitteeId);
  if (full.kind !== 'full') throw new AppError('rule_violation', 'Only a full committee (全委会) decides nominations (R13)', { reason: 'not-full-committee', committeeKind: full.kind });
  if (!full.standingCommitteeId) throw new AppError('rule_violation', 'This full committee names no standing committee whose nominations it decides (R13)', { reason: 'no-standing-committee' });
  return { ...full, standingCommitteeId: full.standingCommitteeId };
}

/** Items still deciding a nomination: a postponed one gives it back (R9). */
async function takenBy(db: Db, itemId: string, nomineeId: string) {
  const [row] = await db
    .select({ meetingId: items.meetingId, itemId: items.id, status: items.status })
    .from(items)
    .where(and(eq(items.citesItemId, itemId), eq(items.citesNomineeId, nomineeId), ne(items.status, 'postponed')));
  return row ?? null;
}

/** Every decided nomination of the linked standing committee, oldest meeting first. */
export async function listNominations(deps: AppDeps, fullCommitteeId: string): Promise<{ standingCommitteeId: string; nominations: Nomination[] }> {
  const { db } = deps;
  const full = await standingOf(db, fullCommitteeId);
  const rows = await db
    .select({ item: items, meeting: meetings })
    .from(items)
    .innerJoin(meetings, eq(meetings.id, items.meetingId))
    .where(and(eq(meetings.committeeId, full.standingCommitteeId), eq(items.nominates, true), eq(meetings.status, 'closed')))
    .orderBy(asc(meetings.date), asc(items.position));
  const out: Nomination[] = [];
  for (const { item, meeting } of rows) {
    const people = await db
      .select({ id: nominees.id, name: nominees.name, birthDate: nominees.birthDate, currentPost: nominees.currentPost })
      .from(itemNominees)
      .innerJoin(nominees, eq(nominees.id, itemNominees.nomineeId))
      .where(eq(itemNominees.itemId, item.id))
      .orderBy(asc(itemNominees.position));
    for (const person of people) {
      let citation: Citation;
      try {
        citation = await citationOf(db, full.standingCommitteeId, item, meeting, person.id);
      } catch (e) {
        if (e instanceof AppError && e.code === 'nomination_not_decided') continue;
        throw e;
      }
      out.push({
        citation,
        title: item.title,
        meeting: { id: meeting.id, title: meeting.title, date: meeting.date },
        nominee: person,
        takenBy: await takenBy(db, item.id, person.id),
      });
    }
  }
  return { standingCommitteeId: full.standingCommitteeId, nominations: out };
}

/**
 * The full committee's post of the same unit and title, and its nominee record of the same
 * person (R15), each with the insert that makes it when the committee has none yet: written in
 * the item's batch, so a refused nomination leaves nothing behind.
 */
async function samePost(deps: AppDeps, committeeId: string, post: { unit: string; title: string }) {
  const { db } = deps;
  const [known] = await db.select({ id: posts.id }).from(posts).where(and(eq(posts.committeeId, committeeId), eq(posts.unit, post.unit), eq(posts.title, post.title)));
  if (known) return { id: known.id, writes: [] };
  const id = newId('pst');
  return { id, writes: [db.insert(posts).values({ id, committeeId, unit: post.unit, title: post.title, createdAt: deps.now().getTime() })] };
}

async function samePerson(deps: AppDeps, committeeId: string, nomineeId: string) {
  const { db } = deps;
  const [source] = await db.select().from(nominees).where(eq(nominees.id, nomineeId));
  const key = identityKeyOf('nominee', source!);
  const [known] = await db
    .select({ id: nominees.id })
    .from(nominees)
    .where(and(eq(nominees.committeeId, committeeId), eq(nominees.identityKey, key)))
    .orderBy(asc(nominees.createdAt))
    .limit(1);
  if (known) return { id: known.id, writes: [] };
  const id = newId('nom');
  const row = { id, committeeId, name: source!.name, birthDate: source!.birthDate, currentPost: source!.currentPost, resume: source!.resume, identityKey: key, createdAt: deps.now().getTime() };
  return { id, writes: [db.insert(nominees).values(row), identityGuard(db, 'nominee', committeeId, key, [], id)] };
}

/**
 * Puts a decided nomination on a draft meeting of the full committee: a plain item (one person,
 * one post, the cited kind) for the same post and person in the full committee, citing the
 * standing committee's vote. The full committee's own rules apply to it (R3 bars, R5).
 */
export async function putNomination(deps: AppDeps, meetingId: string, input: { itemId: string; nomineeId: string; title?: string }): Promise<ItemView> {
  const { db } = deps;
  const meeting = await requireMeeting(db, meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked');
  const full = await standingOf(db, meeting.committeeId);
  const [cited] = await db.select({ item: items, meeting: meetings }).from(items).innerJoin(meetings, eq(meetings.id, items.meetingId)).where(eq(items.id, input.itemId));
  if (!cited) throw new AppError('not_found', `No item ${input.itemId}`);
  const citation = await citationOf(db, full.standingCommitteeId, cited.item, cited.meeting, input.nomineeId);
  const taken = await takenBy(db, input.itemId, input.nomineeId);
  if (taken) throw alreadyDecided(input, taken);

  const post = await samePost(deps, meeting.committeeId, citation.post);
  const person = await samePerson(deps, meeting.committeeId, input.nomineeId);
  const [postId, nomineeId] = [post.id, person.id];
  const shape = { postId, nomineeIds: [nomineeId], seats: 1, openSelection: false, itemKind: citation.kind };
  await checkBars(db, meeting.committeeId, shape, meeting.date);
  await checkNomineeLimit(db, meetingId, shape.nomineeIds);

  // What the standing committee's members were told goes with the nomination (docs/full-committee.md §3).
  const [dossier] = await db.select().from(itemDossiers).where(and(eq(itemDossiers.itemId, input.itemId), eq(itemDossiers.nomineeId, input.nomineeId)));
  const id = newId('itm');
  try {
    await writeAtomically(db, [
      meetingStatusGuard(db, meetingId),
      ...post.writes,
      ...person.writes,
      db.insert(items).values({
        id,
        meetingId,
        position: sql`(SELECT COALESCE(MAX(${items.position}), 0) + 1 FROM ${items} WHERE ${items.meetingId} = ${meetingId})`,
        title: input.title ?? cited.item.title,
        kind: citation.kind,
        // NULL (refused by NOT NULL, aborting the batch) when another item took the nomination
        // between the read above and this write: one nomination, one live decision.
        postId: sql`CASE WHEN EXISTS (SELECT 1 FROM ${items} WHERE ${items.citesItemId} = ${input.itemId} AND ${items.citesNomineeId} = ${input.nomineeId} AND ${items.status} <> 'postponed') THEN NULL ELSE ${postId} END`,
        seats: 1,
        openSelection: false,
        passRule: 'majority',
        cites: JSON.stringify(citation),
        citesItemId: input.itemId,
        citesNomineeId: input.nomineeId,
        createdAt: deps.now().getTime(),
      }),
      db.insert(itemNominees).values({ itemId: id, meetingId, nomineeId: nomineeInsertValue(meetingId, nomineeId), position: 0 }),
      ...(dossier ? [db.insert(itemDossiers).values({ ...dossier, itemId: id, nomineeId, updatedAt: deps.now().getTime() })] : []),
    ]);
  } catch (err) {
    if (isGuardFailure(err, 'meetings.title')) rethrowGuard(err);
    if (isGuardFailure(err, 'items.post_id')) throw alreadyDecided(input, null);
    if (isIdentityGuardFailure(err) || isUniqueFailure(err, 'posts')) throw new AppError('conflict', 'The post or the person was registered by someone else meanwhile; try again');
    rethrowItemWrite(err);
  }
  const view = (await listItems(db, meetingId)).find((i) => i.id === id);
  if (!view) throw new AppError('internal', 'The item vanished after it was written');
  return view;
}

function alreadyDecided(input: { itemId: string; nomineeId: string }, by: { meetingId: string; itemId: string; status: string } | null): AppError {
  return new AppError('already_exists', `Nominee ${input.nomineeId} of item ${input.itemId} is already on a full committee's item${by ? ` (${by.itemId}, ${by.status})` : ''}`, { reason: 'nomination-taken', ...(by ? { by } : {}) });
}
