/**
 * mcl-wasm (herumi/mcl in WebAssembly) as an optional accelerated token verifier for Node.
 *
 * It computes crypto/batch-verify.ts's check: ZCash compressed encodings (48-byte G1, 96-byte
 * G2), RFC 9380 hash_to_curve BLS12381G1_XMD:SHA-256_SSWU_RO_ with OUR DST (set through the
 * wasm export mclBnG1_setDst, which the JS API does not wrap), the subgroup check on every
 * decoded point (verifyOrderG1/G2), and the same small-exponent batch with 128-bit random
 * coefficients, its pairing product using a precomputed Miller loop for the fixed G2 generator.
 *
 * It also checks a co-issued record's key shares (backends.ts KeyShares): each share decoded
 * with its subgroup check and not O, each proof of possession likewise, PopVerify's hash
 * hash_to_G1(pk, POP_DST) (the DST switched for those hashes and set back), all proofs of the
 * record in one small-exponent batch e(Σ rⱼπⱼ, G2)·Π e(−rⱼH_pop(pkⱼ), pkⱼ) = 1, and pk_s + pk_c
 * equal to the logged key and not O. A batch that fails is asked again key by key.
 *
 * It only ever says "this group verifies" ("these shares hold"). Anything else — a point that does not decode, decodes
 * to the identity or does not re-encode to the same bytes, a foreign key_id, a failing batch —
 * hands the whole group to noble's verifyTokenGroup, so every failure, every bad index and every
 * message comes from the reference code. mcl-wasm is a dependency; when it cannot be loaded or
 * fails its self-test, loadMcl rejects with McLUnavailableError (backend auto then uses noble).
 */
import type * as Mcl from 'mcl-wasm';
import { bytesToHex, equalBytes, hexToBytes } from '../../crypto/bytes';
import { decodeIssuerSecretKey, issuerKeyId } from '../../crypto/issuer-key';
import { POP_DST } from '../../crypto/coissue';
import { tokenMessage, TOKEN_DST } from '../../crypto/token';
import { verifyTokenGroup, type GroupVerdict, type KeyShares, type TokenGroup } from '../verifier';

export class McLUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'McLUnavailableError';
  }
}

export interface MclBackend {
  /**
   * Same answer as verifyTokenGroup (src/verifier/backends.ts), faster when the group is valid;
   * for a group sent with its key's shares, also sharesHold's verdict on them (GroupVerdict.sharesHold).
   */
  verifyGroup(group: TokenGroup): GroupVerdict;
  /** verifyGroup's answer for each group; co-issued keys' groups sent together share one pairing product (keysWithSharesHold). */
  verifyGroups(groups: readonly TokenGroup[]): GroupVerdict[];
  /**
   * mcl's own verdict alone, without the noble fallback (for the cast path's bisection and the
   * cross-checks in tests): the tokens, and with `group.shares` the key's tokens and shares in
   * one product (keysWithSharesHold).
   */
  holds(group: TokenGroup): boolean;
  /** mcl's own verdict on co-issued keys' groups (each with its shares) in one product: for tests. */
  keysHold(groups: readonly TokenGroup[]): boolean;
  /**
   * Per key: true when both proofs of possession verify and public_key = pk_s + pk_c (not O);
   * false otherwise, and coissuer-keys then asks noble (src/verifier/coissuance.ts).
   */
  sharesHold(keys: readonly KeyShares[]): boolean[];
  /**
   * The issuer's half of blind issuance, S' = sk·B (crypto/token.ts blindSign), by mcl's
   * constant-time multiplication, when sk is in range and B decodes as noble decodes it
   * (canonical, in G1, not O); null otherwise, so that blindSign throws its own error. The bytes
   * are blindSign's: sk·B is one point with one encoding.
   */
  blindSign(secretKey: Uint8Array, blinded: Uint8Array): Uint8Array | null;
  /** PopVerify (crypto/coissue.ts) when it holds; false means "ask noble", never "it fails". */
  proofHolds(publicKey: Uint8Array, proof: Uint8Array): boolean;
}

