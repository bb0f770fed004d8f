/**
 * The bench's HTTP side: an officer (presiding or inspector) and scripted tablets that speak the
 * real protocol (src/demo/tablet-client.ts), with one shortcut: a token is unblinded (S = r⁻¹·S',
 * or S = r⁻¹·(S'_s + S'_c) when co-issued) without the tablet's own pairing checks, because these
 * tablets generate load and are not under test — the server checks every token at cast and the
 * verifier again over the record; the tablet's checks are timed in Chromium (bench/browser.ts).
 * A token request is timed alone: the tablets blind before the burst and unblind after it
 * (Tablet.blindFor, finishBallot), as each would on its own processor in the room.
 *
 * The bench plays the room's reverse proxy too: the server trusts 127.0.0.1
 * (SEALVOTE_TRUSTED_PROXIES, bench/lib/server.ts) and every tablet's requests carry its own
 * address in X-Forwarded-For (tabletAddress: 198.18.0.0/15, the range RFC 2544 reserves for
 * benchmarks; a header value only, never a destination), so the per-address limits see one
 * tablet each, as in a room behind a proxy that is configured.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { request } from 'node:http';
import { newBallotKey, signBallot, type Choice, type SignedBallot } from '../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { bytesToBigInt } from '../../crypto/issuer-key';
import { blind, decodeG1Signature } from '../../crypto/token';

const Fr = bls12_381.fields.Fr;

async function json(res: Response, what: string): Promise<any> {
  const body = await res.json().catch(() => null);
  if (res.status >= 300) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Idempotent tablet requests (keys; a token for the same blinded point) survive a reset socket. */
async function fetchRetry(url: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/**
 * An officer's request on the shared keep-alive pool: while tablets work, its socket idles past
 * the server's keep-alive timeout and may be closed as the next request is written (ECONNRESET
 * before any answer). Sent again once in that case; a request the server did act on would then
 * be answered with an error (e.g. 409 already closed), which fails the run loudly.
 */
async function officerFetch(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw err;
    return fetch(url, init);
  }
}

