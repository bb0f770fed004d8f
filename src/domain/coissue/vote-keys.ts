import { and, eq } from 'drizzle-orm';
import { bytesToHex, hexToBytes } from '../../../crypto/bytes';
import { popProve } from '../../../crypto/coissue';
import { parseKeyStatement, type KeyStatement } from '../../../crypto/coissuer-statements';
import type { ServiceConfig } from '../../config';
import type { Db } from '../../db/client';
import { coissuerKeys, type VotePurpose } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { issuerKey, publicKeyHex } from '../live/keys';
import { sealedIssuance } from './issuance';

export interface VoteRef {
  meetingId: string;
  itemId: string;
  round: number;
  purpose: VotePurpose;
  klass: 'A' | 'B';
}

/** The issuer key a vote's tokens verify under: the service's own, or the combined pk_s + pk_c. */
export interface VoteKey {
  publicKey: Uint8Array;
  keyId: Uint8Array;
  /** Co-issued votes: the co-issuer's key statement (both shares and proofs) and its signature. */
  coissued?: { statement: KeyStatement; sig: string };
}

/** The service's share with its proof of possession, as offered to the co-issuer (cached: hash + multiplication). */
const pops = new WeakMap<Uint8Array, Map<string, string>>();
export function serviceShare(config: Pick<ServiceConfig, 'masterSecret'>, v: VoteRef): { public_key: string; pop: string } {
  const key = issuerKey(config, { meetingId: v.meetingId, itemId: v.itemId, round: v.round, purpose: v.purpose, klass: v.klass });
  const { publicKey } = publicKeyHex(key);
  let byKey = pops.get(config.masterSecret);
  if (!byKey) pops.set(config.masterSecret, (byKey = new Map()));
  let pop = byKey.get(publicKey);
  if (!pop) byKey.set(publicKey, (pop = bytesToHex(popProve(key.secretKey))));
  return { public_key: publicKey, pop };
}

/** The stored key statement of a (vote, class), or null. Statements are insert-only: cached once found. */
const statements = new WeakMap<Db, Map<string, { statement: KeyStatement; sig: string }>>();
export async function storedStatement(db: Db, v: Omit<VoteRef, 'meetingId'>): Promise<{ statement: KeyStatement; sig: string } | null> {
  let byVote = statements.get(db);
  if (!byVote) statements.set(db, (byVote = new Map()));
  const id = `${v.itemId}|${v.round}|${v.purpose}|${v.klass}`;
  const cached = byVote.get(id);
  if (cached) return cached;
  const [row] = await db
    .select({ statement: coissuerKeys.statement, sig: coissuerKeys.sig })
    .from(coissuerKeys)
    .where(and(eq(coissuerKeys.itemId, v.itemId), eq(coissuerKeys.round, v.round), eq(coissuerKeys.purpose, v.purpose), eq(coissuerKeys.class, v.klass)));
  if (!row) return null;
  const found = { statement: parseKeyStatement(JSON.parse(row.statement)), sig: row.sig };
  byVote.set(id, found);
  return found;
}

/**
 * The key of an OPEN (or closed) vote: its meeting's mode is sealed by then. A co-issued vote
 * without a statement cannot have opened (open-item requires one), so that is an internal fault.
 */
export async function voteKey(deps: AppDeps, v: VoteRef): Promise<VoteKey> {
  const mode = await sealedIssuance(deps.db, v.meetingId);
  if (mode === 'service') {
    const key = issuerKey(deps.config, { meetingId: v.meetingId, itemId: v.itemId, round: v.round, purpose: v.purpose, klass: v.klass });
    return { publicKey: key.publicKey, keyId: key.keyId };
  }
  const found = await storedStatement(deps.db, v);
  if (!found) throw new AppError('coissuer_key_missing', `No key statement of the co-issuer for this vote's class ${v.klass}`);
  return { publicKey: hexToBytes(found.statement.public_key, 96), keyId: hexToBytes(found.statement.key_id, 32), coissued: found };
}
