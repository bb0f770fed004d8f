import { and, eq, sql } from 'drizzle-orm';
import { bytesToHex } from '../../../crypto/bytes';
import { tokens, type VotePurpose } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import type { TabletPrincipal } from '../principals';
import { serviceBlindSign } from './blind-sign';
import { issuerKey, publicKeyHex } from './keys';
import { loadItem, loadVote, parseIds } from './load';
import { requireConsultationWindowOpen } from './consultation';
import { publishProgress } from './progress';
import { sealedIssuance } from '../coissue/issuance';
import { coissueToken, type CoissuedTokenAnswer, type TokenWaiting } from '../coissue/token';

export interface TokenRequest {
  itemId: string;
  round: number;
  class: 'A' | 'B';
  purpose: VotePurpose;
  /** Compressed G1 point B = r·H(m), hex. */
  blinded: string;
}

export interface BlindTokenResponse {
  blindSignature: string;
  keyId: string;
  publicKey: string;
}

/**
 * Issues one blind token to a signed-in tablet's person for one vote. The primary key
 * (item, round, purpose, person) makes a second token impossible even for concurrent
 * requests; the same blinded point sent again (a lost response) gets the same blind signature,
 * since sk·B is deterministic, so no second token exists.
 */
export async function issueToken(deps: AppDeps, tablet: TabletPrincipal, req: TokenRequest): Promise<BlindTokenResponse | CoissuedTokenAnswer | TokenWaiting> {
  const db = deps.db;
  const item = await loadItem(db, req.itemId);
  if (item.meetingId !== tablet.meetingId) throw new AppError('forbidden', 'This tablet is signed in to another meeting');
  // R4: members hold A tokens only, observers B tokens only; a motion is for members (R10).
  if (req.class !== tablet.class) throw new AppError('forbidden', `A class ${tablet.class} attendee cannot get a class ${req.class} token`);
  if (req.purpose === 'motion' && req.class !== 'A') throw new AppError('forbidden', 'Only members vote on a reconsideration motion');
  const vote = await loadVote(db, item.id, req.round, req.purpose);
  if (!vote || vote.status !== 'open') throw new AppError('vote_not_open');
  const present = parseIds(req.class === 'A' ? vote.presentMembers : vote.presentObservers);
  // Tokens go only to those present when the vote opened, so issued ⊆ present in the record.
  if (!present.includes(tablet.personId)) throw new AppError('not_present');
  // docs/full-committee.md §5: a consultation's tokens are issued until its window ends.
  await requireConsultationWindowOpen(deps, item.meetingId);
  // docs/coissuance.md: the discipline commission's co-issuer co-signs every token of its meetings.
  if ((await sealedIssuance(db, item.meetingId)) !== 'service') return coissueToken(deps, tablet, item, req);

  const key = issuerKey(deps.config, { meetingId: item.meetingId, itemId: item.id, round: req.round, purpose: req.purpose, klass: req.class });
  const { blindSignature, blindedHash } = serviceBlindSign(key.secretKey, req.blinded, deps.issuerOps);

  const inserted = await db.all<{ person_id: string }>(sql`
    INSERT INTO tokens (item_id, round, purpose, person_id, meeting_id, class, blinded_hash)
    SELECT ${item.id}, ${req.round}, ${req.purpose}, ${tablet.personId}, ${item.meetingId}, ${req.class}, ${blindedHash}
    WHERE EXISTS (SELECT 1 FROM votes WHERE item_id = ${item.id} AND round = ${req.round} AND purpose = ${req.purpose} AND status = 'open')
      AND EXISTS (SELECT 1 FROM attendees WHERE meeting_id = ${item.meetingId} AND person_id = ${tablet.personId}
                  AND signed_in_at IS NOT NULL AND signed_out_at IS NULL)
    ON CONFLICT DO NOTHING
    RETURNING person_id`);
  if (inserted.length === 0) {
    const [existing] = await db
      .select({ blindedHash: tokens.blindedHash })
      .from(tokens)
      .where(and(eq(tokens.itemId, item.id), eq(tokens.round, req.round), eq(tokens.purpose, req.purpose), eq(tokens.personId, tablet.personId)));
    if (!existing) {
      const now = await loadVote(db, item.id, req.round, req.purpose);
      if (now?.status !== 'open') throw new AppError('vote_not_open');
      throw new AppError('not_present', 'Signed out since the vote opened');
    }
    if (existing.blindedHash !== blindedHash) throw new AppError('token_already_issued');
  } else {
    await publishProgress(deps, vote);
  }
  return { blindSignature: bytesToHex(blindSignature), ...publicKeyHex(key) };
}
