/**
 * The issuer's BLS operations on Node (crypto/coissue.ts IssuerOps): the service's half of every
 * token (node.ts) and the co-issuer's (`sealvote coissue run`), each on the path of a token
 * request, with the answers of noble's blindSign and popVerify, computed by mcl-wasm.
 *
 * mcl may only say "here is S'" or "this proof holds": it signs with mclBnG1_mulCT (constant
 * time in the secret share) after decoding B exactly as noble does (canonical encoding, in G1,
 * not O), and sk·B is one point with one encoding, so the bytes are noble's. Anything mcl does
 * not take — a key out of range, a B off the subgroup, the identity, a proof that fails — goes
 * to noble, whose error or refusal is the answer. mcl-wasm is loaded only after its start-up
 * self-test (src/verifier-node/mcl.ts, blind signature included) agrees with noble.
 *
 * Measured (BENCHMARKS.md, co-issuance): noble's blindSign is 5–7 ms of one core, most of it
 * the subgroup check and the affine encoding; a burst of 60 requests queued behind it.
 */
import { blindSign } from '../../crypto/token';
import { NOBLE_ISSUER_OPS, popVerify, type IssuerOps } from '../../crypto/coissue';
import { loadMcl, type MclBackend } from '../verifier-node/mcl';
import type { PairingBackend } from './cast';

export function mclIssuerOps(mcl: Pick<MclBackend, 'blindSign' | 'proofHolds'>): IssuerOps {
  return {
    blindSign: (secretKey, blinded) => mcl.blindSign(secretKey, blinded) ?? blindSign(secretKey, blinded),
    popVerify: (publicKey, proof) => mcl.proofHolds(publicKey, proof) || popVerify(publicKey, proof),
  };
}

/**
 * mcl-wasm's operations unless `wanted` is noble or it cannot load (then noble's, with a notice;
 * `mcl` rejects instead, as the cast path does: SEALVOTE_PAIRING, src/node-crypto/cast.ts).
 */
export async function nodeIssuerOps(wanted: PairingBackend, onNotice: (message: string) => void = () => {}): Promise<{ ops: IssuerOps; pairing: 'mcl-wasm' | 'noble' }> {
  if (wanted === 'noble') return { ops: NOBLE_ISSUER_OPS, pairing: 'noble' };
  try {
    return { ops: mclIssuerOps(await loadMcl()), pairing: 'mcl-wasm' };
  } catch (e) {
    if (wanted === 'mcl') throw e;
    onNotice(`${(e as Error).message}; blind signatures are computed by noble`);
    return { ops: NOBLE_ISSUER_OPS, pairing: 'noble' };
  }
}
