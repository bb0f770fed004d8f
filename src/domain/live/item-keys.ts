import { bytesToHex } from '../../../crypto/bytes';
import type { AppDeps } from '../../deps';
import { meetingIssuance } from '../coissue/issuance';
import { voteKey } from '../coissue/vote-keys';
import { currentVote, loadItem } from './load';

export interface LoggedKey {
  class: 'A' | 'B';
  publicKey: string;
  keyId: string;
  /** Co-issued votes: the two logged shares the tablet checks each partial under. */
  shares?: { service: string; commission: string };
}

/**
 * The issuer keys of the item's current vote, as logged when it opened (the service's derived
 * keys, or for a co-issued meeting the combined keys of the co-issuer's statements: byte for byte
 * the logged ones). Tablets verify every blind signature against them.
 */
export async function itemKeys(
  deps: AppDeps,
  itemId: string,
): Promise<{
  item: string;
  meeting: string;
  round: number;
  purpose: 'vote' | 'motion' | null;
  status: string;
  keys: LoggedKey[];
  issuance: 'service' | 'coissued';
  coissuer?: { verifierKey: string };
}> {
  const item = await loadItem(deps.db, itemId);
  const vote = await currentVote(deps.db, item);
  const issuance = await meetingIssuance(deps.db, item.meetingId);
  const extra = issuance.mode === 'coissued' ? { issuance: 'coissued' as const, coissuer: { verifierKey: issuance.verifierKey } } : { issuance: 'service' as const };
  if (!vote) return { item: item.id, meeting: item.meetingId, round: item.round, purpose: null, status: item.status, keys: [], ...extra };
  const classes = vote.purpose === 'motion' ? (['A'] as const) : (['A', 'B'] as const);
  const keys: LoggedKey[] = [];
  for (const klass of classes) {
    const k = await voteKey(deps, { meetingId: item.meetingId, itemId: item.id, round: vote.round, purpose: vote.purpose, klass });
    const logged: LoggedKey = { class: klass, publicKey: bytesToHex(k.publicKey), keyId: bytesToHex(k.keyId) };
    if (k.coissued) logged.shares = { service: k.coissued.statement.shares.service.public_key, commission: k.coissued.statement.shares.commission.public_key };
    keys.push(logged);
  }
  return { item: item.id, meeting: item.meetingId, round: vote.round, purpose: vote.purpose, status: vote.status, keys, ...extra };
}
