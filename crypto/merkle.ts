/**
 * The meeting log's Merkle tree: RFC 9162 §2.1 (the RFC 6962 tree, SHA-256).
 *
 *   leaf hash  = SHA-256(0x00 || entry)
 *   node hash  = SHA-256(0x01 || left || right)
 *   MTH({})    = SHA-256()                       (empty tree)
 *   MTH(D[n])  = node(MTH(D[0:k]), MTH(D[k:n]))  k = largest power of two < n
 *
 * Proof generation follows RFC 9162 §2.1.3.1 (PATH) and §2.1.4.1 (PROOF / SUBPROOF); proof
 * verification follows §2.1.3.2 and §2.1.4.2 step by step. Everything here works on leaf hashes,
 * not entries: callers hash entries once with `leafHash`.
 *
 * Verification never throws on a bad proof, a bad size or a hash of the wrong length: it returns
 * false. Only arguments of the wrong type (not a Uint8Array, not an array) throw.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { assertBytes, equalBytes } from './bytes';

export const HASH_SIZE = 32;
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** RFC 9162 §2.1.1: leaf hash = SHA-256(0x00 || entry). */
export function leafHash(entry: Uint8Array): Uint8Array {
  assertBytes(entry, 'entry');
  // SHA-256(0x00 || entry)
  return sha256.create().update(LEAF_PREFIX).update(entry).digest();
}

/** RFC 9162 §2.1.1: node hash = SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  assertBytes(left, 'left');
  assertBytes(right, 'right');
  // SHA-256(0x01 || left || right)
  return sha256.create().update(NODE_PREFIX).update(left).update(right).digest();
}

/** RFC 9162 §2.1.1: the root of the empty tree is the hash of the empty string. */
export function emptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

/** Largest power of two strictly less than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let x = n;
  while (x > 1 && x % 2 === 0) x /= 2;
  return x === 1;
}

function assertLeafHashes(leafHashes: readonly Uint8Array[]): void {
  if (!Array.isArray(leafHashes)) throw new TypeError('leafHashes must be an array');
  for (const h of leafHashes) assertBytes(h, 'leaf hash', HASH_SIZE);
}

/** MTH over leaf hashes D[lo:hi] (hi > lo). */
function subtreeRoot(leaves: readonly Uint8Array[], lo: number, hi: number): Uint8Array {
  const n = hi - lo;
  if (n === 1) return leaves[lo]!;
  const k = splitPoint(n);
  // MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n]))
  return nodeHash(subtreeRoot(leaves, lo, lo + k), subtreeRoot(leaves, lo + k, hi));
}

/** The tree head MTH over all given leaf hashes; SHA-256() when there are none. */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  assertLeafHashes(leafHashes);
  if (leafHashes.length === 0) return emptyRoot();
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

function assertIndex(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer`);
}

/** RFC 9162 §2.1.3.1: PATH(m, D[n]), the audit path for the leaf at `index`. */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  assertLeafHashes(leafHashes);
  assertIndex('index', index);
  if (index >= leafHashes.length) throw new RangeError('index is outside the tree');
  const path: Uint8Array[] = [];
  // PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])        if m < k
  //               = PATH(m - k, D[k:n]) : MTH(D[0:k])    if m ≥ k
  // built top-down and reversed at the end, since the RFC lists the deepest sibling first.
  let lo = 0;
  let hi = leafHashes.length;
  let m = index;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (m < k) {
      path.push(subtreeRoot(leafHashes, lo + k, hi));
      hi = lo + k;
    } else {
      path.push(subtreeRoot(leafHashes, lo, lo + k));
      lo += k;
      m -= k;
    }
  }
  return path.reverse();
}

/**
 * RFC 9162 §2.1.4.1: PROOF(m, D[n]) = SUBPROOF(m, D[n], true), the consistency proof from the
 * tree of the first m leaves to the tree of all n = leafHashes.length leaves (0 < m ≤ n).
 */
export function consistencyProof(leafHashes: readonly Uint8Array[], m: number): Uint8Array[] {
  assertLeafHashes(leafHashes);
  assertIndex('m', m);
  // §2.1.4: a proof from the empty tree says nothing, and verifiers refuse one.
  if (m === 0 || m > leafHashes.length) throw new RangeError('m must satisfy 0 < m ≤ tree size');
  const proof: Uint8Array[] = [];
  let lo = 0;
  let hi = leafHashes.length;
  let mm = m;
  let complete = true;
  // SUBPROOF(m, D[m], true)  = {}
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}
  // SUBPROOF(m, D[n], b)     = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])          if m ≤ k
  //                          = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])  if m > k
  while (mm !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (mm <= k) {
      proof.push(subtreeRoot(leafHashes, lo + k, hi));
      hi = lo + k;
    } else {
      proof.push(subtreeRoot(leafHashes, lo, lo + k));
      lo += k;
      mm -= k;
      complete = false;
    }
  }
  if (!complete) proof.push(subtreeRoot(leafHashes, lo, hi));
  return proof.reverse();
}

function isHash(h: Uint8Array): boolean {
  return h.length === HASH_SIZE;
}

function assertProof(proof: readonly Uint8Array[]): void {
  if (!Array.isArray(proof)) throw new TypeError('proof must be an array');
  for (const p of proof) assertBytes(p, 'proof element');
}

function isSize(v: number): boolean {
  return Number.isSafeInteger(v) && v >= 0;
}

/** RFC 9162 §2.1.3.2: does `proof` show the leaf at `index` in the tree of `treeSize` with `root`? */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  assertBytes(leaf, 'leafHash');
  assertBytes(root, 'root');
  assertProof(proof);
  if (!isSize(index) || !isSize(treeSize)) return false;
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false;
  // step 1: leaf_index ≥ tree_size fails
  if (index >= treeSize) return false;
  // step 2: fn = leaf_index, sn = tree_size - 1; step 3: r = hash
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    // step 4a: a proof longer than the tree is high fails
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      // step 4b: r = HASH(0x01 || p || r), then climb past the levels where fn is a left child
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      // otherwise r = HASH(0x01 || r || p)
      r = nodeHash(r, p);
    }
    // step 4c
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // step 5: the path must end exactly at the root
  return sn === 0 && equalBytes(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree of `size1` with `root1` is a prefix of the tree
 * of `size2` with `root2`? Equal sizes need an empty proof and equal roots; a proof from the
 * empty tree (size1 = 0) is refused as meaningless (§2.1.4 defines proofs for 0 < m).
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  assertBytes(root1, 'root1');
  assertBytes(root2, 'root2');
  assertProof(proof);
  if (!isSize(size1) || !isSize(size2)) return false;
  if (size1 === 0 || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && equalBytes(root1, root2);
  if (!isHash(root1) || !isHash(root2) || !proof.every(isHash)) return false;
  // step 1: an empty path fails
  if (proof.length === 0) return false;
  // step 2: if first is an exact power of 2, prepend first_hash to the path
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  // step 3: fn = first - 1, sn = second - 1
  let fn = size1 - 1;
  let sn = size2 - 1;
  // step 4: if LSB(fn) is set, right-shift fn and sn equally until it is not
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // step 5: fr = sr = path[0]
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    // step 6a
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      // step 6b: fr = HASH(0x01 || c || fr), sr = HASH(0x01 || c || sr)
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      // otherwise sr = HASH(0x01 || sr || c)
      sr = nodeHash(sr, c);
    }
    // step 6c
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // step 7: both roots reproduced and the path used up exactly
  return sn === 0 && equalBytes(fr, root1) && equalBytes(sr, root2);
}
