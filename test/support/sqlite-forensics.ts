/**
 * What someone who copied a SQLite data directory can read without SQLite: the database file
 * page by page (live cells of every b-tree, the free space inside pages, free-list pages), every
 * frame of the -wal (valid or left over from an earlier generation), and the page-number
 * history in the -shm wal-index. Written from the file format (https://sqlite.org/fileformat2.html,
 * https://sqlite.org/walformat.html) for the at-rest tests (test/faults/at-rest.test.ts); it
 * reads, never repairs, and tolerates pages it cannot make sense of.
 */
import { existsSync, readFileSync } from 'node:fs';

export type Value = null | number | bigint | string | Uint8Array;

export interface Cell {
  /** Page the cell lives on, and where its content starts in that page. */
  page: number;
  offset: number;
  rowid: bigint | null;
  values: Value[];
  /** The cell's bytes as stored in the page (local part only). */
  raw: Uint8Array;
}

export interface PageImage {
  page: number;
  bytes: Uint8Array;
}

/** A region of a page (or a whole page) that holds no live content. */
export interface DeadRegion {
  page: number;
  offset: number;
  bytes: Uint8Array;
  kind: 'unallocated' | 'freeblock' | 'free-page' | 'unreachable-page';
}

function varint(b: Uint8Array, at: number): [bigint, number] {
  let v = 0n;
  for (let i = 0; i < 8; i++) {
    const byte = b[at + i]!;
    v = (v << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) return [v, i + 1];
  }
  return [(v << 8n) | BigInt(b[at + 8]!), 9];
}

const be16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const be32 = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
const le32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** Decodes a record (header of serial types, then the values); null when it is not one. */
export function decodeRecord(p: Uint8Array): Value[] | null {
  try {
    const [hdrLen, n] = varint(p, 0);
    if (hdrLen > BigInt(p.length) || hdrLen < 1n) return null;
    const types: bigint[] = [];
    let at = n;
    while (at < Number(hdrLen)) {
      const [t, k] = varint(p, at);
      types.push(t);
      at += k;
    }
    const out: Value[] = [];
    let body = Number(hdrLen);
    for (const t of types) {
      const size = t === 0n || t === 8n || t === 9n ? 0 : t <= 4n ? Number(t) : t === 5n ? 6 : t <= 7n ? 8 : t >= 12n ? Number((t - (t % 2n === 0n ? 12n : 13n)) / 2n) : -1;
      if (size < 0 || body + size > p.length) return out.length > 0 ? out : null;
      const v = p.subarray(body, body + size);
      if (t === 0n) out.push(null);
      else if (t === 8n) out.push(0);
      else if (t === 9n) out.push(1);
      else if (t <= 6n) {
        let x = 0n;
        for (const byte of v) x = (x << 8n) | BigInt(byte);
        const bits = BigInt(size * 8);
        if (x >= 1n << (bits - 1n)) x -= 1n << bits;
        out.push(x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x);
      } else if (t === 7n) out.push(new DataView(v.buffer, v.byteOffset, 8).getFloat64(0));
      else if (t % 2n === 0n) out.push(v.slice());
      else out.push(new TextDecoder().decode(v));
      body += size;
    }
    return out;
  } catch {
    return null;
  }
}

export interface BTreePage {
  type: number;
  cells: Cell[];
  children: number[];
  dead: DeadRegion[];
}

/**
 * Parses one b-tree page image. `usable` is the page size minus reserved bytes; `readOverflow`
 * returns a page's bytes to follow overflow chains (database pages only). Null when the bytes
 * are not a b-tree page.
 */
