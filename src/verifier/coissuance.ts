/**
 * What a co-issued record must satisfy beyond the rest of the verifier (docs/coissuance.md,
 * docs/record-spec.md): two checks, `coissuer-keys` and `coissuer-rolls`.
 *
 * coissuer-keys, for every key entry of a co-issued meeting:
 *   both shares decode (G2, subgroup, not O) and PopVerify(pk_i, pop_i) holds (draft-irtf-cfrg-
 *   bls-signature-05 §3.3); public_key = pk_s + pk_c; key_id = SHA-256(public_key); coissuer_sig
 *   verifies (the one Ed25519 rule) under the meeting entry's co-issuer key over
 *   "sealvote/coissuer/key/v1\n" || JCS({v:1, meeting, item, round, purpose, class, public_key,
 *   key_id, shares}). A service-only meeting has no shares, no coissuer_sig, no rolls.
 * coissuer-rolls, for every closed vote and class of a co-issued meeting that ended: exactly one
 *   `coissued` entry, its key_id the class's key, sorted unique lists with issued ⊆ present, sig
 *   under the co-issuer key over "sealvote/coissuer/roll/v1\n" || JCS({v:1, meeting, item, round,
 *   purpose, class, key_id, present, issued}); issued = the service's `issued` persons of that
 *   vote and class; the `open` entry's present list ⊆ present (nobody counted present whom the
 *   commission did not confirm); ballots of the class ≤ |issued|.
 * Tokens need nothing new: each verifies under its logged (combined) key (token-signatures).
 */
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { combinePublicKeys, popVerify } from '../../crypto/coissue';
import type { KeyShares } from './backends';
import { coissuerFingerprint, coissuerPublicKey, parseKeyStatement, parseRoll, verifyKeyStatement, verifyRoll, type Ed25519Rule, type KeyStatement, type Roll } from '../../crypto/coissuer-statements';
import { verifyEd25519 } from '../../crypto/ed25519';
import { CheckFailure, type CheckBook } from './checks';
import type { TrustedKeys } from './checkpoints';
import type { LoggedKey, MeetingModel } from './model';

export type IssuanceReport = { mode: 'service' } | { mode: 'coissued'; coissuer: string; fingerprint: string; pinned: boolean };

/** What the report says of issuance (the CLI prints "issuance: service only" for the first). */
export function issuanceReport(m: MeetingModel | null, trusted?: TrustedKeys): IssuanceReport | null {
  if (!m) return null;
  const i = m.agenda.issuance;
  if (i.mode === 'service') return { mode: 'service' };
  return { mode: 'coissued', coissuer: i.coissuer, fingerprint: safeFingerprint(i.coissuer), pinned: trusted?.coissuerKey === i.coissuer };
}

function safeFingerprint(key: string): string {
  try {
    return coissuerFingerprint(key);
  } catch {
    return '(not a verifier key)';
  }
}

/**
 * The shares of every key entry of a co-issued meeting that has well-formed ones (hex of the
 * right lengths), for the verifier of the shares (backends.ts KeyShares); empty for a
 * service-only meeting. A key missing here is checked, and its fault named, by coissuer-keys.
 */
export function keySharesOf(m: MeetingModel): Array<{ key: LoggedKey; shares: KeyShares }> {
  if (m.agenda.issuance.mode === 'service') return [];
  const out: Array<{ key: LoggedKey; shares: KeyShares }> = [];
  for (const v of m.votes) {
    for (const k of Object.values(v.keys)) {
      if (!k) continue;
      try {
        const shares = k.fields.sub('shares');
        const share = (name: string) => ({ publicKey: hexToBytes(shares.sub(name).str('public_key'), 96), pop: hexToBytes(shares.sub(name).str('pop'), 48) });
        out.push({ key: k, shares: { service: share('service'), commission: share('commission'), publicKey: k.publicKey } });
      } catch {
        // No shares or malformed ones: coissuer-keys names it.
      }
    }
  }
  return out;
}

/**
 * `sharesHold`: the verdicts of a KeySharesVerifier on keySharesOf(m), by key (true: both proofs
 * and the sum hold); a key without one is checked with noble here. `ed25519`: what answers the
 * one Ed25519 rule for the co-issuer's statements and rolls (noble unless the caller has an
 * equal-answer faster one: OpenSSL in the CLI, src/node-crypto/ed25519.ts).
 */
