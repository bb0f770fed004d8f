/**
 * Casts checked together (src/domain/live/token-batcher.ts): a burst of concurrent casts shares
 * one batch test per issuer key, yet every forged token fails its own cast only, a pair of bad
 * signatures that cancel in the plain sum is still caught, and keys are never mixed.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenToVerify } from '../../../crypto/batch-verify';
import { ballotReceipt, newBallotKey, signBallot, type SignedBallot } from '../../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../../crypto/bytes';
import { deriveIssuerKey } from '../../../crypto/issuer-key';
import { hashToG1, signTokenDirect } from '../../../crypto/token';
import type { TestApp } from '../../support/app';
import { makeTestApp } from '../../support/app';
import { TabletClient, type Token } from '../../../src/demo/tablet-client';
import { openItem, openRoom, reply, type Room } from '../../security/fixture';

/** Every batch test the server runs, as (issuer key, the tokens' key ids and ballot keys). */
const batches = vi.hoisted(() => [] as Array<{ publicKey: string; keyIds: string[]; ballotPks: string[] }>);
vi.mock('../../../crypto/batch-verify', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../crypto/batch-verify')>();
  return {
    ...real,
    verifyTokenBatch: (publicKey: Uint8Array, tokens: TokenToVerify[], rand?: (n: number) => Uint8Array) => {
      batches.push({ publicKey: bytesToHex(publicKey), keyIds: tokens.map((t) => bytesToHex(t.keyId)), ballotPks: tokens.map((t) => bytesToHex(t.ballotPk)) });
      return real.verifyTokenBatch(publicKey, tokens, rand);
    },
  };
});

const G1 = bls12_381.G1.Point;
let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
  batches.length = 0;
});

