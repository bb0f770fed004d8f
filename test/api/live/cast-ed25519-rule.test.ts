/**
 * One Ed25519 rule at the cast (issue 14): a ballot whose signature splits verifiers — torsion in
 * R, torsion in the key, a small-order key, non-canonical R or key, S ≥ L — is refused with 400
 * invalid_ballot by the Node server (OpenSSL fast path) and by the default (noble) one, though
 * its token is genuine; a genuine ballot next to them is counted.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ballotSigningBytes, type BallotBody } from '../../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../../crypto/bytes';
import { blind, finalize } from '../../../crypto/token';
import { nodeCastCrypto } from '../../../src/node-crypto/cast';
import { TabletClient } from '../../../src/demo/tablet-client';
import { makeTestApp, type TestApp } from '../../support/app';
import { openItem, openRoom, reply, type Room } from '../../security/fixture';
import { splittingCases, type Case } from '../../crypto/ed25519-cases';

let t: TestApp | undefined;
let closeCrypto: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeCrypto?.();
  closeCrypto = undefined;
  t?.close();
  t = undefined;
});

/** A genuine token for `ballotPk` (any 32 bytes), as a tablet would get it. */
async function tokenFor(r: Room, tablet: TabletClient, itemId: string, ballotPk: Uint8Array) {
  const keys = (await r.call('GET', `/api/items/${itemId}/keys`)).body as { meeting: string; round: number; purpose: string; keys: Array<{ class: string; keyId: string; publicKey: string }> };
  const key = keys.keys.find((k) => k.class === 'A')!;
  const keyId = hexToBytes(key.keyId, 32);
  const { blinded, blindState } = blind(keyId, ballotPk);
  const res = await r.call('POST', `/api/items/${itemId}/tokens`, {
    headers: { authorization: `Bearer ${tablet.bearer}` },
    body: { round: keys.round, class: 'A', purpose: keys.purpose, blinded: bytesToHex(blinded) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const tokenSig = finalize(hexToBytes(key.publicKey, 96), keyId, ballotPk, blindState, hexToBytes(res.body.blindSignature, 48));
  return { meeting: keys.meeting, round: keys.round, keyId: key.keyId, tokenSig: bytesToHex(tokenSig) };
}

async function refusesEverySplit(castCrypto?: Awaited<ReturnType<typeof nodeCastCrypto>>) {
  const seed = ed25519.utils.randomSecretKey();
  const kinds = splittingCases(seed, new Uint8Array(0)).length;
  const r = await openRoom({ t: makeTestApp(castCrypto ? { castCrypto } : {}), members: kinds + 1, observers: 0, items: [{ nominees: 1 }] });
  t = r.t;
  const item = r.m.items[0]!;
  const nominee = item.nomineeIds[0]!;
  await openItem(r, item.id);
  for (let i = 0; i < kinds; i++) {
    // The case's key does not depend on the message: take it from a first draw, sign the body with it.
    const pk = splittingCases(seed, new Uint8Array(0))[i]!.pk;
    const token = await tokenFor(r, r.members[i]!, item.id, pk);
    const body: BallotBody = { v: 1, meeting: token.meeting, item: item.id, round: token.round, class: 'A', key_id: token.keyId, ballot_pk: bytesToHex(pk), token_sig: token.tokenSig, choices: { [nominee]: 'approve' } };
    const c: Case = splittingCases(seed, ballotSigningBytes(body))[i]!;
    expect(bytesToHex(c.pk)).toBe(body.ballot_pk);
    const res = await r.call('POST', '/api/ballots', { body: { ...body, sig: bytesToHex(c.sig) } });
    expect(res.status, c.name).toBe(400);
    expect(res.body.code, c.name).toBe('invalid_ballot');
  }
  const genuine = await r.members[kinds]!.requestToken(item.id);
  expect((await reply(await r.t.app.request('/api/ballots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TabletClient.ballot(genuine, { [nominee]: 'approve' })) }))).status).toBe(201);
  expect((await r.call('GET', `/api/items/${item.id}/progress`)).body.cast).toBe(1);
}

describe('the cast path refuses every signature outside the one Ed25519 rule', () => {
  it('on the Node server (OpenSSL fast path)', async () => {
    const castCrypto = await nodeCastCrypto({}, { thread: false });
    closeCrypto = castCrypto.close;
    await refusesEverySplit(castCrypto);
  });
  it('with the default noble checks (Workers)', async () => {
    await refusesEverySplit();
  });
});
