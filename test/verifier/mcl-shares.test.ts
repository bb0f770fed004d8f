/**
 * A co-issued record's key shares checked by mcl-wasm (src/verifier-node/mcl.ts sharesHold, the
 * CLI's path on the verifier's threads) answer as noble does (crypto/coissue.ts popVerify and
 * combinePublicKeys, src/verifier/backends.ts verifyKeyShares), key by key: valid shares, and
 * every kind of bad proof or share — a proof of another key, a swapped proof, the identity, a
 * G1 point off the subgroup, a proof that is no point, a share that is the identity, a sum that
 * is not the logged key, pk_c = −pk_s with valid proofs (the sum is O). Shares come from
 * crypto/coissue.ts as a meeting makes them; the torsion point is built here and checked to be
 * on the curve and off the subgroup. Then the whole verifier: every co-issued conformance
 * vector (test/vectors/records) reported alike by verifyRecordNode on threads with mcl-wasm and
 * by verifyRecord.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveCoissuerShare, popProve, popVerify } from '../../crypto/coissue';
import { combinePublicKeys } from '../../crypto/coissue';
import { equalBytes } from '../../crypto/bytes';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { signTokenDirect } from '../../crypto/token';
import { sharesAddUp, verifyKeyShares, verifyRecord, verifyTokenGroup, type KeyShares, type TokenGroup } from '../../src/verifier';
import { loadMcl, verifyRecordNode, type MclBackend } from '../../src/verifier-node';
import { groupVerdicts, keyJobs, VerifierPool } from '../../src/verifier-node/pool';
import { jobRunner } from '../../src/verifier-node/work';
import { torsionEncoding } from './g1-encodings';

const Fp = bls12_381.fields.Fp;
const Fr = bls12_381.fields.Fr;
const G2 = bls12_381.G2.Point;

/** A valid key as a co-issued meeting logs it: the service's share, the commission's, both proven, their sum. */
function validKey(i: number): KeyShares {
  const ctx = { meeting: 'mtg_shares', item: `itm_${i}`, round: 1, klass: 'A' as const };
  const s = deriveIssuerKey(randomBytes(32), ctx);
  const c = deriveCoissuerShare(randomBytes(32), ctx);
  return {
    service: { publicKey: s.publicKey, pop: popProve(s.secretKey) },
    commission: { publicKey: c.publicKey, pop: popProve(c.secretKey) },
    publicKey: combinePublicKeys(s.publicKey, c.publicKey).publicKey,
  };
}

/** A valid key with tokens under it (signed with sk_s + sk_c, as the tablet's unblinded sum is). */
function keyWithTokens(i: number, n: number): { shares: KeyShares; group: TokenGroup } {
  const ctx = { meeting: 'mtg_shares', item: `itm_t${i}`, round: 1, klass: 'A' as const };
  const s = deriveIssuerKey(randomBytes(32), ctx);
  const c = deriveCoissuerShare(randomBytes(32), ctx);
  const combined = combinePublicKeys(s.publicKey, c.publicKey);
  const sk = Fr.add(BigInt('0x' + Buffer.from(s.secretKey).toString('hex')), BigInt('0x' + Buffer.from(c.secretKey).toString('hex')));
  const skBytes = Uint8Array.from(Buffer.from(sk.toString(16).padStart(64, '0'), 'hex'));
  const tokens = Array.from({ length: n }, () => {
    const ballotPk = randomBytes(32);
    return { keyId: combined.keyId, ballotPk, signature: signTokenDirect(skBytes, combined.keyId, ballotPk) };
  });
  const shares = { service: { publicKey: s.publicKey, pop: popProve(s.secretKey) }, commission: { publicKey: c.publicKey, pop: popProve(c.secretKey) }, publicKey: combined.publicKey };
  return { shares, group: { publicKey: combined.publicKey, tokens } };
}

const torsionG1 = () => torsionEncoding().bytes;

const G1_IDENTITY = Uint8Array.from([0xc0, ...new Uint8Array(47)]);
const G2_IDENTITY = Uint8Array.from([0xc0, ...new Uint8Array(95)]);

/** pk_c = −pk_s, each with a valid proof (sk_c = −sk_s): the sum is O, every token would be O. */
function cancellingKey(): KeyShares {
  const s = deriveIssuerKey(randomBytes(32), { meeting: 'mtg_shares', item: 'itm_neg', round: 1, klass: 'A' });
  const sk = BigInt('0x' + Buffer.from(s.secretKey).toString('hex'));
  const negSk = Fr.neg(sk);
  const negSkBytes = Uint8Array.from(Buffer.from(negSk.toString(16).padStart(64, '0'), 'hex'));
  const negPk = G2.BASE.multiply(negSk).toBytes(true);
  return { service: { publicKey: s.publicKey, pop: popProve(s.secretKey) }, commission: { publicKey: negPk, pop: popProve(negSkBytes) }, publicKey: G2_IDENTITY };
}