const castVia = (r: Room, b: SignedBallot) =>
  Promise.resolve(r.t.app.request('/api/ballots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) })).then(reply);

/** The token of `token` with another signature, re-signed by its own ballot key (only the token is forged). */
function withSig(token: Token, sig: Uint8Array): Token {
  return { ...token, tokenSig: bytesToHex(sig) };
}

/** A fresh ballot key with a token signature that is a valid G1 point but not sk·H(m). */
function freshKeyToken(like: Token, sig: Uint8Array): Token {
  const k = newBallotKey();
  return { ...like, ballotPk: bytesToHex(k.publicKey), ballotSecret: k.secretKey, tokenSig: bytesToHex(sig) };
}

async function tokensOf(tablets: TabletClient[], itemId: string): Promise<Token[]> {
  const out: Token[] = [];
  for (const tablet of tablets) out.push(await tablet.requestToken(itemId));
  return out;
}

describe('micro-batched token checks at cast', () => {
  it('refuses exactly the forged tokens in a burst of concurrent casts and counts every genuine one', async () => {
    const r = await openRoom({ members: 26, observers: 0, items: [{ nominees: 1 }] });
    t = r.t;
    const item = r.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    await openItem(r, item.id);
    const genuine = await tokensOf(r.members.slice(0, 22), item.id);
    // Members 20 and 21 hold genuine tokens but first send S₁+D and S₂−D: the plain sum of the
    // two is S₁+S₂, so only the random coefficients of the batch test can catch them.
    const [held1, held2] = genuine.splice(20, 2) as [Token, Token];
    const d = hashToG1(new TextEncoder().encode('offset'), 'TEST-OFFSET');
    const s1 = G1.fromBytes(hexToBytes(held1.tokenSig, 48));
    const s2 = G1.fromBytes(hexToBytes(held2.tokenSig, 48));
    expect(s1.add(d).add(s2.subtract(d)).equals(s1.add(s2))).toBe(true);
    const wrongKey = deriveIssuerKey(new Uint8Array(32).fill(7), { meeting: r.m.meetingId, item: item.id, round: 1, klass: 'A' });
    const strangerPk = newBallotKey();
    const forged: Token[] = [
      withSig(held1, s1.add(d).toBytes(true)),
      withSig(held2, s2.subtract(d).toBytes(true)),
      // Another ballot's genuine signature on a fresh ballot key (a copied token).
      freshKeyToken(genuine[0]!, hexToBytes(genuine[0]!.tokenSig, 48)),
      // Signed with a key that was never logged, under the logged key id.
      freshKeyToken(genuine[0]!, signTokenDirect(wrongKey.secretKey, hexToBytes(genuine[0]!.keyId, 32), strangerPk.publicKey)),
      // Not a point of G1 at all.
      freshKeyToken(genuine[0]!, Uint8Array.from([0x80 | 0x13, ...new Uint8Array(47).fill(0x5a)])),
    ];
    const burst = [...genuine.map((tk) => ({ tk, forged: false })), ...forged.map((tk) => ({ tk, forged: true }))];
    // Interleave the forged ones with the genuine ones.
    burst.sort((a, b) => (a.tk.ballotPk < b.tk.ballotPk ? -1 : 1));
    const ballots = burst.map(({ tk }) => TabletClient.ballot(tk, { [nominee]: 'approve' }));
    const results = await Promise.all(ballots.map((b) => castVia(r, b)));

    for (const [i, res] of results.entries()) {
      if (burst[i]!.forged) {
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body.code).toBe('invalid_ballot');
      } else {
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body.receipt).toBe(ballotReceipt(ballots[i]!));
      }
    }
    // The burst really was checked in shared batches, and the cancelling pair shared one.
    const pair = batches.find((b) => b.ballotPks.includes(held1.ballotPk) && b.ballotPks.includes(held2.ballotPk));
    expect(pair, `batches: ${batches.map((b) => b.ballotPks.length).join(', ')}`).toBeDefined();
    expect((await r.call('GET', `/api/items/${item.id}/progress`)).body.cast).toBe(20);
    // A refused ballot took no `cast ≤ issued` slot: the two members' genuine ballots still go in.
    for (const held of [held1, held2]) expect((await castVia(r, TabletClient.ballot(held, { [nominee]: 'disapprove' }))).status).toBe(201);
    const closed = await r.call('POST', `/api/items/${item.id}/close`, { as: r.presiding });
    expect(closed.status).toBe(200);
    expect(closed.body.result.A.cast).toBe(22);
    expect(closed.body.result.A.nominees[0]).toMatchObject({ approve: 20, disapprove: 2 });
    const stored = (r.t.handle.sqlite.prepare("SELECT entry FROM log_entries WHERE meeting_id = ? AND type = 'ballot'").all(r.m.meetingId) as Array<{ entry: string }>).map(
      (b) => (JSON.parse(b.entry.slice(b.entry.indexOf('\n') + 1)) as { ballot: { ballot_pk: string } }).ballot.ballot_pk,
    );
    expect(stored).toHaveLength(22);
    for (const f of forged.slice(2)) expect(stored).not.toContain(f.ballotPk);
  });

  it('refuses both ballots of a pair whose bad signatures cancel in the aggregate, alone in their batch', async () => {
    const r = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }] });
    t = r.t;
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    const [a, b] = (await tokensOf(r.members.slice(0, 2), item.id)) as [Token, Token];
    const d = G1.BASE.multiply(12345n);
    const sa = G1.fromBytes(hexToBytes(a.tokenSig, 48));
    const sb = G1.fromBytes(hexToBytes(b.tokenSig, 48));
    const choice = { [item.nomineeIds[0]!]: 'approve' } as const;
    const results = await Promise.all([
      castVia(r, TabletClient.ballot(withSig(a, sa.add(d).toBytes(true)), choice)),
      castVia(r, TabletClient.ballot(withSig(b, sb.subtract(d).toBytes(true)), choice)),
    ]);
    expect(results.map((res) => [res.status, res.body.code])).toEqual([
      [400, 'invalid_ballot'],
      [400, 'invalid_ballot'],
    ]);
    expect(batches.map((x) => x.ballotPks.length)).toEqual([2]);
    expect((await r.call('GET', `/api/items/${item.id}/progress`)).body.cast).toBe(0);
  });

  it('never mixes issuer keys in a batch: two meetings\' items and both classes cast at once', async () => {
    t = makeTestApp();
    const rooms: Room[] = [];
    for (let i = 0; i < 2; i++) {
      rooms.push(await openRoom({ t, members: 6, observers: 3, items: [{ nominees: 1 }], clerkUsername: `clerk${i}`, presidingUsername: `presiding${i}` }));
    }
    const sent: Array<{ room: Room; ballot: SignedBallot }> = [];
    for (const room of rooms) {
      const item = room.m.items[0]!;
      await openItem(room, item.id);
      for (const tk of await tokensOf([...room.members, ...room.observers], item.id)) {
        sent.push({ room, ballot: TabletClient.ballot(tk, { [item.nomineeIds[0]!]: 'approve' }) });
      }
    }
    // Alternate meetings and classes in the burst.
    sent.sort((x, y) => (x.ballot.ballot_pk < y.ballot.ballot_pk ? -1 : 1));
    const results = await Promise.all(sent.map(({ room, ballot }) => castVia(room, ballot)));
    expect(results.map((res) => res.status)).toEqual(sent.map(() => 201));

    const keyOf = new Map(sent.map(({ ballot }) => [ballot.ballot_pk, ballot.key_id]));
    expect(batches.length).toBeGreaterThanOrEqual(4);
    const keys = new Set<string>();
    for (const batch of batches) {
      const keyId = bytesToHex(sha256(hexToBytes(batch.publicKey, 96)));
      expect(new Set(batch.keyIds)).toEqual(new Set([keyId]));
      for (const pk of batch.ballotPks) expect(keyOf.get(pk)).toBe(keyId);
      keys.add(keyId);
    }
    expect(keys.size).toBe(4);
    for (const room of rooms) {
      const closed = await room.call('POST', `/api/items/${room.m.items[0]!.id}/close`, { as: room.presiding });
      expect(closed.body.result.A.cast).toBe(6);
      expect(closed.body.result.B.cast).toBe(3);
    }
  });

  it('checks a ballot signature before its token: a bad ballot signature never reaches a batch', async () => {
    const r = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }] });
    t = r.t;
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    const [a, b] = (await tokensOf(r.members.slice(0, 2), item.id)) as [Token, Token];
    const good = TabletClient.ballot(a, { [item.nomineeIds[0]!]: 'approve' });
    // b's token in a ballot signed by a's key: the Ed25519 check refuses it.
    const { sig: _sig, ...body } = TabletClient.ballot(b, { [item.nomineeIds[0]!]: 'approve' });
    const misSigned = { ...body, sig: signBallot({ ...body, ballot_pk: a.ballotPk }, a.ballotSecret).sig };
    const results = await Promise.all([castVia(r, good), castVia(r, misSigned), castVia(r, TabletClient.ballot(b, { [item.nomineeIds[0]!]: 'disapprove' }))]);
    expect(results.map((res) => res.status)).toEqual([201, 400, 201]);
    expect(batches.flatMap((x) => x.ballotPks).sort()).toEqual([a.ballotPk, b.ballotPk].sort());
  });
});
