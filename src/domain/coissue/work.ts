import { sha256 } from '@noble/hashes/sha2.js';
import { and, asc, eq } from 'drizzle-orm';
import { bytesToHex, utf8 } from '../../../crypto/bytes';
import { coissueRequests, coissuerKeys, coissuerPresence, coissuerRolls, items, votes, type VotePurpose } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { loadAttendees, loadCommittee, loadMeeting } from '../live/load';
import { coissuerRow } from './issuance';
import { touchCoissuer } from './register';
import { serviceShare } from './vote-keys';
import { coissueChannel, waitFor } from './wait';

type Klass = 'A' | 'B';

/** Everything the co-issuer needs to act on, in one answer (docs/coissuance.md §4). */
export interface CoissuerWork {
  meeting: { id: string; title: string; date: string; status: string };
  /** Whose meeting, for the co-issuer's words (R13): a standing committee's or a full committee's. */
  committee: { kind: 'standing' | 'full' };
  verifierKey: string;
  /** `kind`: member (A), observer or a full committee's alternate member (both B). */
  roster: Array<{ person: string; class: Klass; kind: 'member' | 'observer' | 'alternate'; name: string; unit: string; title: string; excused: boolean }>;
  /** Signed in at the service now (for the officer to confirm). */
  signedIn: string[];
  /** The officer's decisions as the service holds them. */
  presence: Record<string, 'present' | 'absent'>;
  /** The vote open now, if any. */
  open: { item: string; round: number; purpose: VotePurpose } | null;
  /** Votes that can open next without a key statement yet: the service's share and proof per class. */
  keysDue: Array<{ item: string; round: number; purpose: VotePurpose; class: Klass; service: { public_key: string; pop: string } }>;
  /** Token requests without an answer, of the open vote. */
  requests: Array<{ item: string; round: number; purpose: VotePurpose; class: Klass; person: string; blinded: string }>;
  /** Answers the service holds for the open vote: the co-issuer compares them with its state. */
  answered: Array<{ item: string; round: number; purpose: VotePurpose; class: Klass; person: string; blinded: string; blindedHash: string; partial: string; sig: string }>;
  /** Closed votes whose roll (per class) the co-issuer has not signed yet. */
  rollsDue: Array<{ item: string; round: number; purpose: VotePurpose; classes: Klass[] }>;
  /** SHA-256 of the rest: the co-issuer sends it back to wait until something changes. */
  etag: string;
}

export const MAX_WAIT_S = 20;

/**
 * The co-issuer's view of a meeting. With `etag` equal to the current one it waits (up to
 * `waitS` seconds) until something changes: a long poll, woken by the co-issuance channel.
 */
export async function coissuerWork(deps: AppDeps, meetingId: string, opts: { waitS?: number; etag?: string } = {}): Promise<CoissuerWork> {
  const row = await coissuerRow(deps.db, meetingId);
  if (!row) throw new AppError('coissuer_not_registered', 'Register the co-issuer key for this meeting first (PUT /api/meetings/{id}/coissuer)');
  await touchCoissuer(deps, meetingId);
  const waitMs = Math.max(0, Math.min(MAX_WAIT_S, opts.waitS ?? 0)) * 1000;
  const view = async () => {
    const w = await buildWork(deps, meetingId, row.verifierKey);
    return w.etag === opts.etag ? null : w;
  };
  // The meeting's own events (opening, closing, sign-ins) change the co-issuer's work too.
  const changed = await waitFor(deps, [coissueChannel(meetingId), meetingId], view, waitMs);
  await touchCoissuer(deps, meetingId);
  return changed ?? buildWork(deps, meetingId, row.verifierKey);
}

