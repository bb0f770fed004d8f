/**
 * A fake of the token, ballot and log endpoints with the real cryptography, for the tablet's
 * logic tests: it blind-signs with a derived issuer key, keeps a meeting log (meeting, key A,
 * key B, open; ballots by leaf hash at close) with checkpoints signed by its own service key,
 * answers checkpoints, key proofs and receipts as the server does. `misbehave` lets a test make
 * it sign with another key, lose an answer, lie about the receipt, or tamper with its proofs.
 */
import { ballotReceipt, parseSignedBallot, verifyBallotSignature } from '../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { formatCheckpoint } from '../../crypto/checkpoint';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { entryBytes, type LogEntryObject } from '../../crypto/log-entry';
import { consistencyProof, inclusionProof, leafHash, rootFromLeafHashes } from '../../crypto/merkle';
import { generateNoteKey, signNote } from '../../crypto/signed-note';
import { blindSign } from '../../crypto/token';
import type { FetchLike } from '../../kiosk/src/lib/api';

const ORIGIN = 'fake.sealvote.test/log';
const DECODER = new TextDecoder();

export interface Call {
  path: string;
  method: string;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

export function fakeServer(opts: { meeting?: string; item?: string; round?: number; purpose?: 'vote' | 'motion' } = {}) {
  const meeting = opts.meeting ?? 'm1';
  const item = opts.item ?? 'i1';
  const round = opts.round ?? 1;
  const purpose = opts.purpose ?? 'vote';
  const master = new Uint8Array(32).fill(7);
  const subject = purpose === 'motion' ? `${item}#motion` : item;
  const key = (klass: 'A' | 'B') => deriveIssuerKey(master, { meeting, item: subject, round, klass });
  const rogue = deriveIssuerKey(new Uint8Array(32).fill(9), { meeting, item: subject, round, klass: 'A' });
  const calls: Call[] = [];
  const ballots = new Map<string, string>();
  const misbehave = {
    rogueKey: false,
    loseTokenAnswer: 0,
    wrongReceipt: false,
    claimKeyId: '' as string,
    /** Flip one bit of every inclusion proof the key-proof answer gives. */
    tamperKeyProof: false,
    /** Answer key proofs for another class key than the logged one (same checkpoint). */
    swapKeyEntry: false,
    /** Answer receipts with an empty proof and a made-up checkpoint (issue 16, finding 3). */
    emptyReceiptProof: false,
    /** Sign checkpoints with another service key from now on. */
    otherServiceKey: false,
  };

  // The meeting's log and its checkpoints, signed by this fake service's key.
  const service = generateNoteKey(ORIGIN);
  const otherService = generateNoteKey(ORIGIN);
  const entries: Uint8Array[] = [];
  const checkpoints: Array<{ size: number; note: string }> = [];
  const leaves = () => entries.map((e) => leafHash(e));
  const append = (obj: LogEntryObject) => entries.push(entryBytes(obj));
  const sign = () => {
    const body = formatCheckpoint({ origin: ORIGIN, size: entries.length, rootHash: rootFromLeafHashes(leaves()) });
    checkpoints.push({ size: entries.length, note: signNote(body, (misbehave.otherServiceKey ? otherService : service).signerKey) });
  };
  append({ type: 'meeting', meeting: { id: meeting }, checkpointKey: service.verifierKey });
  sign();
  const keyEntryIndex: Record<'A' | 'B', number> = { A: 0, B: 0 };
  for (const klass of purpose === 'motion' ? (['A'] as const) : (['A', 'B'] as const)) {
    keyEntryIndex[klass] = entries.length;
    append({ type: 'key', item, round, purpose, class: klass, public_key: bytesToHex(key(klass).publicKey), key_id: bytesToHex(key(klass).keyId) });
  }
  append({ type: 'open', item, round, purpose });
  sign();
  /** The vote closes: its ballots are logged by leaf hash and a checkpoint signed. */
  const close = () => {
    const stored = [...ballots.keys()].map((pk) => ({ pk, receipt: ballots.get(pk)! })).sort((a, b) => (a.receipt < b.receipt ? -1 : 1));
    for (const b of stored) append({ type: 'ballot', ballot: ballotObjects.get(b.pk)! });
    append({ type: 'close', item, round, purpose });
    sign();
  };
  const ballotObjects = new Map<string, unknown>();
  const latest = () => checkpoints.at(-1)!;
  const from = (path: string) => {
    const m = /[?&]from=(\d+)/.exec(path);
    return m ? Number(m[1]) : undefined;
  };
  const consistencyFrom = (f: number | undefined, size: number) =>
    f === undefined || f > size ? null : { from: f, proof: f === size ? [] : consistencyProof(leaves().slice(0, size), f).map(bytesToHex) };
  const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });

  const fetch: FetchLike = async (path, init = {}) => {
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const body = init.body ? (JSON.parse(String(init.body)) as unknown) : undefined;
    calls.push({ path, method: init.method ?? 'GET', headers, credentials: init.credentials, body });
    const bare = path.split('?')[0] ?? path;
    if (bare === `/api/meetings/${meeting}/checkpoint`) {
      const cp = latest();
      return json(200, { meeting, key: service.verifierKey, checkpoint: cp, consistency: consistencyFrom(from(path), cp.size) });
    }
    if (bare === `/api/items/${item}/key-proof`) {
      const cp = latest();
      const keys = (purpose === 'motion' ? (['A'] as const) : (['A', 'B'] as const)).map((klass) => {
        const index = keyEntryIndex[misbehave.swapKeyEntry ? (klass === 'A' ? 'B' : 'A') : klass];
        const proof = inclusionProof(leaves().slice(0, cp.size), index).map(bytesToHex);
        return { class: klass, index, entry: DECODER.decode(entries[index]!), proof: misbehave.tamperKeyProof ? proof.map((p, i) => (i === 0 ? flip(p) : p)) : proof };
      });
      return json(200, { meeting, key: service.verifierKey, checkpoint: cp, consistency: consistencyFrom(from(path), cp.size), item, round, purpose, keys });
    }
    if (path === `/api/items/${item}/tokens` && init.method === 'POST') {
      if (headers.authorization !== 'Bearer tablet-token') return json(401, { code: 'unauthenticated', status: 401 });
      const b = body as { class: 'A' | 'B'; blinded: string; round: number; purpose: string };
      if (b.round !== round || b.purpose !== purpose) return json(409, { code: 'conflict', status: 409 });
      const k = misbehave.rogueKey ? rogue : key(b.class);
      const answer = {
        blindSignature: bytesToHex(blindSign(k.secretKey, hexToBytes(b.blinded, 48))),
        keyId: misbehave.claimKeyId || bytesToHex(key(b.class).keyId),
        publicKey: bytesToHex(key(b.class).publicKey),
      };
      if (misbehave.loseTokenAnswer > 0) {
        misbehave.loseTokenAnswer -= 1;
        throw new TypeError('Failed to fetch');
      }
      return json(200, answer);
    }
    if (path === '/api/ballots' && init.method === 'POST') {
      if (headers.authorization !== undefined || init.credentials !== 'omit') return json(400, { code: 'bad_request', status: 400 });
      const ballot = parseSignedBallot(body);
      if (!verifyBallotSignature(ballot)) return json(422, { code: 'invalid_ballot', status: 422 });
      const receipt = ballotReceipt(ballot);
      const existing = ballots.get(ballot.ballot_pk);
      if (existing && existing !== receipt) return json(409, { code: 'token_spent', status: 409 });
      ballots.set(ballot.ballot_pk, receipt);
      ballotObjects.set(ballot.ballot_pk, ballot);
      return json(existing ? 200 : 201, { receipt: misbehave.wrongReceipt ? '0'.repeat(64) : receipt });
    }
    if (bare.startsWith('/api/receipts/')) {
      const r = bare.slice('/api/receipts/'.length);
      const index = leaves().findIndex((l) => bytesToHex(l) === r);
      if (index < 0) return json(404, { code: 'not_found', status: 404, detail: 'No ballot with this receipt is in a meeting log yet' });
      const cp = latest();
      if (misbehave.emptyReceiptProof) return json(200, { meeting, leafHash: r, index, treeSize: 1, proof: [], checkpoint: 'made up\n\n— nobody AAAA\n' });
      return json(200, { meeting, leafHash: r, index, treeSize: cp.size, proof: inclusionProof(leaves().slice(0, cp.size), index).map(bytesToHex), checkpoint: cp.note, consistency: consistencyFrom(from(path), cp.size) });
    }
    return json(404, { code: 'not_found', status: 404, detail: `No route for GET ${path}` });
  };
  return { fetch, calls, ballots, misbehave, key, meeting, item, round, subject, purpose, close, sign, append, service, checkpoints };
}