/** Ways to spoil one key, each of which noble refuses (checked below). */
const SPOIL: Array<[string, (k: KeyShares, other: KeyShares) => KeyShares]> = [
  ["another key's proof for the service share", (k, o) => ({ ...k, service: { ...k.service, pop: o.service.pop } })],
  ['the two proofs swapped', (k) => ({ ...k, service: { ...k.service, pop: k.commission.pop }, commission: { ...k.commission, pop: k.service.pop } })],
  ['the identity as the commission proof', (k) => ({ ...k, commission: { ...k.commission, pop: G1_IDENTITY } })],
  ['a G1 point off the subgroup as a proof', (k) => ({ ...k, service: { ...k.service, pop: torsionG1() } })],
  ['a proof that is no point', (k) => ({ ...k, commission: { ...k.commission, pop: Uint8Array.from([0x80 | 0x1f, ...new Uint8Array(47).fill(0xff)]) } })],
  ['a token signature (a G1 point, no proof) as a proof', (k) => ({ ...k, service: { ...k.service, pop: signTokenDirect(deriveIssuerKey(randomBytes(32), { meeting: 'm', item: 'i', round: 1, klass: 'A' }).secretKey, new Uint8Array(32), new Uint8Array(32)) } })],
  ['the identity as the commission share', (k) => ({ ...k, commission: { ...k.commission, publicKey: G2_IDENTITY } })],
  ['the logged key not the sum of the shares', (k, o) => ({ ...k, publicKey: o.publicKey })],
  ['pk_c = −pk_s with valid proofs (the sum is O)', () => cancellingKey()],
];

/** noble's verdict on one key alone: both PopVerify and the sum (what coissuer-keys concludes). */
const nobleHolds = (k: KeyShares) => popVerify(k.service.publicKey, k.service.pop) && popVerify(k.commission.publicKey, k.commission.pop) && sharesAddUp(k);

let mcl: MclBackend;
let valid: KeyShares[];
beforeAll(async () => {
  mcl = await loadMcl();
  valid = Array.from({ length: 4 }, (_, i) => validKey(i));
});

describe('mcl-wasm checks the key shares as noble does', () => {
  it('the torsion proof really is on the curve and off the subgroup (the case tests what it claims)', () => {
    const bytes = torsionG1();
    const x = BigInt('0x' + Buffer.from(bytes).toString('hex')) & ((1n << 381n) - 1n);
    expect(Fp.sqrt(Fp.add(Fp.pow(x, 3n), 4n))).toBeDefined();
    expect(() => bls12_381.G1.Point.fromBytes(bytes)).toThrow();
  });

  it('accepts valid shares, one key or many, as noble does', () => {
    for (const k of valid) expect(nobleHolds(k)).toBe(true);
    expect(verifyKeyShares(valid)).toEqual([true, true, true, true]);
    expect(mcl.sharesHold(valid)).toEqual([true, true, true, true]);
    expect(mcl.sharesHold([valid[0]!])).toEqual([true]);
    expect(mcl.sharesHold([])).toEqual([]);
  });

  it.each(SPOIL)('refuses %s, naming that key only, as noble does', (_name, spoil) => {
    const bad = spoil(valid[1]!, valid[2]!);
    expect(nobleHolds(bad)).toBe(false);
    const keys = [valid[0]!, bad, valid[3]!];
    expect(mcl.sharesHold(keys)).toEqual(keys.map(nobleHolds));
    expect(mcl.sharesHold([bad])).toEqual([false]);
    // The in-process default: a bad proof fails the whole batch (every key is then checked one
    // by one in coissuer-keys); a bad sum fails its key. Never true where noble says false.
    const inProcess = verifyKeyShares(keys);
    expect(inProcess[1]).toBe(false);
    inProcess.forEach((t, i) => expect(t && !nobleHolds(keys[i]!)).toBe(false));
  });

  it('agrees with noble key by key on any mix of valid and spoiled keys (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: SPOIL.length - 1 }), { minLength: 1, maxLength: 5 }), (plan) => {
        const keys = plan.map((s, i) => (s < 0 ? valid[i % valid.length]! : SPOIL[s]![1](valid[i % valid.length]!, valid[(i + 1) % valid.length]!)));
        const mclSays = mcl.sharesHold(keys);
        expect(mclSays).toEqual(keys.map(nobleHolds));
        // Never true where noble says false; true only when noble says true.
        mclSays.forEach((t, i) => expect(t).toBe(plan[i]! < 0));
      }),
      { numRuns: 12 },
    );
  });

  it('the sum mcl compares is the combined key noble computes', () => {
    for (const k of valid) expect(equalBytes(combinePublicKeys(k.service.publicKey, k.commission.publicKey).publicKey, k.publicKey)).toBe(true);
  });
});