type McLModule = typeof Mcl & { mod: Record<string, any> };

let loading: Promise<MclBackend> | undefined;

/** Loads and configures mcl-wasm once per thread, then checks it against noble's known answers (selfTest). */
export function loadMcl(): Promise<MclBackend> {
  loading ??= init();
  return loading;
}

async function init(): Promise<MclBackend> {
  let m: McLModule;
  try {
    const imported = (await import('mcl-wasm')) as unknown as { default?: McLModule } & McLModule;
    // The CommonJS exports object: its `mod` getter is live after init, unlike a namespace snapshot.
    m = imported.default ?? imported;
    await m.init(m.BLS12_381);
  } catch (e) {
    throw new McLUnavailableError(`mcl-wasm could not be loaded (${(e as Error).message}); install it with npm install mcl-wasm, or use --backend noble`);
  }
  m.setETHserialization(true);
  m.setMapToMode(m.IRTF);
  m.verifyOrderG1(true);
  m.verifyOrderG2(true);
  setDst(m, TOKEN_DST);
  const g2 = new m.G2();
  g2.deserialize(G2_GENERATOR);
  const base = new m.PrecomputedG2(g2);
  const keyOf = keyCache(m);
  const tokensOf = (group: TokenGroup): GroupVerdict => (groupHolds(m, base, keyOf, group) ? { ok: true, bad: [] } : verifyTokenGroup(group));
  const verifyGroup = (group: TokenGroup): GroupVerdict => {
    if (!group.shares) return tokensOf(group);
    if (keysWithSharesHold(m, g2, [group])) return { ok: true, bad: [], sharesHold: true };
    // Something fails: the tokens and the shares asked apart, so each verdict is the one it would be alone.
    return { ...tokensOf(group), sharesHold: sharesHold(m, g2, [group.shares])[0] === true };
  };
  const backend: MclBackend = {
    verifyGroup: (group) => verifyGroup(group),
    verifyGroups: (groups) => {
      // Co-issued keys in one product; if it fails, each key is asked alone (and then noble).
      if (groups.length > 1 && groups.every((g) => g.shares) && keysWithSharesHold(m, g2, groups)) return groups.map(() => ({ ok: true, bad: [], sharesHold: true }));
      return groups.map(verifyGroup);
    },
    holds: (group) => (group.shares ? keysWithSharesHold(m, g2, [group]) : groupHolds(m, base, keyOf, group)),
    keysHold: (groups) => keysWithSharesHold(m, g2, groups),
    sharesHold: (keys) => sharesHold(m, g2, keys),
    blindSign: (secretKey, blinded) => blindSign(m, secretKey, blinded),
    proofHolds: (publicKey, proof) => {
      const pk = decode(new m.G2(), publicKey, 96);
      const pop = decode(new m.G1(), proof, 48);
      return pk !== null && pop !== null && proofsHold(m, g2, [{ pk, pkBytes: publicKey, pop }]);
    },
  };
  selfTest(m, base, g2, keyOf);
  return backend;
}

/**
 * The G2 generator's compressed encoding (noble's G2.Point.BASE.toBytes(true); test/verifier/
 * mcl.test.ts compares them). A constant because noble's toBytes re-checks the generator's
 * subgroup membership first: 90 ms on every thread that loads this module.
 */
export const G2_GENERATOR = hexToBytes(
  '93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e' +
    '024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8',
  96,
);

function setDst(m: McLModule, dst: string): void {
  const bytes = new TextEncoder().encode(dst);
  const { mod } = m;
  const sp = mod.stackSave();
  try {
    const p = mod.stackAlloc(bytes.length);
    mod.HEAP8.set(bytes, p);
    if (mod._mclBnG1_setDst(p, bytes.length) !== 0) throw new McLUnavailableError('mcl-wasm: mclBnG1_setDst failed');
  } finally {
    mod.stackRestore(sp);
  }
}

