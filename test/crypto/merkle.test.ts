import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '../../crypto/merkle';
import { bytesToHex, hexToBytes, u32be } from '../../crypto/bytes';

const VECTORS = fileURLToPath(new URL('../../../shared/vectors/merkle/', import.meta.url));
if (!existsSync(VECTORS)) throw new Error(`Merkle test vectors missing at ${VECTORS}`);

// The reference tree of /work/shared/vectors/README.md.
const REFERENCE_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657',
  '606162636465666768696a6b6c6d6e6f'].map((h) => leafHash(hexToBytes(h)));
const REFERENCE_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return jsonFiles(p);
    return name.endsWith('.json') ? [p] : [];
  });
}
const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const proofOf = (p: string[] | null): Uint8Array[] => (p ?? []).map(b64);
const rel = (p: string): string => p.slice(VECTORS.length);

interface InclusionCase { leafIdx: number; treeSize: number; root: string; leafHash: string;
  proof: string[] | null; wantErr: boolean }
interface ConsistencyCase { size1: number; size2: number; root1: string; root2: string;
  proof: string[] | null; wantErr: boolean }

const inclusionFiles = jsonFiles(join(VECTORS, 'inclusion'));
const consistencyFiles = jsonFiles(join(VECTORS, 'consistency'));

describe('reference tree (vectors README)', () => {
  it.each(REFERENCE_ROOTS.map((r, size) => [size, r] as const))('root of size %i', (size, root) => {
    expect(bytesToHex(rootFromLeafHashes(REFERENCE_LEAVES.slice(0, size)))).toBe(root);
  });
  it('empty root is SHA-256 of nothing', () => {
    expect(bytesToHex(emptyRoot())).toBe(REFERENCE_ROOTS[0]);
  });
});

describe('transparency-dev inclusion vectors', () => {
  it('found a useful number of files', () => {
    expect(inclusionFiles.length).toBeGreaterThan(50);
    expect(inclusionFiles.filter((f) => !load<InclusionCase>(f).wantErr).length).toBeGreaterThanOrEqual(6);
  });
  it.each(inclusionFiles.map((f) => [rel(f), f]))('%s', (_name, file) => {
    const c = load<InclusionCase>(file);
    const ok = verifyInclusion(b64(c.leafHash), c.leafIdx, c.treeSize, proofOf(c.proof), b64(c.root));
    expect(ok).toBe(!c.wantErr);
  });
});

describe('transparency-dev consistency vectors', () => {
  it('found a useful number of files', () => {
    expect(consistencyFiles.length).toBeGreaterThan(50);
  });
  it.each(consistencyFiles.map((f) => [rel(f), f]))('%s', (_name, file) => {
    const c = load<ConsistencyCase>(file);
    const ok = verifyConsistency(c.size1, c.size2, proofOf(c.proof), b64(c.root1), b64(c.root2));
    expect(ok).toBe(!c.wantErr);
  });
});

describe('proof generation reproduces the happy paths', () => {
  const dirs = ['0', '1', '2', '3', '4'];
  it.each(dirs)('inclusion/%s', (d) => {
    const c = load<InclusionCase>(join(VECTORS, 'inclusion', d, 'happy-path.json'));
    const tree = REFERENCE_LEAVES.slice(0, c.treeSize);
    expect(bytesToHex(tree[c.leafIdx]!)).toBe(bytesToHex(b64(c.leafHash)));
    expect(bytesToHex(rootFromLeafHashes(tree))).toBe(bytesToHex(b64(c.root)));
    expect(inclusionProof(tree, c.leafIdx).map(bytesToHex)).toEqual(proofOf(c.proof).map(bytesToHex));
  });
  it.each(dirs)('consistency/%s', (d) => {
    const c = load<ConsistencyCase>(join(VECTORS, 'consistency', d, 'happy-path.json'));
    const tree = REFERENCE_LEAVES.slice(0, c.size2);
    expect(bytesToHex(rootFromLeafHashes(tree.slice(0, c.size1)))).toBe(bytesToHex(b64(c.root1)));
    expect(consistencyProof(tree, c.size1).map(bytesToHex)).toEqual(proofOf(c.proof).map(bytesToHex));
  });
});

describe('generation guards', () => {
  it('refuses an index outside the tree and a proof from the empty tree', () => {
    expect(() => inclusionProof(REFERENCE_LEAVES, 8)).toThrow(RangeError);
    expect(() => consistencyProof(REFERENCE_LEAVES, 0)).toThrow(RangeError);
    expect(() => consistencyProof(REFERENCE_LEAVES, 9)).toThrow(RangeError);
    expect(() => rootFromLeafHashes([new Uint8Array(31)])).toThrow();
  });
  it('verification returns false on nonsense sizes instead of throwing', () => {
    const root = rootFromLeafHashes(REFERENCE_LEAVES);
    expect(verifyInclusion(REFERENCE_LEAVES[0]!, -1, 8, [], root)).toBe(false);
    expect(verifyInclusion(REFERENCE_LEAVES[0]!, 0, 1.5, [], root)).toBe(false);
    expect(verifyConsistency(NaN, 8, [], root, root)).toBe(false);
  });
});

function randomTree(size: number, seed: number): Uint8Array[] {
  return Array.from({ length: size }, (_, i) => leafHash(new Uint8Array([...u32be(seed), ...u32be(i)])));
}
function flipBit(proof: Uint8Array[], which: number, bit: number): Uint8Array[] {
  const total = proof.length * 32 * 8;
  const at = which % total;
  const copy = proof.map((p) => p.slice());
  copy[Math.floor(at / 256)]![Math.floor((at % 256) / 8)]! ^= 1 << bit % 8;
  return copy;
}

describe('properties over random trees (sizes 1–200)', () => {
  it('inclusion proofs verify, and fail when any proof bit flips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), fc.nat(), fc.nat(), fc.nat(7),
        (size, seed, idxRaw, which, bit) => {
          const tree = randomTree(size, seed);
          const index = idxRaw % size;
          const root = rootFromLeafHashes(tree);
          const proof = inclusionProof(tree, index);
          expect(verifyInclusion(tree[index]!, index, size, proof, root)).toBe(true);
          if (proof.length > 0) {
            expect(verifyInclusion(tree[index]!, index, size, flipBit(proof, which, bit), root)).toBe(false);
          }
          expect(verifyInclusion(tree[index]!, index, size, [...proof, root], root)).toBe(false);
        }),
      { numRuns: 150 },
    );
  });
  it('consistency proofs verify, and fail when any proof bit flips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), fc.nat(), fc.nat(), fc.nat(7),
        (size, seed, mRaw, which, bit) => {
          const tree = randomTree(size, seed);
          const m = 1 + (mRaw % size);
          const root1 = rootFromLeafHashes(tree.slice(0, m));
          const root2 = rootFromLeafHashes(tree);
          const proof = consistencyProof(tree, m);
          expect(verifyConsistency(m, size, proof, root1, root2)).toBe(true);
          if (proof.length > 0) {
            expect(verifyConsistency(m, size, flipBit(proof, which, bit), root1, root2)).toBe(false);
          }
          if (m < size) expect(verifyConsistency(m, size, proof, root2, root1)).toBe(false);
        }),
      { numRuns: 150 },
    );
  });
});

function load<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
