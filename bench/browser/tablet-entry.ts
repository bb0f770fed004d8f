/**
 * Bundled by esbuild into the Chromium page (bench/browser.ts): the tablet's share of issuance,
 * blind (hash-to-G1 + one scalar multiplication) and finalize (unblind + the pairing check
 * against the logged key), timed in the browser. The server's blindSign runs in the page too,
 * untimed, so the page needs no server.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { blind, blindSign, finalize } from '../../crypto/token';

function tabletCost(n: number): { blind: number[]; finalize: number[] } {
  const key = deriveIssuerKey(randomBytes(32), { meeting: 'mtg_bench', item: 'itm_bench', round: 1, klass: 'A' });
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

(globalThis as unknown as { tabletCost: typeof tabletCost }).tabletCost = tabletCost;