/**
 * Known answers computed by noble (test/verifier/mcl.test.ts recomputes every one of them):
 * hash_to_curve of a fixed token message with our DST, and two tokens under the issuer key
 * deriveIssuerKey(0x03 × 32, {meeting: 'mcl-self-test', item: 'item', round: 1, klass: 'A'})
 * for ballot keys 0x04 × 32 and 0x05 × 32. Fixed vectors rather than noble at start-up: the
 * self-test then costs a few mcl operations, not a cold noble G2 multiplication in every thread.
 */
export const SELF_TEST = {
  message: { keyId: 0x01, ballotPk: 0x02 },
  hash: '8a0bace7af84b423b00dbba78997b9e362443e6a1e848a792fc4163aba393ae7e4adda789f897f36dfff7d9a5dabfa29',
  publicKey:
    '862cf4fb7bcc9bfb6670dff1d86787f2b6a6a2be57a4cd1c11af35cbd46813be2afe251b2c9c156ce3bb0835dc1bb976' +
    '09e2d1e09877fc00e986996c0ba9a26d74b2ebbba5a6ddc02aef1ac2e9b7a8d6d786f831b708066576171dde721d25b9',
  tokens: [
    { ballotPk: 0x04, signature: '943dba9915e41480c23a7c812632593cbd94e1d7e242735267e217d11a63c6a52c78431fdc7fab61ed492864bd9f5c38' },
    { ballotPk: 0x05, signature: 'a707fea2d9016e7a5e02788d0cadf94d2808ad2c504e1dd3f4b7646b551054f1230b564892137169a2081ac704c26d66' },
  ],
  /** hash_to_G1(publicKey, POP_DST) and PopProve of the same key (crypto/coissue.ts). */
  popHash: 'b28730321e5672194becf75cb80c59deef76f171db7b9abae1b96fd37247a12f4b9fc47ce4bf05af4890b8428b3c9741',
  pop: 'a6227f0b3cd666e68cef49b45e5510312f7cba3cd7dc41b4179cebbbc94fdf279d1650512cbec813079889a6671c20f3',
  /** blindSign(sk, B) with sk the self-test key's secret (from the public master 0x03 × 32) and B = `hash`. */
  blindSign: {
    secretKey: '51c2667159903e502cccb2b16a77fd65a6aa5991c0369a7066a045a2920f4553',
    blinded: '8a0bace7af84b423b00dbba78997b9e362443e6a1e848a792fc4163aba393ae7e4adda789f897f36dfff7d9a5dabfa29',
    signature: '9093e4eefa0c14e28b6f89bb7e2174190d8f5037528e822b1a476033185edce2f7fc1d00aaf55384e52e82999044246f',
  },
} as const;

/** The self-test's group: its two valid tokens (swapped: each with the other's signature). */
export function selfTestGroup(swapped = false): TokenGroup {
  const publicKey = hexToBytes(SELF_TEST.publicKey, 96);
  const keyId = issuerKeyId(publicKey);
  const sigs = SELF_TEST.tokens.map((t) => hexToBytes(t.signature, 48));
  if (swapped) sigs.reverse();
  return { publicKey, tokens: SELF_TEST.tokens.map((t, i) => ({ keyId, ballotPk: new Uint8Array(32).fill(t.ballotPk), signature: sigs[i]! })) };
}

