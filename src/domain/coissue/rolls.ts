import { and, eq } from 'drizzle-orm';
import { coissuerPublicKey, parseRoll, verifyRoll, type Roll } from '../../../crypto/coissuer-statements';
import { CryptoInputError } from '../../../crypto/bytes';
import { canonicalize } from '../../../crypto/jcs';
import type { Db } from '../../db/client';
import { coissueRequests, coissuerKeys, coissuerRolls, logEntries, votes, type VotePurpose } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { coissuedEntry } from '../../record/entries';
import { commitMeetingChange } from '../../record/log';
import { loadMeeting, loadVote } from '../live/load';
import { coissuerRow } from './issuance';
import { storedStatement } from './vote-keys';
import { publishCoissue } from './wait';

export interface PostedRoll {
  item: string;
  round: number;
  purpose: VotePurpose;
  class: 'A' | 'B';
  present: string[];
  issued: string[];
  sig: string;
}

/**
 * Logs the co-issuer's signed rolls of closed votes (docs/coissuance.md §4.4) as `coissued`
 * entries. The service checks the signature and the form, never the content against its own:
 * a roll that differs from the service's `issued` entries is evidence, and the verifier names it
 * (`matchesService` tells the caller at once). The same roll again is a no-op.
 */
export async function postRolls(deps: AppDeps, meetingId: string, posted: PostedRoll[]): Promise<{ rolls: Array<{ item: string; round: number; purpose: VotePurpose; class: 'A' | 'B'; matchesService: boolean }> }> {
  const db = deps.db;
  const row = await coissuerRow(db, meetingId);
  if (!row) throw new AppError('coissuer_not_registered');
  const identity = coissuerPublicKey(row.verifierKey);
  const checked: Array<{ roll: Roll; sig: string }> = [];
  for (const p of posted) {
    const vote = await loadVote(db, p.item, p.round, p.purpose);
    if (!vote || vote.meetingId !== meetingId) throw new AppError('not_found', `No vote ${p.purpose} of item ${p.item} round ${p.round} in this meeting`);
    if (vote.status !== 'closed') throw new AppError('conflict', 'A roll is signed after its vote has closed');
    const stated = await storedStatement(db, { itemId: p.item, round: p.round, purpose: p.purpose, klass: p.class });
    if (!stated) throw new AppError('bad_request', `No key statement of class ${p.class} for this vote`);
    let roll: Roll;
    try {
      roll = parseRoll({ v: 1, meeting: meetingId, item: p.item, round: p.round, purpose: p.purpose, class: p.class, key_id: stated.statement.key_id, present: p.present, issued: p.issued });
    } catch (e) {
      if (e instanceof CryptoInputError) throw new AppError('bad_request', e.message);
      throw e;
    }
    if (!verifyRoll(identity, roll, p.sig, deps.ed25519)) throw new AppError('coissuer_signature_invalid', `The roll of ${p.item} round ${p.round} ${p.purpose} ${p.class}`);
    checked.push({ roll, sig: p.sig });
  }
  await commitMeetingChange(db, meetingId, async () => {
    const meeting = await loadMeeting(db, meetingId);
    if (meeting.status !== 'open') throw new AppError('meeting_locked', `The meeting is ${meeting.status}`);
    const fresh: Array<{ roll: Roll; sig: string }> = [];
    for (const c of checked) {
      const [existing] = await db.select({ roll: coissuerRolls.roll }).from(coissuerRolls).where(rollKey(c.roll));
      if (existing) {
        if (existing.roll !== canonicalize(c.roll)) throw new AppError('conflict', `Another roll is already logged for ${c.roll.item} round ${c.roll.round} ${c.roll.purpose} ${c.roll.class}`);
        continue;
      }
      if (fresh.some((f) => f.roll.item === c.roll.item && f.roll.round === c.roll.round && f.roll.purpose === c.roll.purpose && f.roll.class === c.roll.class)) continue;
      fresh.push(c);
    }
    return {
      entries: fresh.map((c) => coissuedEntry(c.roll, c.sig)),
      queries: fresh.flatMap((c) => [
        db.insert(coissuerRolls).values({ itemId: c.roll.item, round: c.roll.round, purpose: c.roll.purpose, class: c.roll.class, meetingId, roll: canonicalize(c.roll), sig: c.sig }),
        // The close deletes its vote's requests (ballot-box.ts emptyVote); this takes any a close
        // made before that change left: who asked, for which blinded point, goes.
        db
          .delete(coissueRequests)
          .where(and(eq(coissueRequests.itemId, c.roll.item), eq(coissueRequests.round, c.roll.round), eq(coissueRequests.purpose, c.roll.purpose), eq(coissueRequests.class, c.roll.class))),
      ]),
      value: null,
    };
  });
  publishCoissue(deps, meetingId);
  const out = [];
  for (const { roll } of checked) {
    const issued = await serviceRoll(db, meetingId, roll);
    out.push({ item: roll.item, round: roll.round, purpose: roll.purpose, class: roll.class, matchesService: JSON.stringify(issued) === JSON.stringify(roll.issued) });
  }
  return { rolls: out };
}

function rollKey(r: { item: string; round: number; purpose: VotePurpose; class: 'A' | 'B' }) {
  return and(eq(coissuerRolls.itemId, r.item), eq(coissuerRolls.round, r.round), eq(coissuerRolls.purpose, r.purpose), eq(coissuerRolls.class, r.class));
}

/** The service's own issuance roll of a (vote, class), from its `issued` entries in the log. */
async function serviceRoll(db: Db, meetingId: string, r: { item: string; round: number; purpose: VotePurpose; class: 'A' | 'B' }): Promise<string[]> {
  const rows = await db
    .select({ entry: logEntries.entry })
    .from(logEntries)
    .where(and(eq(logEntries.meetingId, meetingId), eq(logEntries.type, 'issued')));
  return rows
    .map((x) => JSON.parse(x.entry.slice(x.entry.indexOf('\n') + 1)) as { item: string; round: number; purpose: string; class: string; person: string })
    .filter((e) => e.item === r.item && e.round === r.round && e.purpose === r.purpose && e.class === r.class)
    .map((e) => e.person)
    .sort();
}

/** Closed votes (and classes) of a co-issued meeting still without the co-issuer's roll. */
export async function missingRolls(db: Db, meetingId: string): Promise<Array<{ item: string; round: number; purpose: VotePurpose; class: 'A' | 'B' }>> {
  const closed = await db.select().from(votes).where(and(eq(votes.meetingId, meetingId), eq(votes.status, 'closed')));
  const keys = await db.select().from(coissuerKeys).where(eq(coissuerKeys.meetingId, meetingId));
  const rolls = new Set((await db.select().from(coissuerRolls).where(eq(coissuerRolls.meetingId, meetingId))).map((r) => `${r.itemId}|${r.round}|${r.purpose}|${r.class}`));
  const out = [];
  for (const v of closed) {
    for (const k of keys.filter((k) => k.itemId === v.itemId && k.round === v.round && k.purpose === v.purpose)) {
      if (!rolls.has(`${k.itemId}|${k.round}|${k.purpose}|${k.class}`)) out.push({ item: v.itemId, round: v.round, purpose: v.purpose, class: k.class });
    }
  }
  return out;
}
