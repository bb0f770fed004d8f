import { and, eq } from 'drizzle-orm';
import { bytesToHex, hexToBytes } from '../../../crypto/bytes';
import { combinePublicKeys } from '../../../crypto/coissue';
import { checkKeyStatement, coissuerPublicKey, verifyKeyStatement, type KeyStatement } from '../../../crypto/coissuer-statements';
import { canonicalize } from '../../../crypto/jcs';
import { coissuerKeys, type VotePurpose } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { loadItem, loadMeeting } from '../live/load';
import { coissuerRow } from './issuance';
import { serviceShare } from './vote-keys';
import { publishCoissue } from './wait';

export interface PostedStatement {
  item: string;
  round: number;
  purpose: VotePurpose;
  class: 'A' | 'B';
  commission: { public_key: string; pop: string };
  sig: string;
}

/**
 * Stores the co-issuer's key statements (docs/coissuance.md §2.2, §4.2). The service rebuilds
 * each statement from its own share and the commission's, so it stores only a statement it
 * would have made itself: both proofs of possession hold, the combined key is their sum, and the
 * signature verifies under the meeting's registered co-issuer key. A statement is never
 * replaced: the same one again is a no-op, a different one a conflict.
 */
export async function postKeyStatements(deps: AppDeps, meetingId: string, posted: PostedStatement[]): Promise<{ stored: number }> {
  const db = deps.db;
  const row = await coissuerRow(db, meetingId);
  if (!row) throw new AppError('coissuer_not_registered');
  const meeting = await loadMeeting(db, meetingId);
  if (meeting.status !== 'open') throw new AppError('conflict', 'Key statements are taken while the meeting is open');
  const identity = coissuerPublicKey(row.verifierKey);
  const checked: Array<{ statement: KeyStatement; sig: string }> = [];
  for (const p of posted) {
    const item = await loadItem(db, p.item);
    if (item.meetingId !== meetingId) throw new AppError('bad_request', `Item ${p.item} is not on this meeting's agenda`);
    if (p.round !== item.round) throw new AppError('bad_request', `Item ${p.item} is in round ${item.round}`);
    if (p.purpose === 'motion' && p.class !== 'A') throw new AppError('bad_request', 'A motion has a class A key only (R10)');
    const service = serviceShare(deps.config, { meetingId, itemId: p.item, round: p.round, purpose: p.purpose, klass: p.class });
    let combined;
    try {
      combined = combinePublicKeys(hexToBytes(service.public_key, 96), hexToBytes(p.commission.public_key, 96));
    } catch (e) {
      throw new AppError('bad_request', `commission.public_key: ${(e as Error).message}`);
    }
    const statement: KeyStatement = {
      v: 1,
      meeting: meetingId,
      item: p.item,
      round: p.round,
      purpose: p.purpose,
      class: p.class,
      public_key: bytesToHex(combined.publicKey),
      key_id: bytesToHex(combined.keyId),
      shares: { service, commission: p.commission },
    };
    const unsound = checkKeyStatement(statement, deps.issuerOps);
    if (unsound) throw new AppError('bad_request', `The statement for ${p.item} round ${p.round} ${p.purpose} ${p.class} fails: ${unsound}`);
    if (!verifyKeyStatement(identity, statement, p.sig, deps.ed25519)) throw new AppError('coissuer_signature_invalid', `The statement for ${p.item} round ${p.round} ${p.purpose} ${p.class}`);
    checked.push({ statement, sig: p.sig });
  }
  let stored = 0;
  for (const { statement, sig } of checked) {
    const text = canonicalize(statement);
    const inserted = await db
      .insert(coissuerKeys)
      .values({ itemId: statement.item, round: statement.round, purpose: statement.purpose, class: statement.class, meetingId, statement: text, sig })
      .onConflictDoNothing()
      .returning({ itemId: coissuerKeys.itemId });
    if (inserted.length > 0) {
      stored++;
      continue;
    }
    const [existing] = await db
      .select({ statement: coissuerKeys.statement })
      .from(coissuerKeys)
      .where(and(eq(coissuerKeys.itemId, statement.item), eq(coissuerKeys.round, statement.round), eq(coissuerKeys.purpose, statement.purpose), eq(coissuerKeys.class, statement.class)));
    // The combined key of a vote never changes once stated (its tokens may already exist).
    if (existing?.statement !== text) throw new AppError('conflict', `Another key statement is already stored for ${statement.item} round ${statement.round} ${statement.purpose} ${statement.class}`);
  }
  if (stored > 0) publishCoissue(deps, meetingId);
  return { stored };
}
