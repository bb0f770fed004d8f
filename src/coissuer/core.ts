/**
 * The co-issuer's decisions (docs/coissuance.md §3.2), pure over its state and its keys: no
 * network, no storage, no clock. The CLI (`sealvote coissue run`) and the inspector page drive
 * the same functions; what they add is transport and where the state is kept.
 *
 * Rules, in the order they are applied to a token request (vote, class, person, B):
 *   no key statement of ours for (vote, class)   → refuse `no_key_statement`
 *   we signed its roll already                   → refuse `vote_not_open`
 *   the service holds answers we do not know of  → refuse `state_lost`
 *   not on the meeting's roster                  → refuse `not_on_roster`
 *   roster class ≠ class, or B in a motion (R10) → refuse `wrong_class`
 *   we signed for this person in this vote:      same B → the same answer again; else `already_issued`
 *   the officer marked them absent / left        → refuse `absent`
 *   the officer has not confirmed them yet       → wait (`unconfirmed`): the officer may still
 *   B not in G1 \ {O}                            → refuse `bad_blinded`
 *   otherwise                                    → S'_c = sk_c·B, signed answer
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, CryptoInputError, hexToBytes } from '../../crypto/bytes';
import { combinePublicKeys, deriveCoissuerShare, NOBLE_ISSUER_OPS, partialAnswerBytes, popProve, type IssuerOps } from '../../crypto/coissue';
import { keyStatementBytes, rollBytes, type CoissuerIdentity, type KeyStatement, type Roll } from '../../crypto/coissuer-statements';
import type { IssuerContext, IssuerKey } from '../../crypto/issuer-key';
import { voteId, type CoissuerState, type IssuedRecord, type Klass, type Purpose, type RosterEntry, type VoteState } from './state';

/** The co-issuer's secrets behind an interface: a seed in memory (CLI) or WebCrypto keys (page). */
export interface CoissuerKeys {
  verifierKey: string;
  /** sk_c for one (meeting, subject, round, class): crypto/coissue.ts deriveCoissuerShare. */
  share(ctx: IssuerContext): Promise<IssuerKey>;
  /** Ed25519 (RFC 8032) with the identity key. */
  sign(bytes: Uint8Array): Promise<Uint8Array>;
}

/** Keys from the identity seed of a key file (CLI, tests). Shares are cached: each costs a G2 multiplication. */
export function seedKeys(identity: CoissuerIdentity): CoissuerKeys {
  const cache = new Map<string, IssuerKey>();
  return {
    verifierKey: identity.verifierKey,
    share: async (ctx) => {
      const id = JSON.stringify([ctx.meeting, ctx.item, ctx.round, ctx.klass]);
      let key = cache.get(id);
      if (!key) cache.set(id, (key = deriveCoissuerShare(identity.seed, ctx)));
      return key;
    },
    sign: async (bytes) => ed25519.sign(bytes, identity.seed),
  };
}

export type Refusal =
  | 'no_key_statement'
  | 'vote_not_open'
  | 'state_lost'
  | 'not_on_roster'
  | 'wrong_class'
  | 'already_issued'
  | 'absent'
  | 'bad_blinded';

export type KeyRefusal = 'service_pop' | 'combined_key' | 'other_statement' | 'wrong_class';

/** The subject the shares are derived for: the item, or "<item>#motion" (src/domain/live/keys.ts). */
export function subjectOf(item: string, purpose: Purpose): string {
  return purpose === 'motion' ? `${item}#motion` : item;
}

function voteOf(state: CoissuerState, v: { item: string; round: number; purpose: Purpose }): VoteState {
  const id = voteId(v);
  let vote = state.votes[id];
  if (!vote) state.votes[id] = vote = { item: v.item, round: v.round, purpose: v.purpose, keys: {}, issued: {}, rolls: {} };
  return vote;
}

// ---------------------------------------------------------------- roster and presence

/** The roster as the service lists it; frozen once the meeting is open (its snapshot is sealed). */
export function updateRoster(state: CoissuerState, roster: Array<{ person: string; class: Klass; name: string }>, meetingOpen: boolean): void {
  if (state.rosterFrozen) return;
  const next: Record<string, RosterEntry> = {};
  for (const r of roster) next[r.person] = { class: r.class, name: r.name };
  state.roster = next;
  if (meetingOpen) state.rosterFrozen = true;
}

/** The officer saw the person in the room. */
export function confirmPresent(state: CoissuerState, person: string): void {
  if (!state.roster[person]) throw new Error(`${person} is not on the meeting's roster`);
  state.presence[person] = 'present';
  if (!state.everPresent.includes(person)) state.everPresent = [...state.everPresent, person].sort();
}

/** The officer says the person is not (or no longer) in the room: no further token for them. */
export function markAbsent(state: CoissuerState, person: string): void {
  if (!state.roster[person]) throw new Error(`${person} is not on the meeting's roster`);
  state.presence[person] = 'absent';
}