// The CLI sends a key's shares with its tokens (verifyRecordAsync sharesWithTokens): one pairing
// product for both. Its two verdicts must be what the tokens and the shares get apart.
describe("mcl-wasm checks a key's tokens and shares together as noble does apart", () => {
  it('a valid key with its tokens: both hold, and the shares alone and the tokens alone agree', () => {
    const { shares, group } = keyWithTokens(0, 5);
    expect(nobleHolds(shares)).toBe(true);
    expect(verifyTokenGroup(group)).toEqual({ ok: true, bad: [] });
    expect(mcl.verifyGroup({ ...group, shares })).toEqual({ ok: true, bad: [], sharesHold: true });
    expect(mcl.verifyGroup({ ...group, tokens: group.tokens.slice(0, 1), shares })).toEqual({ ok: true, bad: [], sharesHold: true });
    // mcl's combined product itself says yes (a check that always said no would still give the
    // verdicts above, by asking noble apart).
    expect(mcl.holds({ ...group, shares })).toBe(true);
    expect(mcl.holds({ ...group, tokens: [], shares })).toBe(true);
  });

  it.each(SPOIL)('shares with %s: the tokens verdict is noble’s, the shares’ too', (_name, spoil) => {
    const { shares, group } = keyWithTokens(1, 4);
    const other = keyWithTokens(2, 1).shares;
    const bad = { ...spoil(shares, other), publicKey: spoil(shares, other).publicKey };
    // A spoiled sum changes the logged key: the group is then the tokens under that key.
    const spoiledGroup = { ...group, publicKey: bad.publicKey };
    const reference = verifyTokenGroup(spoiledGroup);
    expect(mcl.verifyGroup({ ...spoiledGroup, shares: bad })).toEqual({ ...reference, sharesHold: nobleHolds(bad) });
    expect(nobleHolds(bad)).toBe(false);
    expect(mcl.holds({ ...spoiledGroup, shares: bad })).toBe(false);
  });

  it('valid shares with a forged token: the shares hold, the token is named as noble names it', () => {
    const { shares, group } = keyWithTokens(3, 5);
    const forged = { ...group, tokens: group.tokens.map((t, i) => (i === 2 ? { ...t, signature: group.tokens[0]!.signature } : t)) };
    const reference = verifyTokenGroup(forged);
    expect(reference).toEqual({ ok: false, bad: [2] });
    expect(mcl.verifyGroup({ ...forged, shares })).toEqual({ ...reference, sharesHold: true });
    expect(mcl.holds({ ...forged, shares })).toBe(false);
  });

  it('shares of another key, or a logged key that is not their sum: each verdict is what it is apart', () => {
    const a = keyWithTokens(4, 3);
    const b = keyWithTokens(5, 3);
    expect(mcl.verifyGroup({ ...a.group, shares: b.shares })).toEqual({ ...verifyTokenGroup(a.group), sharesHold: nobleHolds(b.shares) });
    // The shares of b claiming a's key: a's tokens verify under a's key, but b's shares do not add up to it.
    const claimed = { ...b.shares, publicKey: a.group.publicKey };
    expect(nobleHolds(claimed)).toBe(false);
    expect(mcl.verifyGroup({ ...a.group, shares: claimed })).toEqual({ ok: true, bad: [], sharesHold: false });
    expect(mcl.holds({ ...a.group, shares: b.shares })).toBe(false);
    expect(mcl.holds({ ...a.group, shares: claimed })).toBe(false);
  });
});

