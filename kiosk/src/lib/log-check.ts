/**
 * The tablet's own check of the server's log (issue 16; docs/tablet-checks.md).
 *
 * Pinning: at sign-in the tablet learns the service's checkpoint key (GET
 * /api/meetings/:id/checkpoint `key`) and keeps it for good (`service-key`, kept across
 * sign-outs): trust on first use, like SSH. A later answer under another key is refused. The
 * key's id is shown beside the fingerprint so the room and the inspector can compare it.
 *
 * Following: every signed checkpoint the tablet accepts must carry the pinned key's signature
 * and extend the largest one it accepted before (RFC 9162 §2.1.4 consistency proof from that
 * size; at an equal size, the same root). Consistency is transitive, so each new checkpoint is
 * consistent with every one seen before. The list is kept per meeting (`log:<meeting>`).
 *
 * Proving: an issuer key is believed only from its `key` entry with an inclusion proof
 * (§2.1.3) against an accepted checkpoint; a receipt is "checked" only when its leaf has an
 * inclusion proof against an accepted checkpoint of this meeting.
 *
 * Every failure is a LogRefused naming what failed; nothing here retries or hides one.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8 } from '../../../crypto/bytes';
import { parseCheckpoint } from '../../../crypto/checkpoint';
import { parseEntry } from '../../../crypto/log-entry';
import { leafHash, verifyConsistency, verifyInclusion } from '../../../crypto/merkle';
import { parseNote, parseVerifierKey, verifyNoteSignature } from '../../../crypto/signed-note';
import { checkKeyStatement, coissuerPublicKey, parseKeyStatement, verifyKeyStatement } from '../../../crypto/coissuer-statements';
import { apiRequest, ApiError, type FetchLike } from './api';
import type { KioskStore } from './store';

export type LogProblem = 'key_changed' | 'bad_signature' | 'inconsistent' | 'bad_proof' | 'bad_entry' | 'missing';

export class LogRefused extends Error {
  override readonly name = 'LogRefused';
  constructor(
    readonly reason: LogProblem,
    detail: string,
  ) {
    super(detail);
  }
}

export interface SeenCheckpoint {
  size: number;
  /** lowercase hex */
  rootHash: string;
  note: string;
}

export interface LogState {
  meetingId: string;
  /** The pinned service checkpoint key (C2SP verifier key). */
  key: string;
  /** Accepted checkpoints, by size, each consistent with the one before. */
  seen: SeenCheckpoint[];
}

export interface ProvenKey {
  class: 'A' | 'B';
  keyId: string;
  publicKey: string;
  /** Co-issued votes (docs/coissuance.md): the two shares of the proven entry, and the co-issuer key that signed its statement. */
  shares?: { service: string; commission: string };
  coissuerKey?: string;
}

interface CheckpointAnswer {
  key?: unknown;
  checkpoint?: { size?: unknown; note?: unknown } | null;
  consistency?: { from?: unknown; proof?: unknown } | null;
}

/** Survives sign-out: the key this tablet trusts, whoever signs in next. */
export const SERVICE_KEY = 'service-key';
export const logStateKey = (meetingId: string): string => `log:${meetingId}`;

/** The signed-note key id (8 hex digits) of a verifier key, shown for people to compare. */
export function keyIdOf(verifierKey: string): string {
  return verifierKey.split('+')[1] ?? '';
}

const isHexList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x));

/**
 * The checkpoint of a signed note, if the pinned key signed it and its origin is the key's
 * name (a tlog checkpoint is signed by the log under its own origin).
 */
export function openSigned(note: string, key: string): SeenCheckpoint {
  let ok = false;
  try {
    ok = verifyNoteSignature(note, key);
  } catch {
    ok = false;
  }
  if (!ok) throw new LogRefused('bad_signature', 'the checkpoint is not signed by the pinned service key');
  const cp = parseCheckpoint(parseNote(note).text);
  if (cp.origin !== parseVerifierKey(key).name) throw new LogRefused('bad_signature', `the checkpoint names the log ${cp.origin}`);
  return { size: cp.size, rootHash: bytesToHex(cp.rootHash), note };
}

/**
 * Accepts the checkpoint of an answer into `state` (pure: returns the new state and the
 * accepted checkpoint). An answer smaller than the largest seen and not itself seen is stale:
 * `checkpoint` is null and nothing changes.
 */