/** People the service has signed in whom the officer has not decided on yet. */
export function unconfirmed(state: CoissuerState, signedIn: string[]): string[] {
  return signedIn.filter((p) => state.roster[p] && state.presence[p] === undefined);
}

// ---------------------------------------------------------------- key statements

export interface ShareOffer {
  item: string;
  round: number;
  purpose: Purpose;
  class: Klass;
  service: { public_key: string; pop: string };
}

/**
 * Accepts the service's share of one (vote, class): checks its proof of possession, adds our
 * share, signs the key statement. Once per (vote, class): the same offer again returns the same
 * statement; a different service share is refused (`other_statement`), so the combined key of a
 * vote never changes after we may have signed under it.
 */
export async function acceptKey(
  state: CoissuerState,
  keys: CoissuerKeys,
  offer: ShareOffer,
  ops: IssuerOps = NOBLE_ISSUER_OPS,
): Promise<{ statement: KeyStatement; sig: string } | { refusal: KeyRefusal }> {
  if (offer.purpose === 'motion' && offer.class !== 'A') return { refusal: 'wrong_class' };
  const vote = voteOf(state, offer);
  const kept = vote.keys[offer.class];
  if (kept) {
    const same = kept.statement.shares.service.public_key === offer.service.public_key && kept.statement.shares.service.pop === offer.service.pop;
    return same ? kept : { refusal: 'other_statement' };
  }
  let servicePk: Uint8Array;
  try {
    servicePk = hexToBytes(offer.service.public_key, 96);
    // The rogue-key defence: the service must know the secret of its share (crypto/coissue.ts).
    if (!ops.popVerify(servicePk, hexToBytes(offer.service.pop, 48))) return { refusal: 'service_pop' };
  } catch {
    return { refusal: 'service_pop' };
  }
  const share = await keys.share({ meeting: state.meeting, item: subjectOf(offer.item, offer.purpose), round: offer.round, klass: offer.class });
  let combined;
  try {
    combined = combinePublicKeys(servicePk, share.publicKey);
  } catch {
    return { refusal: 'combined_key' };
  }
  const statement: KeyStatement = {
    v: 1,
    meeting: state.meeting,
    item: offer.item,
    round: offer.round,
    purpose: offer.purpose,
    class: offer.class,
    public_key: bytesToHex(combined.publicKey),
    key_id: bytesToHex(combined.keyId),
    shares: {
      service: { public_key: offer.service.public_key, pop: offer.service.pop },
      commission: { public_key: bytesToHex(share.publicKey), pop: bytesToHex(popProve(share.secretKey)) },
    },
  };
  const sig = bytesToHex(await keys.sign(keyStatementBytes(statement)));
  vote.keys[offer.class] = { statement, sig };
  return { statement, sig };
}

// ---------------------------------------------------------------- token requests

export interface TokenRequest {
  item: string;
  round: number;
  purpose: Purpose;
  class: Klass;
  person: string;
  /** B, 48 B compressed G1, hex */
  blinded: string;
}

export type Decision = { kind: 'sign' } | { kind: 'again'; record: IssuedRecord } | { kind: 'refuse'; reason: Refusal } | { kind: 'wait'; reason: 'unconfirmed' };

function blindedHash(blinded: string): string {
  try {
    return bytesToHex(sha256(hexToBytes(blinded)));
  } catch {
    return '';
  }
}

/** The rules of the module header, without signing anything. */
export function decide(state: CoissuerState, req: TokenRequest): Decision {
  const vote = state.votes[voteId(req)];
  if (!vote?.keys[req.class]) return { kind: 'refuse', reason: 'no_key_statement' };
  if (Object.keys(vote.rolls).length > 0) return { kind: 'refuse', reason: 'vote_not_open' };
  if (vote.stateLost) return { kind: 'refuse', reason: 'state_lost' };
  const who = state.roster[req.person];
  if (!who) return { kind: 'refuse', reason: 'not_on_roster' };
  // R4: members hold A tokens, observers B; R10: a motion is for members only.
  if (who.class !== req.class || (req.purpose === 'motion' && req.class !== 'A')) return { kind: 'refuse', reason: 'wrong_class' };
  const earlier = vote.issued[req.person];
  if (earlier) {
    // sk_c·B is deterministic: the same B again is the same token, not a second one.
    return earlier.blindedHash === blindedHash(req.blinded) && !earlier.dropped ? { kind: 'again', record: earlier } : { kind: 'refuse', reason: 'already_issued' };
  }
  const seen = state.presence[req.person];
  if (seen === 'absent') return { kind: 'refuse', reason: 'absent' };
  if (seen !== 'present') return { kind: 'wait', reason: 'unconfirmed' };
  return { kind: 'sign' };
}

export type Answer =
  | { kind: 'answer'; partial: string; sig: string }
  | { kind: 'refuse'; reason: Refusal }
  | { kind: 'wait'; reason: 'unconfirmed' };

