/**
 * A scripted tablet split into its steps, so that only the requests are inside the CPU window:
 * blinding before the token request, unblinding and signing after it, all on the bench's side.
 * As in bench/lib/client.ts the token is unblinded without the tablet's own pairing check (the
 * tablets are load, not under test); the Worker checks every token at cast and again at close.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { newBallotKey, signBallot, type Choice } from '../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { bytesToBigInt } from '../../crypto/issuer-key';
import { blind, decodeG1Signature } from '../../crypto/token';

const Fr = bls12_381.fields.Fr;

export interface ItemKeys {
  meeting: string;
  round: number;
  purpose: 'vote' | 'motion';
  keys: Array<{ class: 'A' | 'B'; keyId: string }>;
}

export interface PendingToken {
  klass: 'A' | 'B';
  keyId: string;
  /** The token request's JSON body. */
  body: string;
  blindState: Uint8Array;
  ballotKey: ReturnType<typeof newBallotKey>;
}

async function answer(res: Response, what: string, ok: number): Promise<any> {
  const text = await res.text();
  if (res.status !== ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 2000)}`);
  return JSON.parse(text);
}

export async function signIn(base: string, meetingId: string, code: string): Promise<string> {
  const res = await fetch(`${base}/api/meetings/${meetingId}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return (await answer(res, 'sign-in', 200)).tabletToken;
}

export async function itemKeys(base: string, itemId: string): Promise<ItemKeys> {
  return answer(await fetch(`${base}/api/items/${itemId}/keys`), 'keys', 200);
}

/** Everything the tablet does before asking for its token. */
export function prepareToken(keys: ItemKeys, klass: 'A' | 'B'): PendingToken {
  const key = keys.keys.find((k) => k.class === klass);
  if (!key) throw new Error(`no issuer key for class ${klass}`);
  const ballotKey = newBallotKey();
  const { blinded, blindState } = blind(hexToBytes(key.keyId, 32), ballotKey.publicKey);
  const body = JSON.stringify({ round: keys.round, class: klass, purpose: keys.purpose, blinded: bytesToHex(blinded) });
  return { klass, keyId: key.keyId, body, blindState, ballotKey };
}

/** POST /api/items/{id}/tokens: the request measured as one token issuance. Returns S'. */
export async function requestToken(base: string, itemId: string, bearer: string, pending: PendingToken): Promise<string> {
  const res = await fetch(`${base}/api/items/${itemId}/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: pending.body,
  });
  return (await answer(res, 'token', 200)).blindSignature;
}

/** Unblinds S = r⁻¹·S' and signs the ballot: the body of the cast. */
export function ballotBody(keys: ItemKeys, itemId: string, pending: PendingToken, blindSignature: string, choices: Record<string, Choice>): string {
  const tokenSig = decodeG1Signature(hexToBytes(blindSignature, 48)).multiply(Fr.inv(bytesToBigInt(pending.blindState))).toBytes(true);
  const ballot = signBallot(
    {
      v: 1,
      meeting: keys.meeting,
      item: itemId,
      round: keys.round,
      class: pending.klass,
      key_id: pending.keyId,
      ballot_pk: bytesToHex(pending.ballotKey.publicKey),
      token_sig: bytesToHex(tokenSig),
      choices,
    },
    pending.ballotKey.secretKey,
  );
  return JSON.stringify(ballot);
}

/** POST /api/ballots with no credential: the request measured as one cast. */
export async function castBallot(base: string, body: string): Promise<void> {
  const res = await fetch(`${base}/api/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await answer(res, 'cast', 201);
}