/** mcl's OWN verdicts (no noble fallback) on the known answers, before first use. */
function selfTest(m: McLModule, base: Mcl.PrecomputedG2, g2: Mcl.G2, keyOf: (publicKey: Uint8Array) => IssuerKey | null): void {
  const msg = tokenMessage(new Uint8Array(32).fill(SELF_TEST.message.keyId), new Uint8Array(32).fill(SELF_TEST.message.ballotPk));
  if (bytesToHex(m.hashAndMapToG1(msg).serialize()) !== SELF_TEST.hash) {
    throw new McLUnavailableError('mcl-wasm hashes to G1 differently from noble with our DST');
  }
  // Both paths: a batch of two, and each token alone (the lone-token equation).
  const good = selfTestGroup();
  const swapped = selfTestGroup(true);
  const alone = (g: TokenGroup) => g.tokens.map((t) => ({ publicKey: g.publicKey, tokens: [t] }));
  if (!groupHolds(m, base, keyOf, good) || groupHolds(m, base, keyOf, swapped) || !alone(good).every((g) => groupHolds(m, base, keyOf, g)) || alone(swapped).some((g) => groupHolds(m, base, keyOf, g))) {
    throw new McLUnavailableError('mcl-wasm failed its self-test against noble');
  }
  if (bytesToHex(withDst(m, POP_DST, () => m.hashAndMapToG1(hexToBytes(SELF_TEST.publicKey, 96))).serialize()) !== SELF_TEST.popHash) {
    throw new McLUnavailableError('mcl-wasm hashes public keys to G1 differently from noble with the proof-of-possession DST');
  }
  const proof = hexToBytes(SELF_TEST.pop, 48);
  const token = hexToBytes(SELF_TEST.tokens[0].signature, 48);
  if (!proofsHold(m, g2, [selfTestProof(m, proof)]) || proofsHold(m, g2, [selfTestProof(m, token)])) {
    throw new McLUnavailableError('mcl-wasm failed its proof-of-possession self-test against noble');
  }
  const signed = blindSign(m, hexToBytes(SELF_TEST.blindSign.secretKey, 32), hexToBytes(SELF_TEST.blindSign.blinded, 48));
  if (!signed || bytesToHex(signed) !== SELF_TEST.blindSign.signature) {
    throw new McLUnavailableError('mcl-wasm blind-signs differently from noble');
  }
}

/** The self-test key with `pop` as its proof (the known proof, or a token signature: a G1 point that is none). */
function selfTestProof(m: McLModule, pop: Uint8Array): DecodedProof {
  return { pk: decode(new m.G2(), hexToBytes(SELF_TEST.publicKey, 96), 96)!, pkBytes: hexToBytes(SELF_TEST.publicKey, 96), pop: decode(new m.G1(), pop, 48)! };
}

/** Runs `f` with mcl's hash_to_G1 DST set to `dst`, then sets the token DST back. */
function withDst<T>(m: McLModule, dst: string, f: () => T): T {
  setDst(m, dst);
  try {
    return f();
  } finally {
    setDst(m, TOKEN_DST);
  }
}

interface DecodedProof {
  pk: Mcl.G2;
  pkBytes: Uint8Array;
  pop: Mcl.G1;
}

/** e(Σ rⱼπⱼ, G2)·Π e(−rⱼH_pop(pkⱼ), pkⱼ) = 1 with fresh 128-bit rⱼ (crypto/coissue.ts popVerifyBatch). */
function proofsHold(m: McLModule, g2: Mcl.G2, proofs: readonly DecodedProof[]): boolean {
  if (proofs.length === 0) return true;
  const hashes = withDst(m, POP_DST, () => proofs.map((p) => m.hashAndMapToG1(p.pkBytes)));
  const coeffs = proofs.map(() => coefficient(m));
  // e(Σ rⱼπⱼ, G2) · Π e(−rⱼ·H_pop(pkⱼ), pkⱼ): one multi-Miller loop, one final exponentiation
  const g1s = [m.mulVec(proofs.map((p) => p.pop), coeffs), ...proofs.map((_, j) => m.neg(m.mul(hashes[j]!, coeffs[j]!)))];
  return m.finalExp(millerLoopVec(m, g1s, [g2, ...proofs.map((p) => p.pk)])).isOne();
}