// The CLI checks several co-issued keys' tokens and shares in one product (verifyGroups, the
// pool's `keys` jobs: src/verifier-node/pool.ts keyJobs). Its verdicts must be each key's alone.
describe('mcl-wasm checks several co-issued keys together as noble does each apart', () => {
  const nobleGroup = (g: TokenGroup) => ({ ...verifyTokenGroup(g), sharesHold: nobleHolds(g.shares!) });
  const keys = () => Array.from({ length: 5 }, (_, i) => keyWithTokens(10 + i, 3)).map(({ shares, group }) => ({ ...group, shares }));

  it('valid keys: one product holds, every verdict is ok with its shares', () => {
    const groups = keys();
    expect(mcl.keysHold(groups)).toBe(true);
    expect(mcl.keysHold([])).toBe(true);
    expect(mcl.verifyGroups(groups)).toEqual(groups.map(nobleGroup));
    expect(mcl.verifyGroups(groups).every((v) => v.ok && v.sharesHold)).toBe(true);
  });

  it.each(SPOIL)('one key’s shares with %s among valid keys: the product fails, each verdict is noble’s', (_name, spoil) => {
    const groups = keys();
    const bad = spoil(groups[2]!.shares!, groups[3]!.shares!);
    groups[2] = { ...groups[2]!, publicKey: bad.publicKey, shares: bad };
    expect(mcl.keysHold(groups)).toBe(false);
    expect(mcl.verifyGroups(groups)).toEqual(groups.map(nobleGroup));
  });

  it('a forged token in one key, or two keys’ tokens swapped: the product fails, each verdict is noble’s', () => {
    const forged = keys();
    forged[1] = { ...forged[1]!, tokens: forged[1]!.tokens.map((t, i) => (i === 0 ? { ...t, signature: forged[0]!.tokens[0]!.signature } : t)) };
    expect(mcl.keysHold(forged)).toBe(false);
    expect(mcl.verifyGroups(forged)).toEqual(forged.map(nobleGroup));
    expect(mcl.verifyGroups(forged)[1]).toMatchObject({ ok: false, bad: [0], sharesHold: true });
    // Errors that would cancel between keys: key 3's tokens under key 4 and the other way round.
    const swapped = keys();
    const [t3, t4] = [swapped[3]!.tokens, swapped[4]!.tokens];
    swapped[3] = { ...swapped[3]!, tokens: t4.map((t) => ({ ...t, keyId: t3[0]!.keyId })) };
    swapped[4] = { ...swapped[4]!, tokens: t3.map((t) => ({ ...t, keyId: t4[0]!.keyId })) };
    expect(mcl.keysHold(swapped)).toBe(false);
    expect(mcl.verifyGroups(swapped)).toEqual(swapped.map(nobleGroup));
  });

  it('the pool splits co-issued keys into jobs of several and puts every verdict back in place', () => {
    const groups: TokenGroup[] = [...keys(), { publicKey: valid[0]!.publicKey, tokens: [] }, ...keys()];
    const { jobs, slots } = keyJobs(groups, 3);
    expect(slots.flat().sort((a, b) => a - b)).toEqual(groups.map((_, i) => i));
    expect(jobs[0]).toEqual({ kind: 'tokens', group: groups[5] });
    expect(jobs.filter((j) => j.kind === 'keys').length).toBe(3);
    const verdicts = groupVerdicts(
      jobs.map((j) => (j.kind === 'keys' ? j.groups.map((g) => ({ ok: true, bad: [g.tokens.length] })) : { ok: false, bad: [] })),
      slots,
      groups.length,
    );
    expect(verdicts).toEqual(groups.map((g) => (g.shares ? { ok: true, bad: [g.tokens.length] } : { ok: false, bad: [] })));
  });

  it('on threads: a record-sized set of co-issued keys, one spoiled, verdicts as noble gives them', async () => {
    const pool = VerifierPool.launch(1, 'mcl', { helper: jobRunner('mcl') });
    try {
      const groups = [...keys(), ...keys(), ...keys(), ...keys()];
      groups[7] = { ...groups[7]!, shares: { ...groups[7]!.shares!, commission: { ...groups[7]!.shares!.commission, pop: groups[8]!.shares!.commission.pop } } };
      expect(await pool.tokenVerifier(groups)).toEqual(groups.map(nobleGroup));
    } finally {
      await pool.stop();
    }
  });
});

describe('the whole verifier on the co-issued conformance vectors', () => {
  const DIR = join(import.meta.dirname, '../vectors/records');
  const files = ['valid-coissued.json', 'invalid-coissued-minted.json', 'invalid-coissued-rogue-share.json', 'invalid-coissued-seated.json'];

  it('reports each alike on threads with mcl-wasm, in one thread, and with verifyRecord', async () => {
    for (const file of files) {
      const record = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
      const reference = verifyRecord(record);
      for (const opts of [{ threads: 2, backend: 'mcl' as const }, { threads: 1, backend: 'mcl' as const }, { threads: 2, backend: 'noble' as const }]) {
        expect(await verifyRecordNode(record, opts), `${file}, ${JSON.stringify(opts)}`).toEqual(reference);
      }
    }
  }, 400_000);
});
