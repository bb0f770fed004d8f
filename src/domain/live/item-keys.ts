import type { AppDeps } from '../../deps';
import { issuerKey, publicKeyHex } from './keys';
import { currentVote, loadItem } from './load';

export interface LoggedKey {
  class: 'A' | 'B';
  publicKey: string;
  keyId: string;
}

/**
 * The issuer keys of the item's current vote, as logged when it opened (keys are derived, so
 * these are byte for byte the logged ones). Tablets verify every blind signature against them.
 */
export async function itemKeys(
  deps: AppDeps,
  itemId: string,
): Promise<{ item: string; meeting: string; round: number; purpose: 'vote' | 'motion' | null; status: string; keys: LoggedKey[] }> {
  const item = await loadItem(deps.db, itemId);
  const vote = await currentVote(deps.db, item);
  if (!vote) return { item: item.id, meeting: item.meetingId, round: item.round, purpose: null, status: item.status, keys: [] };
  const classes = vote.purpose === 'motion' ? (['A'] as const) : (['A', 'B'] as const);
  const keys = classes.map((klass) => ({
    class: klass,
    ...publicKeyHex(issuerKey(deps.config, { meetingId: item.meetingId, itemId: item.id, round: vote.round, purpose: vote.purpose, klass })),
  }));
  return { item: item.id, meeting: item.meetingId, round: vote.round, purpose: vote.purpose, status: vote.status, keys };
}
