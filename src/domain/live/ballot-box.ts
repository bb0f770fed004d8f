/**
 * The ballot box: where the ballots of a vote wait for its close, sealed (issue 16, secrecy at
 * rest; THREAT_MODEL.md "A copied data directory").
 *
 * A copy of the database, its -wal or a backup must not tell, without the service's secrets,
 * how an open vote stands or which stored row is which published ballot — the write-ahead log
 * keeps every cast as its own commit, next to the token issued and the member signing out. So
 * a row holds nothing a reader can match with the record later:
 *
 *   lp(s)     = u32be(|utf8 s|) || utf8 s
 *   k_row     = HKDF-SHA-256(salt = "sealvote/ballot-row/v1",  ikm = master, info = lp(meeting), L = 32)
 *   k_seal    = HKDF-SHA-256(salt = "sealvote/ballot-seal/v1", ikm = master,
 *                            info = lp(meeting) || lp(subject) || u32be(round), L = 32)     (RFC 5869)
 *   row key   = hex(HMAC-SHA-256(k_row, utf8(ballot_pk)))                                (RFC 2104)
 *   L_vote    = |JCS(ballot with every choice set to "disapprove")|     (the longest choice word)
 *   plaintext = JCS(ballot) || 0x00 × (L_vote − |JCS(ballot)|)
 *   sealed    = base64(nonce || AES-256-GCM(k_seal, nonce, plaintext,
 *                                           aad = "sealvote/ballot-seal/v1\n" || row key))
 *                                                              nonce: 12 random bytes (SP 800-38D)
 *
 * The row key depends on the ballot key only through a keyed hash, so it is random to a reader
 * without the master secret; it is keyed per meeting, so one ballot key is one row in a meeting
 * (the verifier's `ballot-key-unique`). Every sealed ballot of a vote has the same length, so
 * the length does not tell "approve" from "disapprove". The vote and class stay in clear: the
 * `cast ≤ issued` check counts them, and progress shows them anyway (R11).
 *
 * At close the vote's rows are opened, logged by leaf hash, and deleted in the close's own
 * write; their ballot keys go to `spent_ballot_keys`.
 */
import { expand, extract } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { SignedBallot } from '../../../crypto/ballot';
import { bytesToHex, concatBytes, u32be, utf8 } from '../../../crypto/bytes';
import { canonicalize } from '../../../crypto/jcs';
import { base64Decode, base64Encode } from '../../../crypto/signed-note';
import type { ServiceConfig } from '../../config';
import type { WriteQuery } from '../../db/atomic';
import type { Db } from '../../db/client';
import { ballots, coissueRequests, spentBallotKeys, tokens, type VotePurpose } from '../../db/schema';
import { castReads } from './cast-reads';
import { voteSubject } from './keys';

export interface BoxVote {
  meetingId: string;
  itemId: string;
  round: number;
  purpose: VotePurpose;
}

const ROW_SALT = utf8('sealvote/ballot-row/v1');
const SEAL_SALT = utf8('sealvote/ballot-seal/v1');
const AAD_PREFIX = 'sealvote/ballot-seal/v1\n';
const NONCE_BYTES = 12;
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('utf-8', { fatal: true });

const lp = (s: string) => {
  const b = utf8(s);
  return concatBytes(u32be(b.length), b);
};

// HKDF costs little but the AES key import is asynchronous: both are kept per secret and vote.
const rowKeys = new WeakMap<Uint8Array, Map<string, Uint8Array>>();
const sealKeys = new WeakMap<Uint8Array, Map<string, Promise<CryptoKey>>>();

function cached<V>(store: WeakMap<Uint8Array, Map<string, V>>, secret: Uint8Array, id: string, make: () => V): V {
  let byId = store.get(secret);
  if (!byId) store.set(secret, (byId = new Map()));
  let v = byId.get(id);
  if (v === undefined) {
    v = make();
    byId.set(id, v);
  }
  return v;
}

function rowMacKey(config: Pick<ServiceConfig, 'masterSecret'>, meetingId: string): Uint8Array {
  // k_row = HKDF-SHA-256(salt = "sealvote/ballot-row/v1", ikm = master, info = lp(meeting), 32)
  return cached(rowKeys, config.masterSecret, meetingId, () => expand(sha256, extract(sha256, config.masterSecret, ROW_SALT), lp(meetingId), 32));
}