/**
 * Decides and, when allowed, signs: S'_c = sk_c·B and the answer signature over
 * "sealvote/coissuer/partial/v1\n" || key_id || B || S'_c. The record is put in `state` before this
 * returns: the caller keeps the state, THEN sends the answer.
 */
export async function answer(state: CoissuerState, keys: CoissuerKeys, req: TokenRequest, ops: IssuerOps = NOBLE_ISSUER_OPS): Promise<Answer> {
  const d = decide(state, req);
  if (d.kind === 'again') return { kind: 'answer', partial: d.record.partial, sig: d.record.sig };
  if (d.kind !== 'sign') return d;
  const vote = state.votes[voteId(req)]!;
  const statement = vote.keys[req.class]!.statement;
  const share = await keys.share({ meeting: state.meeting, item: subjectOf(req.item, req.purpose), round: req.round, klass: req.class });
  let blinded: Uint8Array;
  let partial: Uint8Array;
  try {
    blinded = hexToBytes(req.blinded, 48);
    // S'_c = sk_c·B, after B ∈ G1 \ {O} (crypto/token.ts blindSign)
    partial = ops.blindSign(share.secretKey, blinded);
  } catch (e) {
    if (e instanceof CryptoInputError) return { kind: 'refuse', reason: 'bad_blinded' };
    throw e;
  }
  const sig = await keys.sign(partialAnswerBytes(hexToBytes(statement.key_id, 32), blinded, partial));
  const record: IssuedRecord = {
    class: req.class,
    blindedHash: blindedHash(req.blinded),
    blinded: req.blinded,
    partial: bytesToHex(partial),
    sig: bytesToHex(sig),
    acked: false,
  };
  vote.issued[req.person] = record;
  return { kind: 'answer', partial: record.partial, sig: record.sig };
}

/**
 * The service's reply to an answer. `stored: true` puts the person in our roll; `stored: false`
 * (the vote closed first, …) means nobody got that partial: it is dropped and not in the roll.
 */
export function acknowledge(state: CoissuerState, req: { item: string; round: number; purpose: Purpose; person: string }, stored: boolean, reason?: string): void {
  const record = state.votes[voteId(req)]?.issued[req.person];
  if (!record) return;
  if (stored) {
    record.acked = true;
    delete record.dropped;
  } else if (!record.acked) {
    record.dropped = reason ?? 'not stored';
  }
}

/** Answers we signed whose acknowledgement we have not had yet (to send again after a restart). */
export function unacknowledged(state: CoissuerState): Array<{ vote: VoteState; person: string; record: IssuedRecord }> {
  const out = [];
  for (const vote of Object.values(state.votes)) {
    for (const [person, record] of Object.entries(vote.issued)) if (!record.acked && !record.dropped) out.push({ vote, person, record });
  }
  return out;
}

/**
 * Compares the answers the service says it holds for a vote (person → B hash) with ours: one we
 * never signed, or signed for another B, means this state is not the one that signed them (a
 * lost or replaced state file). The vote is then refused for good: we cannot know whom we served.
 */
export function reconcile(state: CoissuerState, vote: { item: string; round: number; purpose: Purpose }, held: Array<{ person: string; blindedHash: string }>): boolean {
  const v = state.votes[voteId(vote)];
  const ours = v?.issued ?? {};
  const unknown = held.some((h) => ours[h.person]?.blindedHash !== h.blindedHash);
  if (unknown) voteOf(state, vote).stateLost = true;
  return !unknown;
}

// ---------------------------------------------------------------- rolls

/**
 * Signs the roll of each class of a closed vote: `present` = everyone of that class the officer
 * ever confirmed, `issued` = everyone we answered and the service acknowledged. After this the
 * vote takes no more requests. Signing again returns the rolls already signed.
 */
export async function signRolls(state: CoissuerState, keys: CoissuerKeys, v: { item: string; round: number; purpose: Purpose }): Promise<Array<{ roll: Roll; sig: string }>> {
  const vote = state.votes[voteId(v)];
  if (!vote) return [];
  const out: Array<{ roll: Roll; sig: string }> = [];
  for (const klass of ['A', 'B'] as const) {
    const key = vote.keys[klass];
    if (!key) continue;
    let signed = vote.rolls[klass];
    if (!signed) {
      const roll: Roll = {
        v: 1,
        meeting: state.meeting,
        item: vote.item,
        round: vote.round,
        purpose: vote.purpose,
        class: klass,
        key_id: key.statement.key_id,
        present: state.everPresent.filter((p) => state.roster[p]?.class === klass),
        issued: Object.entries(vote.issued)
          .filter(([, r]) => r.class === klass && r.acked)
          .map(([p]) => p)
          .sort(),
      };
      signed = { roll, sig: bytesToHex(await keys.sign(rollBytes(roll))), posted: false };
      vote.rolls[klass] = signed;
    }
    out.push({ roll: signed.roll, sig: signed.sig });
  }
  return out;
}