export function checkCoissuance(
  m: MeetingModel,
  book: CheckBook,
  trusted: TrustedKeys | undefined,
  sharesHold: ReadonlyMap<LoggedKey, boolean>,
  ed25519: Ed25519Rule = verifyEd25519,
): void {
  const issuance = m.agenda.issuance;
  if (issuance.mode === 'service') {
    book.run('coissuer-keys', () => {
      if (trusted?.coissuerKey) throw new CheckFailure('coissuer-keys', 'the record says the service issued alone, but a co-issuer key was pinned', 0);
      for (const v of m.votes) {
        for (const k of Object.values(v.keys)) {
          if (k && (k.fields.has('shares') || k.fields.has('coissuer_sig'))) throw new CheckFailure('coissuer-keys', 'key shares in a meeting issued by the service alone', k.entry);
        }
      }
      return 'issuance: service only';
    });
    book.run('coissuer-rolls', () => {
      for (const v of m.votes) for (const r of Object.values(v.rolls)) if (r) throw new CheckFailure('coissuer-rolls', 'a co-issuer roll in a meeting issued by the service alone', r.entry);
      return 'issuance: service only';
    });
    return;
  }

  let identity: Uint8Array;
  try {
    identity = coissuerPublicKey(issuance.coissuer);
  } catch (e) {
    book.fail('coissuer-keys', `the meeting entry's co-issuer key is not an Ed25519 verifier key: ${(e as Error).message}`, 0);
    book.skip('coissuer-rolls', 'no usable co-issuer key');
    return;
  }
  book.run('coissuer-keys', () => {
    if (trusted?.coissuerKey !== undefined && trusted.coissuerKey !== issuance.coissuer) {
      throw new CheckFailure('coissuer-keys', 'the co-issuer key in the record is not the pinned one', 0);
    }
    let n = 0;
    for (const v of m.votes) {
      for (const k of Object.values(v.keys)) {
        if (!k) continue;
        const fail = (why: string): never => {
          throw new CheckFailure('coissuer-keys', `class ${k.klass} key of ${v.item} round ${v.round} ${v.purpose}: ${why}`, k.entry);
        };
        if (!k.fields.has('shares') || !k.fields.has('coissuer_sig')) fail('no shares or no co-issuer statement in a co-issued meeting');
        let statement: KeyStatement;
        try {
          statement = parseKeyStatement({ v: 1, meeting: m.agenda.meeting, item: v.item, round: v.round, purpose: v.purpose, class: k.klass, public_key: bytesToHex(k.publicKey), key_id: k.keyId, shares: k.fields.obj.shares });
        } catch (e) {
          return fail((e as Error).message);
        }
        const servicePk = hexToBytes(statement.shares.service.public_key, 96);
        const commissionPk = hexToBytes(statement.shares.commission.public_key, 96);
        // Both proofs and the sum held in the verifier of the shares (backends.ts: noble's batch in
        // process, mcl-wasm on the verifier's threads in the CLI): nothing left to ask of them.
        // Otherwise noble decides, one by one, and names what fails.
        if (sharesHold.get(k) !== true) {
          // PopVerify of each share: the defence against a rogue share (crypto/coissue.ts).
          if (!popVerify(servicePk, hexToBytes(statement.shares.service.pop, 48))) fail("the service share's proof of possession fails");
          if (!popVerify(commissionPk, hexToBytes(statement.shares.commission.pop, 48))) fail("the commission share's proof of possession fails");
          let sum;
          try {
            sum = combinePublicKeys(servicePk, commissionPk);
          } catch (e) {
            return fail((e as Error).message);
          }
          // public_key = pk_s + pk_c (key_id = SHA-256(public_key) is key-before-token's).
          if (bytesToHex(sum.publicKey) !== statement.public_key) fail('public_key is not the sum of the two shares');
        }
        if (!verifyKeyStatement(identity, statement, k.fields.str('coissuer_sig'), ed25519)) fail("the co-issuer's signature on its key statement does not verify");
        n++;
      }
    }
    return `issuance: co-issued (co-issuer fingerprint ${safeFingerprint(issuance.coissuer)}); ${n} keys, each the sum of two shares with proofs of possession, stated by the co-issuer`;
  });
  book.run('coissuer-rolls', () => {
    let n = 0;
    for (const v of m.votes) {
      for (const [klass, r] of Object.entries(v.rolls) as Array<['A' | 'B', NonNullable<(typeof v.rolls)['A']>]>) {
        if (!v.keys[klass]) throw new CheckFailure('coissuer-rolls', `a class ${klass} roll of ${v.item} round ${v.round}, which has no class ${klass} key`, r.entry);
      }
      if (!v.close) continue;
      for (const [klass, key] of Object.entries(v.keys) as Array<['A' | 'B', NonNullable<(typeof v.keys)['A']>]>) {
        const where = `class ${klass} of ${v.item} round ${v.round} ${v.purpose}`;
        const r = v.rolls[klass];
        if (!r) {
          // Logged after the close; a record taken mid-meeting may not have it yet.
          if (m.ended !== undefined) throw new CheckFailure('coissuer-rolls', `no co-issuer roll for ${where}`, v.close.entry);
          continue;
        }
        const fail = (why: string): never => {
          throw new CheckFailure('coissuer-rolls', `${where}: ${why}`, r.entry);
        };
        const f = r.fields;
        if (f.str('key_id') !== key.keyId) fail("the roll names another key than the vote's");
        let roll: Roll;
        try {
          roll = parseRoll({ v: 1, meeting: m.agenda.meeting, item: v.item, round: v.round, purpose: v.purpose, class: klass, key_id: key.keyId, present: f.obj.present, issued: f.obj.issued });
        } catch (e) {
          return fail((e as Error).message);
        }
        if (!verifyRoll(identity, roll, f.str('sig'), ed25519)) fail("the co-issuer's signature on its roll does not verify");
        const service = [...v.issued[klass].keys()].sort();
        // The service's issuance roll is exactly the co-issuer's.
        if (JSON.stringify(service) !== JSON.stringify(roll.issued)) fail(`the service's issuance roll (${service.length}) differs from the co-issuer's (${roll.issued.length})`);
        const confirmed = new Set(roll.present);
        // Present at open only with the commission's confirmation: nobody seated by the service alone.
        const seated = v.open?.present[klass].find((p) => !confirmed.has(p));
        if (seated !== undefined) fail(`${seated} was counted present at the opening without the commission's confirmation`);
        const ballots = v.ballots.filter((b) => b.klass === klass).length;
        if (ballots > roll.issued.length) fail(`${ballots} ballots but the co-issuer co-signed ${roll.issued.length} tokens`);
        n++;
      }
    }
    return `${n} co-issuer rolls equal the issuance rolls`;
  });
}