function sealKey(config: Pick<ServiceConfig, 'masterSecret'>, vote: BoxVote): Promise<CryptoKey> {
  const subject = voteSubject(vote.itemId, vote.purpose);
  return cached(sealKeys, config.masterSecret, JSON.stringify([vote.meetingId, subject, vote.round]), () => {
    // k_seal = HKDF-SHA-256(salt = "sealvote/ballot-seal/v1", ikm = master, info = lp(meeting) || lp(subject) || u32be(round), 32)
    const info = concatBytes(lp(vote.meetingId), lp(subject), u32be(vote.round));
    const raw = expand(sha256, extract(sha256, config.masterSecret, SEAL_SALT), info, 32);
    return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  });
}

/** row key = hex(HMAC-SHA-256(k_row, utf8(ballot_pk))): the ballot's row, found without revealing it. */
export function ballotRowKey(config: Pick<ServiceConfig, 'masterSecret'>, meetingId: string, ballotPk: string): string {
  return bytesToHex(hmac(sha256, rowMacKey(config, meetingId), utf8(ballotPk.toLowerCase())));
}

/** L_vote: the JCS length of this ballot with every choice the longest word, equal for a whole vote. */
function paddedLength(ballot: SignedBallot): number {
  const longest = Object.fromEntries(Object.keys(ballot.choices).map((id) => [id, 'disapprove']));
  return ENCODER.encode(canonicalize({ ...ballot, choices: longest })).length;
}

/** `canonical`: the ballot's JCS text when the caller has it already (the cast path does). */
export async function sealBallot(config: Pick<ServiceConfig, 'masterSecret'>, vote: BoxVote, rowKey: string, ballot: SignedBallot, canonical = canonicalize(ballot)): Promise<string> {
  const text = ENCODER.encode(canonical);
  const plaintext = new Uint8Array(paddedLength(ballot));
  plaintext.set(text);
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const aad = ENCODER.encode(AAD_PREFIX + rowKey);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad }, await sealKey(config, vote), plaintext));
  return base64Encode(concatBytes(nonce, ct));
}

/** The JCS text of a sealed ballot; throws when the row was not sealed under this vote and row key. */
export async function openBallot(config: Pick<ServiceConfig, 'masterSecret'>, vote: BoxVote, rowKey: string, sealed: string): Promise<string> {
  const bytes = Uint8Array.from(base64Decode(sealed));
  const nonce = bytes.slice(0, NONCE_BYTES);
  const aad = ENCODER.encode(AAD_PREFIX + rowKey);
  const plaintext = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad }, await sealKey(config, vote), bytes.slice(NONCE_BYTES)));
  let end = plaintext.length;
  // JCS text ends with "}", never with 0x00: the padding is every trailing zero byte.
  while (end > 0 && plaintext[end - 1] === 0) end--;
  return DECODER.decode(plaintext.subarray(0, end));
}

export type StoredBallot = { state: 'none' } | { state: 'boxed'; canonical: string } | { state: 'spent' };

/**
 * What is stored under this ballot key in this meeting: nothing, a sealed ballot of an open
 * vote (opened, so a resend can be told from a different ballot), or a key spent by a closed
 * vote.
 */
export async function storedBallot(
  db: Db,
  config: Pick<ServiceConfig, 'masterSecret'>,
  vote: BoxVote,
  ballotPk: string,
  rowKey = ballotRowKey(config, vote.meetingId, ballotPk),
): Promise<StoredBallot> {
  // Prepared once per database (cast-reads.ts): every cast asks this before its checks.
  const reads = castReads(db);
  const [row] = await reads.boxed.all({ rowKey });
  if (row) {
    // The row may belong to another vote of the meeting: open it under its own vote's key.
    const own = { meetingId: vote.meetingId, itemId: row.itemId, round: row.round, purpose: row.purpose };
    return { state: 'boxed', canonical: await openBallot(config, own, rowKey, row.sealed) };
  }
  const [spent] = await reads.spent.all({ meetingId: vote.meetingId, ballotPk: ballotPk.toLowerCase() });
  return spent ? { state: 'spent' } : { state: 'none' };
}

/**
 * Stores a sealed ballot if the vote is open and fewer ballots than tokens of its class are in
 * (`cast ≤ issued`, in the same statement) and the ballot key is neither boxed nor spent in this
 * meeting. True when stored. A storage failure is rethrown without the statement's parameters,
 * so a log line never carries a sealed ballot.
 */
