/**
 * The tokens and ballots of a record, grouped per issuer key, read straight from the entry text
 * (docs/record-spec.md): the raw material for the crypto-only baselines.
 */
import type { SignedBallot } from '../../crypto/ballot';
import { hexToBytes } from '../../crypto/bytes';
import { ENTRY_PREFIX } from '../../crypto/log-entry';

export interface TokenGroup {
  publicKey: Uint8Array;
  tokens: Array<{ keyId: Uint8Array; ballotPk: Uint8Array; signature: Uint8Array }>;
}

export function recordTokens(record: { entries: string[] }): { groups: TokenGroup[]; ballots: SignedBallot[] } {
  const byKeyId = new Map<string, TokenGroup>();
  const ballots: SignedBallot[] = [];
  for (const text of record.entries) {
    if (!text.startsWith(ENTRY_PREFIX)) throw new Error('not a log entry');
    const e = JSON.parse(text.slice(ENTRY_PREFIX.length)) as { type: string; [k: string]: any };
    if (e.type === 'key') byKeyId.set(e.key_id, { publicKey: hexToBytes(e.public_key, 96), tokens: [] });
    if (e.type === 'ballot') ballots.push(e.ballot as SignedBallot);
  }
  for (const b of ballots) {
    const group = byKeyId.get(b.key_id);
    if (!group) throw new Error(`ballot under unknown key ${b.key_id}`);
    group.tokens.push({ keyId: hexToBytes(b.key_id, 32), ballotPk: hexToBytes(b.ballot_pk, 32), signature: hexToBytes(b.token_sig, 48) });
  }
  return { groups: [...byKeyId.values()].filter((g) => g.tokens.length > 0), ballots };
}
