/**
 * Bundled by esbuild into the Chromium page (bench/browser.ts): the tablet's share of issuance,
 * blind (hash-to-G1 + one scalar multiplication) and finalize (unblind + the pairing check
 * against the logged key), timed in the browser. The signers' blindSign runs in the page too,
 * untimed, so the page needs no server.
 *
 * coissuedCost: the same for a co-issued vote (docs/coissuance.md §2.3): blind, then
 * finalizeCoissued — both partials checked under their own logged shares (two pairing checks),
 * the combined key checked against the shares, S = r⁻¹·(S'_s + S'_c) — as kiosk/src/lib/vote.ts does.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { combinePublicKeys, deriveCoissuerShare, finalizeCoissued, signPartialAnswer } from '../../crypto/coissue';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { blind, blindSign, finalize } from '../../crypto/token';

const CTX = { meeting: 'mtg_bench', item: 'itm_bench', round: 1, klass: 'A' } as const;

function tabletCost(n: number): { blind: number[]; finalize: number[] } {
  const key = deriveIssuerKey(randomBytes(32), CTX);
  const out = { blind: [] as number[], finalize: [] as number[] };
  for (let i = 0; i < n; i++) {
    const ballotPk = randomBytes(32);
    let t = performance.now();
    const { blinded, blindState } = blind(key.keyId, ballotPk);
    out.blind.push(performance.now() - t);
    const signed = blindSign(key.secretKey, blinded);
    t = performance.now();
    finalize(key.publicKey, key.keyId, ballotPk, blindState, signed);
    out.finalize.push(performance.now() - t);
  }
  return out;
}

function coissuedCost(n: number): { blind: number[]; finalize: number[] } {
  const service = deriveIssuerKey(randomBytes(32), CTX);
  const seed = randomBytes(32);
  const commission = deriveCoissuerShare(seed, CTX);
  const coissuerKey = ed25519.getPublicKey(seed);
  const { publicKey, keyId } = combinePublicKeys(service.publicKey, commission.publicKey);
  const out = { blind: [] as number[], finalize: [] as number[] };
  for (let i = 0; i < n; i++) {
    const ballotPk = randomBytes(32);
    let t = performance.now();
    const { blinded, blindState } = blind(keyId, ballotPk);
    out.blind.push(performance.now() - t);
    const servicePartial = blindSign(service.secretKey, blinded);
    const commissionPartial = blindSign(commission.secretKey, blinded);
    const answerSignature = signPartialAnswer(seed, keyId, blinded, commissionPartial);
    t = performance.now();
    finalizeCoissued({ publicKey, keyId, servicePk: service.publicKey, commissionPk: commission.publicKey, coissuerKey, ballotPk, blindState, blinded, servicePartial, commissionPartial, answerSignature });
    out.finalize.push(performance.now() - t);
  }
  return out;
}

Object.assign(globalThis, { tabletCost, coissuedCost });