export function parseBTreePage(pageNo: number, bytes: Uint8Array, usable: number, readOverflow?: (page: number) => Uint8Array | undefined): BTreePage | null {
  const h = pageNo === 1 ? 100 : 0;
  const type = bytes[h]!;
  if (![2, 5, 10, 13].includes(type)) return null;
  const interior = type === 2 || type === 5;
  const nCells = be16(bytes, h + 3);
  const contentStart = be16(bytes, h + 5) || 65536;
  const ptrs = h + (interior ? 12 : 8);
  if (ptrs + 2 * nCells > bytes.length || contentStart > bytes.length) return null;
  const cells: Cell[] = [];
  const children: number[] = [];
  const isIndex = type === 2 || type === 10;
  const maxLocal = isIndex ? Math.floor(((usable - 12) * 64) / 255) - 23 : usable - 35;
  const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
  for (let i = 0; i < nCells; i++) {
    const off = be16(bytes, ptrs + 2 * i);
    if (off < ptrs || off >= bytes.length) continue;
    let at = off;
    if (interior) {
      children.push(be32(bytes, at));
      at += 4;
    }
    if (type === 5) {
      const [rowid, k] = varint(bytes, at);
      cells.push({ page: pageNo, offset: off, rowid, values: [], raw: bytes.subarray(off, at + k) });
      continue;
    }
    const [size, k] = varint(bytes, at);
    at += k;
    let rowid: bigint | null = null;
    if (type === 13) {
      const [r, k2] = varint(bytes, at);
      rowid = r;
      at += k2;
    }
    const total = Number(size);
    let local = total;
    if (total > maxLocal) {
      const kk = minLocal + ((total - minLocal) % (usable - 4));
      local = kk <= maxLocal ? kk : minLocal;
    }
    let payload = bytes.subarray(at, Math.min(bytes.length, at + local));
    if (local < total && readOverflow) {
      const parts = [payload];
      let next = be32(bytes, at + local);
      let have = local;
      for (let guard = 0; next !== 0 && have < total && guard < 10_000; guard++) {
        const ov = readOverflow(next);
        if (!ov) break;
        const take = Math.min(usable - 4, total - have);
        parts.push(ov.subarray(4, 4 + take));
        have += take;
        next = be32(ov, 0);
      }
      payload = Buffer.concat(parts);
    }
    cells.push({ page: pageNo, offset: off, rowid, values: decodeRecord(payload) ?? [], raw: bytes.subarray(off, Math.min(bytes.length, at + local + (local < total ? 4 : 0))) });
  }
  if (interior) children.push(be32(bytes, h + 8));
  const dead: DeadRegion[] = [];
  const unallocatedFrom = ptrs + 2 * nCells;
  if (contentStart > unallocatedFrom) dead.push({ page: pageNo, offset: unallocatedFrom, bytes: bytes.subarray(unallocatedFrom, contentStart), kind: 'unallocated' });
  for (let fb = be16(bytes, h + 1), guard = 0; fb !== 0 && fb + 4 <= bytes.length && guard < 1000; guard++) {
    const size = be16(bytes, fb + 2);
    dead.push({ page: pageNo, offset: fb, bytes: bytes.subarray(fb, Math.min(bytes.length, fb + size)), kind: 'freeblock' });
    const next = be16(bytes, fb);
    if (next <= fb) break;
    fb = next;
  }
  return { type, cells, children, dead };
}

export interface DatabaseImage {
  pageSize: number;
  usable: number;
  pages: Map<number, Uint8Array>;
  /** Table and index name → root page, from sqlite_schema. */
  roots: Map<string, number>;
  /** Live cells of each b-tree, by name. */
  cells: Map<string, Cell[]>;
  /** Page → the b-tree it belongs to. */
  owner: Map<number, string>;
  dead: DeadRegion[];
}

