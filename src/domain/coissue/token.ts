import { and, eq, sql } from 'drizzle-orm';
import { bytesToHex } from '../../../crypto/bytes';
import { coissueRequests, type VotePurpose } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import type { TabletPrincipal } from '../principals';
import { serviceBlindSign } from '../live/blind-sign';
import { issuerKey } from '../live/keys';
import { loadVote, type ItemRow } from '../live/load';
import { coissuerRow, isOnline } from './issuance';
import { voteKey } from './vote-keys';
import { answerChannel, publishCoissue, waitFor } from './wait';

export interface CoissuedTokenAnswer {
  status: 'issued';
  keyId: string;
  publicKey: string;
  /** S'_s = sk_s·B */
  blindSignature: string;
  /** The logged shares, so the tablet checks each partial under its own. */
  shares: { service: string; commission: string };
  /** S'_c and the co-issuer's signature over "sealvote/coissuer/partial/v1\n" || key_id || B || S'_c. */
  coissuer: { partial: string; sig: string; verifierKey: string };
}

export interface TokenWaiting {
  status: 'waiting';
  /** coissuer_offline: it has not asked for work lately; awaiting_coissuer: it has not answered yet. */
  reason: 'coissuer_offline' | 'awaiting_coissuer';
  retryAfterS: number;
}

/** How long a token request waits for the co-issuer before answering 202 (the tablet asks again). */
export const DEFAULT_COISSUE_WAIT_MS = 5_000;
export const RETRY_AFTER_S = 2;

/**
 * The co-issued path of a token request (docs/coissuance.md §4): after the service's own checks
 * (issue-token.ts), keep ONE request row per person and vote (its primary key), wake the
 * co-issuer, and wait for its answer. The token row itself is written with the answer
 * (answers.ts), so nobody holds a token the co-issuer did not co-sign.
 */
export async function coissueToken(
  deps: AppDeps,
  tablet: TabletPrincipal,
  item: ItemRow,
  req: { round: number; purpose: VotePurpose; class: 'A' | 'B'; blinded: string },
): Promise<CoissuedTokenAnswer | TokenWaiting> {
  const db = deps.db;
  const ref = { meetingId: item.meetingId, itemId: item.id, round: req.round, purpose: req.purpose, klass: req.class };
  const key = await voteKey(deps, ref);
  const stated = key.coissued!;
  const service = issuerKey(deps.config, ref);
  // S'_s = sk_s·B: the service's half
  const { blindSignature, blindedHash } = serviceBlindSign(service.secretKey, req.blinded, deps.issuerOps);
  const inserted = await db.all<{ person_id: string }>(sql`
    INSERT INTO coissue_requests (item_id, round, purpose, person_id, meeting_id, class, blinded, blinded_hash)
    SELECT ${item.id}, ${req.round}, ${req.purpose}, ${tablet.personId}, ${item.meetingId}, ${req.class}, ${req.blinded}, ${blindedHash}
    WHERE EXISTS (SELECT 1 FROM votes WHERE item_id = ${item.id} AND round = ${req.round} AND purpose = ${req.purpose} AND status = 'open')
      AND EXISTS (SELECT 1 FROM attendees WHERE meeting_id = ${item.meetingId} AND person_id = ${tablet.personId}
                  AND signed_in_at IS NOT NULL AND signed_out_at IS NULL)
    ON CONFLICT DO NOTHING
    RETURNING person_id`);
  const pk = and(
    eq(coissueRequests.itemId, item.id),
    eq(coissueRequests.round, req.round),
    eq(coissueRequests.purpose, req.purpose),
    eq(coissueRequests.personId, tablet.personId),
  );
  if (inserted.length === 0) {
    const [existing] = await db.select({ blindedHash: coissueRequests.blindedHash }).from(coissueRequests).where(pk);
    if (!existing) {
      const now = await loadVote(db, item.id, req.round, req.purpose);
      if (now?.status !== 'open') throw new AppError('vote_not_open');
      throw new AppError('not_present', 'Signed out since the vote opened');
    }
    // One token per person per vote: another blinded point is a second token.
    if (existing.blindedHash !== blindedHash) throw new AppError('token_already_issued');
  } else {
    publishCoissue(deps, item.meetingId);
  }

  const answered = await waitFor(
    deps,
    [answerChannel(item.meetingId, tablet.personId)],
    async () => {
      const [row] = await db.select({ partial: coissueRequests.partial, sig: coissueRequests.sig, refusal: coissueRequests.refusal }).from(coissueRequests).where(pk);
      return row && (row.partial !== null || row.refusal !== null) ? row : null;
    },
    deps.coissueWaitMs ?? DEFAULT_COISSUE_WAIT_MS,
  );
  if (!answered) {
    const row = await coissuerRow(db, item.meetingId);
    const vote = await loadVote(db, item.id, req.round, req.purpose);
    if (vote?.status !== 'open') throw new AppError('vote_not_open');
    return { status: 'waiting', reason: isOnline(row?.lastSeenAt ?? null, deps.now().getTime()) ? 'awaiting_coissuer' : 'coissuer_offline', retryAfterS: RETRY_AFTER_S };
  }
  if (answered.refusal !== null) {
    throw new AppError('coissuer_refused', `The discipline commission's co-issuer refused this token: ${answered.refusal}`, { reason: answered.refusal });
  }
  const row = await coissuerRow(db, item.meetingId);
  return {
    status: 'issued',
    keyId: stated.statement.key_id,
    publicKey: stated.statement.public_key,
    blindSignature: bytesToHex(blindSignature),
    shares: { service: stated.statement.shares.service.public_key, commission: stated.statement.shares.commission.public_key },
    coissuer: { partial: answered.partial!, sig: answered.sig!, verifierKey: row!.verifierKey },
  };
}