/** Π millerLoop(xᵢ, yᵢ) by the wasm export mclBn_millerLoopVec (shared squarings), which the JS API does not wrap. */
function millerLoopVec(m: McLModule, xs: readonly Mcl.G1[], ys: readonly Mcl.G2[]): Mcl.GT {
  const out = new m.GT();
  onStack(m, out, [xs, ys], (f, [px, py]) => m.mod._mclBn_millerLoopVec(f, px, py, xs.length));
  return out;
}

/** k·P by the wasm export mclBnG1_mulCT (constant time in k), which the JS API does not wrap. */
function mulCT(m: McLModule, p: Mcl.G1, k: Mcl.Fr): Mcl.G1 {
  const out = new m.G1();
  onStack(m, out, [[p], [k]], (z, [px, pk]) => m.mod._mclBnG1_mulCT(z, px, pk));
  return out;
}

/**
 * Calls a wasm export with `inputs` (each a run of mcl values) copied to the wasm stack, then
 * reads its result into `out`. Each mcl value keeps its words in a_ (not in the typings). The
 * stack is zeroed before it is released: an input may be a secret key.
 */
function onStack(m: McLModule, out: unknown, inputs: ReadonlyArray<readonly unknown[]>, call: (outPtr: number, inPtrs: number[]) => void): void {
  const { mod } = m;
  const raw = (v: unknown) => (v as { a_: Uint32Array }).a_;
  const words = raw(out).length + inputs.reduce((n, vs) => n + vs.reduce((k: number, v) => k + raw(v).length, 0), 0);
  const sp = mod.stackSave();
  const base: number = mod.stackAlloc(words * 4);
  try {
    let at = base / 4 + raw(out).length;
    const ptrs = inputs.map((vs) => {
      const p = at * 4;
      for (const v of vs) {
        mod.HEAP32.set(raw(v), at);
        at += raw(v).length;
      }
      return p;
    });
    call(base, ptrs);
    raw(out).set(mod.HEAP32.subarray(base / 4, base / 4 + raw(out).length));
  } finally {
    mod.HEAP32.fill(0, base / 4, base / 4 + words);
    mod.stackRestore(sp);
  }
}

/** MclBackend.blindSign. */
function blindSign(m: McLModule, secretKey: Uint8Array, blinded: Uint8Array): Uint8Array | null {
  const sk = new m.Fr();
  try {
    decodeIssuerSecretKey(secretKey);
    sk.setBigEndianMod(secretKey);
  } catch {
    return null;
  }
  const b = decode(new m.G1(), blinded, 48);
  if (!b) return null;
  // S' = sk·B
  return mulCT(m, b, sk).serialize();
}

/**
 * Both shares of a key and their proofs decoded (canonical, subgroup, not O), when public_key is
 * their sum and not O; null otherwise, for noble to decide.
 */
function decodeShares(m: McLModule, k: KeyShares): [DecodedProof, DecodedProof] | null {
  const share = (s: KeyShares['service']): DecodedProof | null => {
    const pk = decode(new m.G2(), s.publicKey, 96);
    const pop = decode(new m.G1(), s.pop, 48);
    return pk && pop ? { pk, pkBytes: s.publicKey, pop } : null;
  };
  const service = share(k.service);
  const commission = share(k.commission);
  if (!service || !commission) return null;
  // public_key = pk_s + pk_c, and not O
  const sum = m.add(service.pk, commission.pk);
  if (sum.isZero() || !(k.publicKey instanceof Uint8Array) || !equalBytes(sum.serialize(), k.publicKey)) return null;
  return [service, commission];
}

/** MclBackend.sharesHold: one batch for the whole record, key by key only when it fails. */
function sharesHold(m: McLModule, g2: Mcl.G2, keys: readonly KeyShares[]): boolean[] {
  const decoded = keys.map((k) => decodeShares(m, k));
  if (proofsHold(m, g2, decoded.flatMap((d) => d ?? []))) return decoded.map((d) => d !== null);
  return decoded.map((d) => d !== null && proofsHold(m, g2, d));
}

