import { filingStatus } from '../record/filing-status';
import { discussionsOf, type LoggedDiscussion } from '../live/discussion-log';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { attendees, itemDossiers, itemNominees, items, meetings, nominees, posts, slips } from '../../db/schema';
import { AppError } from '../../errors';
import type { Meeting } from './create-meeting';
import { dossierObject, type Citation } from '../../record/entries';
import type { Dossier } from '../../rules';

export async function requireMeeting(db: Db, id: string): Promise<Meeting> {
  const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
  if (!row) throw new AppError('not_found', `No meeting ${id}`);
  return row;
}

export async function listMeetings(db: Db, committeeId?: string): Promise<Meeting[]> {
  const q = db.select().from(meetings);
  const rows = committeeId ? await q.where(eq(meetings.committeeId, committeeId)) : await q;
  return rows.sort((a, b) => (a.date === b.date ? a.createdAt - b.createdAt : a.date < b.date ? -1 : 1));
}

export type SlipState = 'none' | 'issued' | 'redeemed';

export interface AttendeeView {
  personId: string;
  class: 'A' | 'B';
  /** member, observer (列席) or alternate (候补委员): the last two both cast B (R13). */
  kind: 'member' | 'observer' | 'alternate';
  name: string;
  unit: string;
  title: string;
  /** Roster order (排序) within the class. */
  rank: number;
  /** 'secretary': states a view last in the discussion (R11). */
  role: 'secretary' | null;
  excusedReason: string | null;
  signedInAt: number | null;
  signedOutAt: number | null;
  /** Signed in and not signed out or marked left. */
  present: boolean;
  slip: SlipState;
}

export interface ItemView {
  id: string;
  meetingId: string;
  position: number;
  title: string;
  kind: 'plain' | 'competitive';
  /** 任职 or 免职 (src/rules/item-kind.ts). */
  itemKind: 'appointment' | 'removal';
  post: { id: string; unit: string; title: string };
  seats: number;
  openSelection: boolean;
  passRule: 'majority' | 'two-thirds';
  status: string;
  round: number;
  postponedReason: string | null;
  /** R9: the postponed item of an earlier meeting this item takes up, with its `postpone` entry's leaf hash. */
  followsUp: { meetingId: string; itemId: string; postponeLeaf: string } | null;
  /** `dossier`: what members are told of the person on this item (docs/full-committee.md §3), or null. */
  nominees: Array<{ id: string; name: string; birthDate: string; currentPost: string; resume: string; dossier: Dossier | null }>;
  /** R13: a standing committee's item that only nominates; the full committee decides. */
  nominates: boolean;
  /** A full committee's item deciding a standing committee's nomination: what it cites (docs/full-committee.md §4). */
  cites: Citation | null;
}

export type { Citation } from '../../record/entries';

export interface MeetingDetail {
  meeting: Meeting;
  attendees: AttendeeView[];
  /** `discussion`: the current round's discussion as logged (R11), or null while none is. */
  items: Array<ItemView & { discussion: Omit<LoggedDiscussion, 'item' | 'round'> | null }>;
  /** Both departments have cosigned the final checkpoint. */
  filed: boolean;
}

export async function listItems(db: Db, meetingId: string): Promise<ItemView[]> {
  const itemRows = await db
    .select({ item: items, post: { id: posts.id, unit: posts.unit, title: posts.title } })
    .from(items)
    .innerJoin(posts, eq(posts.id, items.postId))
    .where(eq(items.meetingId, meetingId))
    .orderBy(asc(items.position), asc(items.createdAt));
  const ids = itemRows.map((r) => r.item.id);
  const nomineeRows = ids.length
    ? await db
        .select({ itemId: itemNominees.itemId, position: itemNominees.position, nominee: nominees })
        .from(itemNominees)
        .innerJoin(nominees, eq(nominees.id, itemNominees.nomineeId))
        .where(inArray(itemNominees.itemId, ids))
        .orderBy(asc(itemNominees.position))
    : [];
  const dossiers = ids.length ? await db.select().from(itemDossiers).where(inArray(itemDossiers.itemId, ids)) : [];
  const dossierOf = (itemId: string, nomineeId: string) => {
    const d = dossiers.find((x) => x.itemId === itemId && x.nomineeId === nomineeId);
    return d ? dossierObject(d) : null;
  };
  return itemRows.map(({ item, post }) => {
    const list = nomineeRows
      .filter((n) => n.itemId === item.id)
      .map(({ nominee: n }) => ({ id: n.id, name: n.name, birthDate: n.birthDate, currentPost: n.currentPost, resume: n.resume, dossier: dossierOf(item.id, n.id) }));
    return {
      id: item.id,
      meetingId: item.meetingId,
      position: item.position,
      title: item.title,
      kind: list.length === 1 && item.seats === 1 ? 'plain' : 'competitive',
      itemKind: item.kind,
      post,
      seats: item.seats,
      openSelection: item.openSelection,
      passRule: item.passRule,
      status: item.status,
      round: item.round,
      postponedReason: item.postponedReason,
      followsUp:
        item.followsUpItemId && item.followsUpMeetingId && item.followsUpLeaf
          ? { meetingId: item.followsUpMeetingId, itemId: item.followsUpItemId, postponeLeaf: item.followsUpLeaf }
          : null,
      nominees: list,
      nominates: item.nominates,
      cites: item.cites === null ? null : (JSON.parse(item.cites) as Citation),
    };
  });
}

export async function getMeetingDetail(db: Db, meetingId: string): Promise<MeetingDetail> {
  const meeting = await requireMeeting(db, meetingId);
  const rows = await db
    .select({ a: attendees, redeemedAt: slips.redeemedAt, issuedAt: slips.issuedAt })
    .from(attendees)
    .leftJoin(slips, and(eq(slips.meetingId, attendees.meetingId), eq(slips.personId, attendees.personId)))
    .where(eq(attendees.meetingId, meetingId))
    .orderBy(asc(attendees.class), asc(attendees.rank), asc(attendees.name), asc(attendees.personId));
  const attendeeViews: AttendeeView[] = rows.map(({ a, redeemedAt, issuedAt }) => ({
    personId: a.personId,
    class: a.class,
    kind: a.kind,
    name: a.name,
    unit: a.unit,
    title: a.title,
    rank: a.rank,
    role: a.role,
    excusedReason: a.excusedReason,
    signedInAt: a.signedInAt,
    signedOutAt: a.signedOutAt,
    present: a.signedInAt !== null && a.signedOutAt === null,
    slip: issuedAt === null ? 'none' : redeemedAt === null ? 'issued' : 'redeemed',
  }));
  // "Filed" only with both departments' cosignatures (R4: 1式2份, filed separately).
  const { filed } = await filingStatus(db, meetingId);
  const discussions = await discussionsOf(db, meetingId);
  const agenda = (await listItems(db, meetingId)).map((i) => {
    const d = discussions.find((x) => x.item === i.id && x.round === i.round);
    return { ...i, discussion: d ? { introducedBy: d.introducedBy, speakers: d.speakers, entry: d.entry } : null };
  });
  return { meeting, attendees: attendeeViews, items: agenda, filed };
}