async function buildWork(deps: AppDeps, meetingId: string, verifierKey: string): Promise<CoissuerWork> {
  const db = deps.db;
  const meeting = await loadMeeting(db, meetingId);
  const committee = await loadCommittee(db, meeting.committeeId);
  const attendees = await loadAttendees(db, meetingId);
  const presenceRows = await db.select().from(coissuerPresence).where(eq(coissuerPresence.meetingId, meetingId));
  const agenda = await db.select().from(items).where(eq(items.meetingId, meetingId)).orderBy(asc(items.position), asc(items.id));
  const voteRows = await db.select().from(votes).where(eq(votes.meetingId, meetingId));
  const keyRows = await db
    .select({ itemId: coissuerKeys.itemId, round: coissuerKeys.round, purpose: coissuerKeys.purpose, class: coissuerKeys.class })
    .from(coissuerKeys)
    .where(eq(coissuerKeys.meetingId, meetingId));
  const rollRows = await db
    .select({ itemId: coissuerRolls.itemId, round: coissuerRolls.round, purpose: coissuerRolls.purpose, class: coissuerRolls.class })
    .from(coissuerRolls)
    .where(eq(coissuerRolls.meetingId, meetingId));
  const id = (v: { itemId: string; round: number; purpose: string }, k?: string) => `${v.itemId}|${v.round}|${v.purpose}|${k ?? ''}`;
  const haveKey = new Set(keyRows.map((k) => id(k, k.class)));
  const haveRoll = new Set(rollRows.map((r) => id(r, r.class)));

  // Keys are offered once the agenda is sealed: a draft's items may still be removed.
  const keysDue: CoissuerWork['keysDue'] = [];
  if (meeting.status === 'open') {
    for (const item of agenda) {
      const candidates: Array<{ purpose: VotePurpose; classes: Klass[] }> = [];
      if (item.status === 'pending' || item.status === 'open') candidates.push({ purpose: 'vote', classes: ['A', 'B'] });
      // R10: a decided item may be moved for reconsideration once per round; members only.
      if ((item.status === 'closed' || item.status === 'announced') && !voteRows.some((v) => v.itemId === item.id && v.round === item.round && v.purpose === 'motion')) {
        candidates.push({ purpose: 'motion', classes: ['A'] });
      }
      for (const c of candidates) {
        for (const klass of c.classes) {
          const v = { itemId: item.id, round: item.round, purpose: c.purpose };
          if (haveKey.has(id(v, klass))) continue;
          keysDue.push({ item: item.id, round: item.round, purpose: c.purpose, class: klass, service: serviceShare(deps.config, { meetingId, ...v, klass }) });
        }
      }
    }
  }

  const openVote = voteRows.find((v) => v.status === 'open') ?? null;
  let requests: CoissuerWork['requests'] = [];
  let answered: CoissuerWork['answered'] = [];
  if (openVote) {
    const rows = await db
      .select()
      .from(coissueRequests)
      .where(and(eq(coissueRequests.itemId, openVote.itemId), eq(coissueRequests.round, openVote.round), eq(coissueRequests.purpose, openVote.purpose)))
      .orderBy(asc(coissueRequests.personId));
    const ref = { item: openVote.itemId, round: openVote.round, purpose: openVote.purpose };
    requests = rows.filter((r) => r.partial === null && r.refusal === null).map((r) => ({ ...ref, class: r.class, person: r.personId, blinded: r.blinded }));
    answered = rows
      .filter((r) => r.partial !== null)
      .map((r) => ({ ...ref, class: r.class, person: r.personId, blinded: r.blinded, blindedHash: r.blindedHash, partial: r.partial!, sig: r.sig! }));
  }

  const rollsDue: CoissuerWork['rollsDue'] = [];
  for (const v of voteRows.filter((x) => x.status === 'closed')) {
    const classes = (['A', 'B'] as const).filter((k) => haveKey.has(id(v, k)) && !haveRoll.has(id(v, k)));
    if (classes.length > 0) rollsDue.push({ item: v.itemId, round: v.round, purpose: v.purpose, classes });
  }

  const body = {
    meeting: { id: meeting.id, title: meeting.title, date: meeting.date, status: meeting.status },
    committee: { kind: committee.kind },
    verifierKey,
    roster: attendees.map((a) => ({ person: a.personId, class: a.class, kind: a.kind, name: a.name, unit: a.unit, title: a.title, excused: a.excusedReason !== null })),
    signedIn: attendees.filter((a) => a.signedInAt !== null && a.signedOutAt === null && a.excusedReason === null).map((a) => a.personId),
    presence: Object.fromEntries(presenceRows.map((p) => [p.personId, p.status])),
    open: openVote ? { item: openVote.itemId, round: openVote.round, purpose: openVote.purpose } : null,
    keysDue,
    requests,
    answered,
    rollsDue,
  };
  return { ...body, etag: bytesToHex(sha256(utf8(JSON.stringify(body)))) };
}