export function acceptCheckpoint(state: LogState, answer: CheckpointAnswer): { state: LogState; checkpoint: SeenCheckpoint | null } {
  const raw = answer.checkpoint;
  if (!raw) return { state, checkpoint: null };
  if (typeof raw.note !== 'string') throw new LogRefused('bad_signature', 'no signed checkpoint note');
  const cp = openSigned(raw.note, state.key);
  if (raw.size !== undefined && raw.size !== cp.size) throw new LogRefused('bad_signature', 'the size beside the note is not the signed size');
  const same = state.seen.find((s) => s.size === cp.size);
  if (same) {
    // §2.1.4: a consistency proof between equal sizes holds only for equal roots.
    if (same.rootHash !== cp.rootHash) throw new LogRefused('inconsistent', `two different logs of size ${cp.size}`);
    return { state, checkpoint: same };
  }
  const last = state.seen.at(-1);
  if (!last) return { state: { ...state, seen: [cp] }, checkpoint: cp };
  if (cp.size < last.size) return { state, checkpoint: null };
  const c = answer.consistency;
  if (!c || c.from !== last.size || !isHexList(c.proof)) throw new LogRefused('inconsistent', `no consistency proof from size ${last.size} to ${cp.size}`);
  const proof = c.proof.map((h) => hexToBytes(h, 32));
  if (!verifyConsistency(last.size, cp.size, proof, hexToBytes(last.rootHash, 32), hexToBytes(cp.rootHash, 32))) {
    throw new LogRefused('inconsistent', `the log of size ${cp.size} does not extend the one of size ${last.size} seen before`);
  }
  return { state: { ...state, seen: [...state.seen, cp] }, checkpoint: cp };
}

/** §2.1.3: the leaf is at `index` in the tree of the accepted checkpoint. */
function requireInclusion(leaf: Uint8Array, index: unknown, proof: unknown, cp: SeenCheckpoint, what: string): void {
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || !isHexList(proof)) throw new LogRefused('bad_proof', `${what}: no inclusion proof`);
  if (!verifyInclusion(leaf, index, cp.size, proof.map((h) => hexToBytes(h, 32)), hexToBytes(cp.rootHash, 32))) {
    throw new LogRefused('bad_proof', `${what} is not in the signed log of size ${cp.size}`);
  }
}

export interface LogEnv {
  fetch: FetchLike;
  store: KioskStore;
}

/**
 * One meeting's log as this tablet has checked it. Operations run one at a time, so two
 * answers never race to extend the list.
 */