export class Officer {
  private constructor(
    private readonly base: string,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  static async login(base: string, username: string, password: string): Promise<Officer> {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const body = await json(res, 'login');
    return new Officer(base, cookie, body.csrfToken);
  }

  async post(path: string, body?: unknown): Promise<any> {
    const res = await officerFetch(this.base + path, {
      method: 'POST',
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return json(res, path);
  }

  /** The same POST, answering the status instead of throwing on one (co-issued waits: 409s to retry). */
  async send(path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await officerFetch(this.base + path, {
      method: 'POST',
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  }

  async get(path: string): Promise<any> {
    return json(await officerFetch(this.base + path, { headers: { cookie: this.cookie } }), path);
  }
}

export interface ReadyBallot {
  ballot: SignedBallot;
  body: string;
  /** The sending tablet's address (X-Forwarded-For). */
  address: string;
  /** From the token request's send to its 200 answer, 202 waits and resends included (ms). */
  tokenMs: number;
  /** 202 answers on the way (docs/coissuance.md §4: the co-issuer had not answered in time). */
  tokenWaits: number;
}

/** Tablet n's address: 198.18.0.0/15 (RFC 2544, benchmarking), one per tablet. */
export function tabletAddress(n: number): string {
  return `198.18.${(n >> 8) & 255}.${n & 255}`;
}

export class Tablet {
  constructor(
    private readonly base: string,
    readonly bearer: string,
    readonly klass: 'A' | 'B',
    readonly address: string,
  ) {}

  static async signIn(base: string, meetingId: string, slip: { code: string; class: 'A' | 'B' }, address: string): Promise<Tablet> {
    const res = await fetch(`${base}/api/meetings/${meetingId}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ code: slip.code }),
    });
    return new Tablet(base, (await json(res, 'sign-in')).tabletToken, slip.class, address);
  }

  /**
   * A tablet's work before its token request, untimed: the vote's keys, a fresh ballot key and
   * the blinded point. In the room each tablet does this on its own processor at the same time;
   * here 60 tablets share the bench's, so it is all done before the burst — otherwise one
   * tablet's blinding (and another's unblinding, see `finish`) sat in every other tablet's timed
   * wait on this process's event loop.
   */
  async blindFor(itemId: string): Promise<TokenAsk> {
    const k = await json(await fetchRetry(`${this.base}/api/items/${itemId}/keys`, { headers: { 'x-forwarded-for': this.address } }), 'keys');
    const key = k.keys.find((x: { class: string }) => x.class === this.klass);
    const ballotKey = newBallotKey();
    const { blinded, blindState } = blind(hexToBytes(key.keyId, 32), ballotKey.publicKey);
    const body = JSON.stringify({ round: k.round, class: this.klass, purpose: k.purpose, blinded: bytesToHex(blinded) });
    return { tablet: this, itemId, meeting: k.meeting, round: k.round, keyId: key.keyId, ballotKey, blindState, body };
  }

  /** The token request alone, timed from its send to its 200 (202 waits and resends included). */
  async requestToken(ask: TokenAsk): Promise<TokenAnswer> {
    const t0 = performance.now();
    let tokenWaits = 0;
    for (;;) {
      const res = await fetchRetry(`${this.base}/api/items/${ask.itemId}/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.bearer}`, 'x-forwarded-for': this.address },
        body: ask.body,
      });
      const signed = await json(res, 'token');
      if (res.status !== 202) return { ask, signed, tokenMs: performance.now() - t0, tokenWaits };
      // The co-issuer has not answered yet: the same request again after Retry-After, as the kiosk does.
      tokenWaits++;
      await new Promise((ok) => setTimeout(ok, (signed.retryAfterS ?? 2) * 1000));
    }
  }
}

/** What a tablet holds between blinding and its token: the blinding state stays on the tablet. */
export interface TokenAsk {
  tablet: Tablet;
  itemId: string;
  meeting: string;
  round: number;
  keyId: string;
  ballotKey: { publicKey: Uint8Array; secretKey: Uint8Array };
  blindState: Uint8Array;
  body: string;
}

export interface TokenAnswer {
  ask: TokenAsk;
  signed: any;
  tokenMs: number;
  tokenWaits: number;
}

/** Unblinds the token and signs the ballot, untimed (after every tablet of the burst has its answer). */
export function finishBallot({ ask, signed, tokenMs, tokenWaits }: TokenAnswer, choices: Record<string, Choice>): ReadyBallot {
  let blindSig = decodeG1Signature(hexToBytes(signed.blindSignature, 48));
  // Co-issued: S' = S'_s + S'_c (docs/coissuance.md §2.3).
  if (signed.coissuer) blindSig = blindSig.add(decodeG1Signature(hexToBytes(signed.coissuer.partial, 48)));
  // S = r⁻¹·S'
  const tokenSig = blindSig.multiply(Fr.inv(bytesToBigInt(ask.blindState))).toBytes(true);
  const ballot = signBallot(
    {
      v: 1,
      meeting: ask.meeting,
      item: ask.itemId,
      round: ask.round,
      class: ask.tablet.klass,
      key_id: ask.keyId,
      ballot_pk: bytesToHex(ask.ballotKey.publicKey),
      token_sig: bytesToHex(tokenSig),
      choices,
    },
    ask.ballotKey.secretKey,
  );
  return { ballot, body: JSON.stringify(ballot), address: ask.tablet.address, tokenMs, tokenWaits };
}

/**
 * POST /api/ballots with no credential, on a connection of its own (agent: false), as each
 * tablet is its own device. Reusing idle keep-alive sockets from the token phase raced the
 * server's keep-alive timeout under load ("other side closed"); a real tablet would resend
 * the identical ballot (same receipt), so a reset is retried and counted, never hidden.
 */
export async function cast(base: string, ready: ReadyBallot): Promise<{ status: number; latencyMs: number; retries: number }> {
  const t0 = performance.now();
  for (let retries = 0; ; retries++) {
    try {
      const status = await postOnce(`${base}/api/ballots`, ready.body, ready.address);
      return { status, latencyMs: performance.now() - t0, retries };
    } catch (err) {
      if (retries >= 3) throw err;
    }
  }
}

function postOnce(url: string, body: string, address: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': address } }, (res) => {
      res.resume();
      res.once('end', () => ok(res.statusCode ?? 0));
      res.once('error', fail);
    });
    req.once('error', fail);
    req.end(body);
  });
}

/** Runs `f` over `xs` with at most `limit` in flight. */
export async function pool<T, R>(xs: readonly T[], limit: number, f: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(xs.length);
  let next = 0;
  const worker = async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await f(xs[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, xs.length) }, worker));
  return out;
}
