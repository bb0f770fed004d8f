/**
 * A scripted tablet speaking the real protocol over HTTP: fetch the logged keys, make an
 * ephemeral ballot key, blind, get the blind signature, unblind and verify it under the logged
 * key (finalize), sign the ballot, and cast it with no credential. Shared by the demo and tests.
 */
import { ballotReceipt, newBallotKey, signBallot, type Choice, type SignedBallot } from '../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { finalizeCoissued } from '../../crypto/coissue';
import { coissuerPublicKey } from '../../crypto/coissuer-statements';
import { blind, finalize } from '../../crypto/token';

export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

export interface ItemKeys {
  item: string;
  meeting: string;
  round: number;
  purpose: 'vote' | 'motion' | null;
  status: string;
  keys: Array<{ class: 'A' | 'B'; publicKey: string; keyId: string; shares?: { service: string; commission: string } }>;
  issuance?: 'service' | 'coissued';
  coissuer?: { verifierKey: string };
}

/** What POST /api/items/:id/tokens answers: one blind signature, or both partials when co-issued. */
interface TokenAnswer {
  status?: 'issued' | 'waiting';
  blindSignature: string;
  keyId: string;
  publicKey: string;
  coissuer?: { partial: string; sig: string; verifierKey: string };
  retryAfterS?: number;
}

export interface Token {
  meeting: string;
  item: string;
  round: number;
  class: 'A' | 'B';
  purpose: 'vote' | 'motion';
  keyId: string;
  ballotPk: string;
  ballotSecret: Uint8Array;
  tokenSig: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

async function expectJson<T>(res: Response, ...ok: number[]): Promise<T> {
  const body = (await res.json()) as unknown;
  if (!ok.includes(res.status)) throw new HttpError(res.status, body);
  return body as T;
}

export class TabletClient {
  constructor(
    private readonly fetcher: Fetcher,
    readonly bearer: string,
    readonly klass: 'A' | 'B',
    /** Co-issued votes: how long to wait before asking again after a 202 (default: Retry-After). */
    readonly retryMs?: number,
    readonly onWait?: (waiting: { reason: string }) => void,
  ) {}

  async keys(itemId: string): Promise<ItemKeys> {
    return expectJson<ItemKeys>(await this.fetcher(`/api/items/${itemId}/keys`), 200);
  }

  /** Blind → token request → finalize (which refuses a signature not under the logged key). */
  async requestToken(itemId: string): Promise<Token> {
    const k = await this.keys(itemId);
    const key = k.keys.find((x) => x.class === this.klass);
    if (!key || !k.purpose) throw new Error(`item ${itemId} has no open vote for class ${this.klass}`);
    const ballotKey = newBallotKey();
    const keyId = hexToBytes(key.keyId, 32);
    const { blinded, blindState } = blind(keyId, ballotKey.publicKey);
    const body = JSON.stringify({ round: k.round, class: this.klass, purpose: k.purpose, blinded: bytesToHex(blinded) });
    let signed: TokenAnswer;
    for (;;) {
      const res = await this.fetcher(`/api/items/${itemId}/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.bearer}` },
        body,
      });
      signed = await expectJson<TokenAnswer>(res, 200, 202);
      // 202: the commission's co-issuer has not answered yet; the same request again (same B).
      if (res.status !== 202) break;
      this.onWait?.(signed as unknown as { reason: string });
      await new Promise((r) => setTimeout(r, this.retryMs ?? (signed.retryAfterS ?? 2) * 1000));
    }
    // Trust only the key the log shows, never the one in the response.
    let tokenSig: Uint8Array;
    if (k.issuance === 'coissued') {
      if (!signed.coissuer || !key.shares || !k.coissuer) throw new Error('a co-issued vote answered without the co-issuer\'s partial');
      // Each partial under its own logged share; throws CoissuanceFault naming the party at fault.
      tokenSig = finalizeCoissued({
        publicKey: hexToBytes(key.publicKey, 96),
        keyId,
        servicePk: hexToBytes(key.shares.service, 96),
        commissionPk: hexToBytes(key.shares.commission, 96),
        coissuerKey: coissuerPublicKey(k.coissuer.verifierKey),
        ballotPk: ballotKey.publicKey,
        blindState,
        blinded,
        servicePartial: hexToBytes(signed.blindSignature, 48),
        commissionPartial: hexToBytes(signed.coissuer.partial, 48),
        answerSignature: hexToBytes(signed.coissuer.sig, 64),
      });
    } else {
      tokenSig = finalize(hexToBytes(key.publicKey, 96), keyId, ballotKey.publicKey, blindState, hexToBytes(signed.blindSignature, 48));
    }
    return {
      meeting: k.meeting,
      item: k.purpose === 'motion' ? `${itemId}#motion` : itemId,
      round: k.round,
      class: this.klass,
      purpose: k.purpose,
      keyId: key.keyId,
      ballotPk: bytesToHex(ballotKey.publicKey),
      ballotSecret: ballotKey.secretKey,
      tokenSig: bytesToHex(tokenSig),
    };
  }

  static ballot(token: Token, choices: Record<string, Choice>): SignedBallot {
    return signBallot(
      {
        v: 1,
        meeting: token.meeting,
        item: token.item,
        round: token.round,
        class: token.class,
        key_id: token.keyId,
        ballot_pk: token.ballotPk,
        token_sig: token.tokenSig,
        choices,
      },
      token.ballotSecret,
    );
  }

  /** POST /api/ballots with no credential at all; returns the status and the body. */
  static async cast(fetcher: Fetcher, ballot: SignedBallot): Promise<{ status: number; body: { receipt?: string; code?: string } }> {
    const res = await fetcher('/api/ballots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ballot) });
    return { status: res.status, body: (await res.json()) as { receipt?: string; code?: string } };
  }

  /** The whole protocol for one vote; returns the receipt, checked against the ballot. */
  async vote(itemId: string, choices: Record<string, Choice>): Promise<string> {
    const token = await this.requestToken(itemId);
    const ballot = TabletClient.ballot(token, choices);
    const { status, body } = await TabletClient.cast(this.fetcher, ballot);
    if (status !== 201) throw new HttpError(status, body);
    if (body.receipt !== ballotReceipt(ballot)) throw new Error('the receipt is not the leaf hash of our ballot');
    return body.receipt;
  }
}
