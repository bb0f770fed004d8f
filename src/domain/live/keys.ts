import { bytesToHex } from '../../../crypto/bytes';
import { deriveIssuerKey, type IssuerClass, type IssuerKey } from '../../../crypto/issuer-key';
import type { ServiceConfig } from '../../config';
import type { VotePurpose } from '../../db/schema';

/** The item id a key and a ballot carry: a motion's own, so its keys differ from the item's. */
export function voteSubject(itemId: string, purpose: VotePurpose): string {
  return purpose === 'motion' ? `${itemId}#motion` : itemId;
}

/** Splits a ballot's item field back into (item id, purpose). */
export function parseVoteSubject(subject: string): { itemId: string; purpose: VotePurpose } {
  return subject.endsWith('#motion') ? { itemId: subject.slice(0, -'#motion'.length), purpose: 'motion' } : { itemId: subject, purpose: 'vote' };
}

// Deriving a key costs a G2 multiplication; the result is a pure function of its inputs.
const cache = new WeakMap<Uint8Array, Map<string, IssuerKey>>();

export function issuerKey(
  config: Pick<ServiceConfig, 'masterSecret'>,
  v: { meetingId: string; itemId: string; round: number; purpose: VotePurpose; klass: IssuerClass },
): IssuerKey {
  const item = voteSubject(v.itemId, v.purpose);
  const id = JSON.stringify([v.meetingId, item, v.round, v.klass]);
  let byId = cache.get(config.masterSecret);
  if (!byId) cache.set(config.masterSecret, (byId = new Map()));
  let key = byId.get(id);
  if (!key) {
    key = deriveIssuerKey(config.masterSecret, { meeting: v.meetingId, item, round: v.round, klass: v.klass });
    byId.set(id, key);
  }
  return key;
}

export function publicKeyHex(key: IssuerKey): { publicKey: string; keyId: string } {
  return { publicKey: bytesToHex(key.publicKey), keyId: bytesToHex(key.keyId) };
}