/** A point decoded by mcl exactly when noble would: canonical bytes, in the subgroup, not O. */
function decode<T extends Mcl.G1 | Mcl.G2>(point: T, bytes: unknown, length: number): T | null {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) return null;
  try {
    point.deserialize(bytes);
  } catch {
    return null;
  }
  return point.isZero() || !equalBytes(point.serialize(), bytes) ? null : point;
}

/** Uniform in [1, 2^128): the coefficients of crypto/batch-verify.ts. */
function coefficient(m: McLModule): Mcl.Fr {
  const r = new m.Fr();
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    if (bytes.some((b) => b !== 0)) {
      r.setLittleEndian(bytes);
      return r;
    }
  }
}

/**
 * Each token's signature decoded (canonical, subgroup, not O) and its message hashed to G1, when
 * every token names `keyId`; null as soon as one does not, for noble to decide.
 */
function decodeTokens(m: McLModule, keyId: Uint8Array, tokens: TokenGroup['tokens']): { sigs: Mcl.G1[]; hashes: Mcl.G1[] } | null {
  const sigs: Mcl.G1[] = [];
  const hashes: Mcl.G1[] = [];
  for (const t of tokens) {
    if (!(t.keyId instanceof Uint8Array) || !equalBytes(t.keyId, keyId)) return null;
    let msg: Uint8Array;
    try {
      msg = tokenMessage(t.keyId, t.ballotPk);
    } catch {
      return null;
    }
    const sig = decode(new m.G1(), t.signature, 48);
    if (!sig) return null;
    sigs.push(sig);
    hashes.push(m.hashAndMapToG1(msg));
  }
  return { sigs, hashes };
}

/**
 * Co-issued keys' tokens and their proofs of possession in ONE pairing product. Per key k, with
 * X_k = Σ rᵢHᵢ over its tokens, ρ_s and ρ_c fresh 128-bit coefficients, and pk = pk_s + pk_c
 * checked first (so e(−X_k, pk) = e(−X_k, pk_s)·e(−X_k, pk_c)):
 *   e(Σ_k [Σ rᵢSᵢ + ρ_s·π_s + ρ_c·π_c], G2) · Π_k e(−X_k − ρ_s·H_pop(pk_s), pk_s)·e(−X_k − ρ_c·H_pop(pk_c), pk_c) = 1
 * one Miller loop per share plus one for G2, and one final exponentiation, for all the keys:
 * apart, each key's tokens and proofs need five loops and two final exponentiations. Every
 * coefficient is independent, so one failing equation makes the product ≠ 1 but with
 * probability ≤ 2^-128 (the small-exponent batch of crypto/batch-verify.ts). The logged key is
 * not decoded: the sum of two subgroup points that is not O and encodes to exactly its bytes is
 * the key noble would decode. true only when all of it holds.
 */
function keysWithSharesHold(m: McLModule, g2: Mcl.G2, groups: readonly TokenGroup[]): boolean {
  const lefts: Mcl.G1[] = [];
  const g1s: Mcl.G1[] = [];
  const g2s: Mcl.G2[] = [];
  for (const group of groups) {
    const terms = keyTerms(m, group);
    if (!terms) return false;
    lefts.push(terms.left);
    g1s.push(...terms.g1s);
    g2s.push(...terms.g2s);
  }
  if (groups.length === 0) return true;
  const left = lefts.reduce((a, b) => m.add(a, b));
  return m.finalExp(millerLoopVec(m, [left, ...g1s], [g2, ...g2s])).isOne();
}