export async function boxBallot(
  db: Db,
  config: Pick<ServiceConfig, 'masterSecret'>,
  vote: BoxVote,
  klass: 'A' | 'B',
  ballot: SignedBallot,
  known: { rowKey?: string; canonical?: string } = {},
): Promise<boolean> {
  const rowKey = known.rowKey ?? ballotRowKey(config, vote.meetingId, ballot.ballot_pk);
  const sealed = await sealBallot(config, vote, rowKey, ballot, known.canonical);
  const { meetingId, itemId, round, purpose } = vote;
  try {
    const inserted = await db.all<{ row_key: string }>(sql`
      INSERT INTO ballots (row_key, meeting_id, item_id, round, purpose, class, sealed)
      SELECT ${rowKey}, ${meetingId}, ${itemId}, ${round}, ${purpose}, ${klass}, ${sealed}
      WHERE EXISTS (SELECT 1 FROM votes WHERE item_id = ${itemId} AND round = ${round} AND purpose = ${purpose} AND status = 'open')
        AND NOT EXISTS (SELECT 1 FROM spent_ballot_keys WHERE meeting_id = ${meetingId} AND ballot_pk = ${ballot.ballot_pk.toLowerCase()})
        AND (SELECT count(*) FROM ballots WHERE item_id = ${itemId} AND round = ${round} AND purpose = ${purpose} AND class = ${klass})
          < (SELECT count(*) FROM tokens WHERE item_id = ${itemId} AND round = ${round} AND purpose = ${purpose} AND class = ${klass})
      ON CONFLICT(row_key) DO NOTHING
      RETURNING row_key`);
    return inserted.length > 0;
  } catch (err) {
    throw withoutParameters(err);
  }
}

/** drizzle's "Failed query: … params: …" would put the sealed ballot in a log line: keep the driver's words only. */
function withoutParameters(err: unknown): Error {
  let driver: unknown = err;
  while (driver instanceof Error && /Failed query/.test(driver.message) && (driver as { cause?: unknown }).cause) driver = (driver as { cause?: unknown }).cause;
  const code = (driver as { code?: string } | null)?.code;
  const message = driver instanceof Error ? driver.message : String(driver);
  const clean = new Error(`storing a ballot failed: ${code ? `${code} ` : ''}${message}`);
  if (code) (clean as { code?: string }).code = code;
  return clean;
}

/** Every ballot of the vote, opened (JCS text) with its class; for the close only. */
export async function unboxVote(db: Db, config: Pick<ServiceConfig, 'masterSecret'>, vote: BoxVote): Promise<Array<{ class: 'A' | 'B'; canonical: string }>> {
  const rows = await db
    .select({ rowKey: ballots.rowKey, class: ballots.class, sealed: ballots.sealed })
    .from(ballots)
    .where(and(eq(ballots.itemId, vote.itemId), eq(ballots.round, vote.round), eq(ballots.purpose, vote.purpose)))
    .orderBy(asc(ballots.rowKey));
  return Promise.all(rows.map(async (r) => ({ class: r.class, canonical: await openBallot(config, vote, r.rowKey, r.sealed) })));
}

/**
 * The close's part in the box, for its one atomic write: the vote's ballot keys become spent
 * (inserted in key order), its rows, its tokens and, in a co-issued meeting, its co-issuance
 * requests are deleted (nothing reads a closed vote's requests: answers are stored only while
 * it is open, and each party signs its roll from its own state). secure_delete zeroes the freed
 * cells, so no row of the vote, and no order of arrival or issuance (a page's cells lie in the
 * order they were written), stays in the file once the WAL is swept.
 */
export function emptyVote(db: Db, vote: BoxVote, ballotPks: readonly string[]): WriteQuery[] {
  const where = <T extends typeof tokens | typeof ballots | typeof coissueRequests>(t: T) => and(eq(t.itemId, vote.itemId), eq(t.round, vote.round), eq(t.purpose, vote.purpose));
  const spent = [...new Set(ballotPks.map((pk) => pk.toLowerCase()))].sort();
  const queries: WriteQuery[] = [
    db.delete(ballots).where(where(ballots)),
    db.delete(tokens).where(where(tokens)),
    db.delete(coissueRequests).where(where(coissueRequests)),
  ];
  // D1 binds at most 100 parameters a statement: 40 keys (80 parameters) each.
  for (let i = 0; i < spent.length; i += 40) {
    queries.push(db.insert(spentBallotKeys).values(spent.slice(i, i + 40).map((ballotPk) => ({ meetingId: vote.meetingId, ballotPk }))).onConflictDoNothing());
  }
  return queries;
}