export class LogFollower {
  private state: LogState | null = null;
  private loaded = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly env: LogEnv,
    readonly meetingId: string,
  ) {}

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  latest(): SeenCheckpoint | null {
    return this.state?.seen.at(-1) ?? null;
  }

  pinnedKey(): string | null {
    return this.state?.key ?? null;
  }

  private async save(next: LogState): Promise<void> {
    await this.env.store.put(logStateKey(this.meetingId), next);
    this.state = next;
  }

  private fromQuery(): string {
    const last = this.latest();
    return last ? `?from=${last.size}` : '';
  }

  /**
   * The pinned key, from what this tablet kept of the meeting; on first contact with the
   * meeting, the answer's key, pinned now (trust on first use) unless this tablet pinned another
   * service key before. A later answer under another key is refused.
   */
  private async adopt(answerKey: unknown): Promise<void> {
    if (!this.loaded) {
      this.state = (await this.env.store.get<LogState>(logStateKey(this.meetingId))) ?? null;
      this.loaded = true;
    }
    if (this.state) {
      if (answerKey !== undefined && answerKey !== this.state.key) throw new LogRefused('key_changed', 'the server now answers under another service key');
      return;
    }
    if (typeof answerKey !== 'string') throw new LogRefused('bad_signature', 'the server names no service key');
    try {
      parseVerifierKey(answerKey);
    } catch {
      throw new LogRefused('bad_signature', 'the service key is malformed');
    }
    const pinned = await this.env.store.get<string>(SERVICE_KEY);
    if (pinned && pinned !== answerKey) throw new LogRefused('key_changed', 'the service key is not the one this tablet pinned before');
    if (!pinned) await this.env.store.put(SERVICE_KEY, answerKey);
    await this.save({ meetingId: this.meetingId, key: answerKey, seen: [] });
  }

  private async accept(answer: CheckpointAnswer): Promise<SeenCheckpoint | null> {
    const { state, checkpoint } = acceptCheckpoint(this.state!, answer);
    if (state !== this.state) await this.save(state);
    return checkpoint;
  }

  private async answer<T extends CheckpointAnswer>(path: string): Promise<T> {
    if (!this.loaded) {
      this.state = (await this.env.store.get<LogState>(logStateKey(this.meetingId))) ?? null;
      this.loaded = true;
    }
    const a = await apiRequest<T>(this.env.fetch, `${path}${this.fromQuery()}`, { credentials: 'omit' });
    await this.adopt(a.key);
    return a;
  }

  /** Pins the service key if this is the first contact, and follows the log to its latest checkpoint. */
  start(): Promise<SeenCheckpoint | null> {
    return this.serial(async () => {
      await this.accept(await this.answer(`/api/meetings/${encodeURIComponent(this.meetingId)}/checkpoint`));
      return this.latest();
    });
  }

  /** Fetches the latest checkpoint and accepts it if it extends what was seen. */
  follow(): Promise<SeenCheckpoint | null> {
    return this.start();
  }

  /**
   * The issuer key of (item, round, purpose, class), only from its `key` entry proven in an
   * accepted checkpoint. null: no signed checkpoint covers the opening yet (ask again later).
   */
  provenKey(target: { item: string; subject: string; round: number; purpose: 'vote' | 'motion' }, klass: 'A' | 'B'): Promise<ProvenKey | null> {
    return this.serial(async () => {
      const answer = await this.answer<CheckpointAnswer & { keys?: unknown }>(`/api/items/${encodeURIComponent(target.item)}/key-proof`);
      const cp = await this.accept(answer);
      const keys = Array.isArray(answer.keys) ? (answer.keys as Array<Record<string, unknown>>) : [];
      const mine = keys.find((k) => k.class === klass);
      if (!cp || !mine) return null;
      if (typeof mine.entry !== 'string') throw new LogRefused('bad_entry', 'the key entry is missing');
      const bytes = utf8(mine.entry);
      let e: Record<string, unknown>;
      try {
        e = parseEntry(bytes);
      } catch {
        throw new LogRefused('bad_entry', 'the key entry is not a canonical log entry');
      }
      const publicKey = typeof e.public_key === 'string' ? e.public_key : '';
      const keyId = typeof e.key_id === 'string' ? e.key_id : '';
      // A key entry names the item itself; a motion's keys have purpose "motion" (FORMAT.md).
      if (e.type !== 'key' || e.item !== target.item || e.round !== target.round || (e.purpose ?? 'vote') !== target.purpose || e.class !== klass) {
        throw new LogRefused('bad_entry', 'the proven entry is not the key of this vote and class');
      }
      // key_id = SHA-256(public key) (crypto/issuer-key.ts)
      if (!/^[0-9a-f]{192}$/.test(publicKey) || bytesToHex(sha256(hexToBytes(publicKey, 96))) !== keyId) {
        throw new LogRefused('bad_entry', 'the key id is not the hash of the logged key');
      }
      requireInclusion(leafHash(bytes), mine.index, mine.proof, cp, 'the issuer key');
      if (e.shares === undefined) return { class: klass, keyId, publicKey };
      // A co-issued key: the entry carries the co-issuer's signed key statement (both shares with
      // their proofs of possession, the combined key); the co-issuer key the server names must
      // have signed exactly it, so no other co-issuer key can be slipped to this tablet.
      const coissuerKey = (answer as { coissuer?: { verifierKey?: unknown } | null }).coissuer?.verifierKey;
      if (typeof coissuerKey !== 'string') throw new LogRefused('bad_entry', 'a co-issued key without the co-issuer key');
      let ok = false;
      try {
        const statement = parseKeyStatement({ v: 1, meeting: this.meetingId, item: e.item, round: e.round, purpose: e.purpose ?? 'vote', class: e.class, public_key: publicKey, key_id: keyId, shares: e.shares });
        ok = checkKeyStatement(statement) === null && typeof e.coissuer_sig === 'string' && verifyKeyStatement(coissuerPublicKey(coissuerKey), statement, e.coissuer_sig);
        if (ok) return { class: klass, keyId, publicKey, shares: { service: statement.shares.service.public_key, commission: statement.shares.commission.public_key }, coissuerKey };
      } catch {
        ok = false;
      }
      throw new LogRefused('bad_entry', 'the co-issued key statement does not verify under the co-issuer key');
    });
  }

  /**
   * A receipt (its ballot's leaf hash) proven in an accepted checkpoint of this meeting.
   * Throws LogRefused('missing') when the server has no such ballot in the log.
   */
  proveReceipt(receipt: string): Promise<SeenCheckpoint> {
    return this.serial(async () => {
      let answer: CheckpointAnswer & { meeting?: unknown; leafHash?: unknown; index?: unknown; treeSize?: unknown; proof?: unknown };
      try {
        // A receipt's answer names no key: the key pinned for the meeting signs its checkpoint.
        answer = await this.answer(`/api/receipts/${receipt}`);
      } catch (e) {
        // 404: not in the log. (409, logged but no checkpoint yet, and network failures are
        // not findings: the caller asks again.)
        if (e instanceof ApiError && e.status === 404) throw new LogRefused('missing', 'the server has no ballot with this receipt in the log');
        throw e;
      }
      if (answer.meeting !== this.meetingId || answer.leafHash !== receipt) throw new LogRefused('bad_proof', 'the proof is for another ballot or meeting');
      const note = (answer as { checkpoint?: unknown }).checkpoint;
      const cp = await this.accept({ checkpoint: { size: answer.treeSize, note: note as string }, consistency: answer.consistency ?? null });
      if (!cp) throw new LogRefused('inconsistent', 'the receipt is proven against a checkpoint older than one seen, and not seen itself');
      requireInclusion(hexToBytes(receipt, 32), answer.index, answer.proof, cp, 'the ballot');
      return this.latest()!;
    });
  }
}