/** One key's part of keysWithSharesHold's product: its G2 term, and its two pairs; null for noble to decide. */
function keyTerms(m: McLModule, { publicKey, tokens, shares }: TokenGroup): { left: Mcl.G1; g1s: Mcl.G1[]; g2s: Mcl.G2[] } | null {
  if (!shares || !(publicKey instanceof Uint8Array) || !(shares.publicKey instanceof Uint8Array) || !equalBytes(publicKey, shares.publicKey)) return null;
  const both = decodeShares(m, shares);
  if (!both) return null;
  const [service, commission] = both;
  const decoded = decodeTokens(m, issuerKeyId(publicKey), tokens);
  if (!decoded) return null;
  const { sigs, hashes } = decoded;
  const [hs, hc] = withDst(m, POP_DST, () => [m.hashAndMapToG1(service.pkBytes), m.hashAndMapToG1(commission.pkBytes)]);
  const coeffs = tokens.map(() => coefficient(m));
  const [rs, rc] = [coefficient(m), coefficient(m)];
  const x = tokens.length > 0 ? m.mulVec(hashes, coeffs) : new m.G1();
  return {
    // Σ rᵢSᵢ + ρ_s·π_s + ρ_c·π_c
    left: m.mulVec([...sigs, service.pop, commission.pop], [...coeffs, rs, rc]),
    // −X − ρ_s·H_s on pk_s, −X − ρ_c·H_c on pk_c
    g1s: [m.neg(m.add(x, m.mul(hs!, rs))), m.neg(m.add(x, m.mul(hc!, rc)))],
    g2s: [service.pk, commission.pk],
  };
}

/**
 * Issuer keys decoded (subgroup checked, not O) with their key ids and precomputed Miller lines,
 * per thread. The server's token thread checks every cast under one of the few keys of the open
 * votes, mostly one token at a time when casts are spread out: decoding the key (0.5 ms) and
 * its lines each time was a third of a lone token's check. Bounded: the oldest key is dropped
 * (and its wasm memory freed) beyond KEY_CACHE_SIZE; a key that does not decode is not kept.
 */
const KEY_CACHE_SIZE = 32;

interface IssuerKey {
  keyId: Uint8Array;
  lines: Mcl.PrecomputedG2;
}

function keyCache(m: McLModule): (publicKey: Uint8Array) => IssuerKey | null {
  const keys = new Map<string, IssuerKey>();
  return (publicKey) => {
    const hex = bytesToHex(publicKey);
    const known = keys.get(hex);
    if (known) return known;
    const pk = decode(new m.G2(), publicKey, 96);
    if (!pk) return null;
    const key = { keyId: issuerKeyId(publicKey), lines: new m.PrecomputedG2(pk) };
    keys.set(hex, key);
    if (keys.size > KEY_CACHE_SIZE) {
      const [oldest, dropped] = keys.entries().next().value!;
      keys.delete(oldest);
      dropped.lines.destroy();
    }
    return key;
  };
}

/**
 * true only when every token decodes, names this key, and e(Σ rᵢSᵢ, G2)·e(−Σ rᵢHᵢ, pk) = 1; a
 * lone token is BLS Verify itself, e(S, G2)·e(−H, pk) = 1 (the coefficients only keep one
 * token's error from cancelling another's).
 */
function groupHolds(m: McLModule, base: Mcl.PrecomputedG2, keyOf: (publicKey: Uint8Array) => IssuerKey | null, { publicKey, tokens }: TokenGroup): boolean {
  if (!(publicKey instanceof Uint8Array)) return false;
  const key = keyOf(publicKey);
  if (!key) return false;
  const keyId = key.keyId;
  if (tokens.length === 0) return true;
  const decoded = decodeTokens(m, keyId, tokens);
  if (!decoded) return false;
  const { sigs, hashes } = decoded;
  if (tokens.length === 1) return m.finalExp(m.precomputedMillerLoop2(m.neg(hashes[0]!), key.lines, sigs[0]!, base)).isOne();
  const coeffs = tokens.map(() => coefficient(m));
  const s = m.mulVec(sigs, coeffs);
  const h = m.mulVec(hashes, coeffs);
  return m.finalExp(m.precomputedMillerLoop2(m.neg(h), key.lines, s, base)).isOne();
}