/** Reads a database file: every b-tree from sqlite_schema, free space inside pages, free pages. */
export function readDatabase(path: string, overlay: ReadonlyMap<number, Uint8Array> = new Map()): DatabaseImage {
  const file = readFileSync(path);
  const raw = be16(file, 16);
  const pageSize = raw === 1 ? 65536 : raw;
  const usable = pageSize - file[20]!;
  const pages = new Map<number, Uint8Array>();
  for (let p = 1; p * pageSize <= file.length; p++) pages.set(p, file.subarray((p - 1) * pageSize, p * pageSize));
  for (const [p, b] of overlay) pages.set(p, b);
  const page = (n: number) => pages.get(n);
  const owner = new Map<number, string>();
  const cells = new Map<string, Cell[]>();
  const dead: DeadRegion[] = [];
  const walk = (root: number, name: string) => {
    const out: Cell[] = [];
    const stack = [root];
    for (let guard = 0; stack.length > 0 && guard < 100_000; guard++) {
      const n = stack.pop()!;
      if (owner.has(n)) continue;
      const bytes = page(n);
      if (!bytes) continue;
      const parsed = parseBTreePage(n, bytes, usable, page);
      if (!parsed) continue;
      owner.set(n, name);
      out.push(...parsed.cells.filter((c) => c.values.length > 0));
      dead.push(...parsed.dead);
      stack.push(...parsed.children);
      // Overflow pages are live content too.
      for (const c of parsed.cells) {
        const tail = c.raw.length >= 4 && c.values.length > 0 ? be32(c.raw, c.raw.length - 4) : 0;
        if (tail > 0 && tail <= pages.size && !owner.has(tail)) {
          for (let ov = tail, g = 0; ov !== 0 && g < 10_000 && page(ov) && !owner.has(ov); g++) {
            owner.set(ov, `${name} (overflow)`);
            ov = be32(page(ov)!, 0);
          }
        }
      }
    }
    cells.set(name, out);
  };
  walk(1, 'sqlite_schema');
  const roots = new Map<string, number>();
  for (const c of cells.get('sqlite_schema') ?? []) {
    const [, name, , root] = c.values;
    if (typeof name === 'string' && typeof root === 'number' && root > 0) roots.set(name, root);
  }
  for (const [name, root] of roots) walk(root, name);
  // The free list: trunk pages and the leaf pages they list.
  for (let trunk = be32(file, 32), guard = 0; trunk !== 0 && guard < 100_000; guard++) {
    const t = page(trunk);
    if (!t) break;
    owner.set(trunk, '(free)');
    dead.push({ page: trunk, offset: 0, bytes: t, kind: 'free-page' });
    const n = be32(t, 4);
    for (let i = 0; i < n && 8 + 4 * i + 4 <= t.length; i++) {
      const leaf = be32(t, 8 + 4 * i);
      const lb = page(leaf);
      if (lb) {
        owner.set(leaf, '(free)');
        dead.push({ page: leaf, offset: 0, bytes: lb, kind: 'free-page' });
      }
    }
    trunk = be32(t, 0);
  }
  for (const [n, b] of pages) if (!owner.has(n)) dead.push({ page: n, offset: 0, bytes: b, kind: 'unreachable-page' });
  return { pageSize, usable, pages, roots, cells, owner, dead };
}

export interface WalFrame {
  /** Position in the file, from 0. */
  index: number;
  page: number;
  /** Non-zero on the last frame of a commit: the database size in pages after it. */
  commitSize: number;
  /** Whether the frame's salts match the header's (a frame of the current generation). */
  current: boolean;
  /** Which commit the frame belongs to, counting commits in file order from 0. */
  commit: number;
  bytes: Uint8Array;
}

/** Every frame of a -wal file in file order, valid or not. */
export function readWal(path: string): { pageSize: number; frames: WalFrame[] } {
  if (!existsSync(path)) return { pageSize: 0, frames: [] };
  const b = readFileSync(path);
  if (b.length < 32) return { pageSize: 0, frames: [] };
  const pageSize = be32(b, 8);
  const salt1 = be32(b, 16);
  const salt2 = be32(b, 20);
  const frames: WalFrame[] = [];
  let commit = 0;
  for (let at = 32, i = 0; pageSize > 0 && at + 24 + pageSize <= b.length; at += 24 + pageSize, i++) {
    const page = be32(b, at);
    const commitSize = be32(b, at + 4);
    const current = be32(b, at + 8) === salt1 && be32(b, at + 12) === salt2;
    frames.push({ index: i, page, commitSize, current, commit, bytes: b.subarray(at + 24, at + 24 + pageSize) });
    if (commitSize !== 0) commit++;
  }
  return { pageSize, frames };
}

/** The -shm wal-index: how many frames are valid, and the page number it remembers for every frame slot. */
export function readShm(path: string): { mxFrame: number; pageOfFrame: number[] } {
  if (!existsSync(path)) return { mxFrame: 0, pageOfFrame: [] };
  const b = readFileSync(path);
  if (b.length < 136) return { mxFrame: 0, pageOfFrame: [] };
  const mxFrame = le32(b, 16);
  const pageOfFrame: number[] = [];
  // Block 0: a 136-byte header, then 4062 page numbers; every later block: 4096 page numbers.
  for (let block = 0; block * 32768 < b.length; block++) {
    const start = block === 0 ? 136 : block * 32768;
    const n = block === 0 ? 4062 : 4096;
    for (let i = 0; i < n && start + 4 * i + 4 <= b.length; i++) pageOfFrame.push(le32(b, start + 4 * i));
  }
  return { mxFrame, pageOfFrame };
}

/** Every offset at which `needle` occurs in `hay`. */
export function occurrences(hay: Uint8Array, needle: Uint8Array): number[] {
  const out: number[] = [];
  const buf = Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength);
  for (let at = buf.indexOf(needle); at !== -1; at = buf.indexOf(needle, at + 1)) out.push(at);
  return out;
}
