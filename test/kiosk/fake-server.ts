/**
 * A fake of the token and ballot endpoints with the real cryptography, for the tablet's logic
 * tests: it blind-signs with a derived issuer key, stores ballots by ballot_pk and answers
 * receipts as the server does. `misbehave` lets a test make it sign with another key, lose an
 * answer, or lie about the receipt.
 */
import { ballotReceipt, parseSignedBallot, verifyBallotSignature } from '../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { blindSign } from '../../crypto/token';
import type { FetchLike } from '../../kiosk/src/lib/api';

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
  const misbehave = { rogueKey: false, loseTokenAnswer: 0, wrongReceipt: false, claimKeyId: '' as string };

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });

  const fetch: FetchLike = async (path, init = {}) => {
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const body = init.body ? (JSON.parse(String(init.body)) as unknown) : undefined;
    calls.push({ path, method: init.method ?? 'GET', headers, credentials: init.credentials, body });
    if (path === `/api/items/${item}/keys`) {
      const keys = (['A', 'B'] as const).map((klass) => ({ class: klass, publicKey: bytesToHex(key(klass).publicKey), keyId: bytesToHex(key(klass).keyId) }));
      return json(200, { item, meeting, round, purpose, status: 'open', keys });
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
      return json(existing ? 200 : 201, { receipt: misbehave.wrongReceipt ? '0'.repeat(64) : receipt });
    }
    if (path.startsWith('/api/receipts/')) {
      const r = path.slice('/api/receipts/'.length);
      return [...ballots.values()].includes(r) ? json(200, { receipt: r }) : json(404, { code: 'not_found', status: 404, detail: 'No such receipt' });
    }
    return json(404, { code: 'not_found', status: 404, detail: `No route for GET ${path}` });
  };
  return { fetch, calls, ballots, misbehave, key, meeting, item, round, subject, purpose };
}
