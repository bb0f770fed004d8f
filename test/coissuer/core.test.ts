/**
 * The co-issuer's decisions (src/coissuer/core.ts): presence confirmed by the commission's
 * officer, at most one token per present person per vote of their class, its own signed roll.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { finalizeCoissued, popProve, verifyPartial, verifyPartialAnswer } from '../../crypto/coissue';
import { checkKeyStatement, coissuerPublicKey, generateCoissuerKey, parseCoissuerSignerKey, verifyKeyStatement, verifyRoll } from '../../crypto/coissuer-statements';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { blind, blindSign, verifyToken } from '../../crypto/token';
import {
  acceptKey,
  acknowledge,
  answer,
  confirmPresent,
  decide,
  markAbsent,
  reconcile,
  seedKeys,
  signRolls,
  unacknowledged,
  unconfirmed,
  updateRoster,
  type TokenRequest,
} from '../../src/coissuer/core';
import { checkLoadedState, newState, type CoissuerState } from '../../src/coissuer/state';

const identity = parseCoissuerSignerKey(generateCoissuerKey('sealvote-coissuer-test').signerKey);
const keys = seedKeys(identity);
const idPk = coissuerPublicKey(identity.verifierKey);
const master = new Uint8Array(32).fill(3);
const MEETING = 'mtg-1';
const vote = { item: 'itm-1', round: 1, purpose: 'vote' as const };
const serviceKey = (klass: 'A' | 'B', purpose: 'vote' | 'motion' = 'vote') =>
  deriveIssuerKey(master, { meeting: MEETING, item: purpose === 'motion' ? `${vote.item}#motion` : vote.item, round: 1, klass });
const offer = (klass: 'A' | 'B', purpose: 'vote' | 'motion' = 'vote') => {
  const k = serviceKey(klass, purpose);
  return { ...vote, purpose, class: klass, service: { public_key: bytesToHex(k.publicKey), pop: bytesToHex(popProve(k.secretKey)) } };
};
const roster = [
  { person: 'p-zhang', class: 'A' as const, name: '张三' },
  { person: 'p-li', class: 'A' as const, name: '李四' },
  { person: 'p-absent', class: 'A' as const, name: '王五' },
  { person: 'p-obs', class: 'B' as const, name: '赵六' },
];

let state: CoissuerState;
let keyIdA: Uint8Array;

beforeEach(async () => {
  state = newState(MEETING, identity.verifierKey);
  updateRoster(state, roster, true);
  const a = await acceptKey(state, keys, offer('A'));
  if (!('statement' in a)) throw new Error('refused');
  keyIdA = hexToBytes(a.statement.key_id, 32);
  await acceptKey(state, keys, offer('B'));
});

function request(person: string, klass: 'A' | 'B' = 'A', ballot = 1): TokenRequest & { blindState: Uint8Array } {
  const { blinded, blindState } = blind(keyIdA, new Uint8Array(32).fill(ballot));
  return { ...vote, class: klass, person, blinded: bytesToHex(blinded), blindState };
}

describe('key statements', () => {
  it('accepts a service share with its proof, and signs a sound combined key', async () => {
    const k = state.votes[`${vote.item}|1|vote`]!.keys.A!;
    expect(checkKeyStatement(k.statement)).toBeNull();
    expect(verifyKeyStatement(idPk, k.statement, k.sig)).toBe(true);
    expect(k.statement.shares.service.public_key).toBe(offer('A').service.public_key);
  });

  it('refuses a share without a valid proof of possession (a rogue key)', async () => {
    const o = offer('A');
    const other = serviceKey('B');
    const s = newState(MEETING, identity.verifierKey);
    expect(await acceptKey(s, keys, { ...o, service: { ...o.service, pop: bytesToHex(popProve(other.secretKey)) } })).toEqual({ refusal: 'service_pop' });
    expect(await acceptKey(s, keys, { ...o, service: { ...o.service, pop: 'zz' } })).toEqual({ refusal: 'service_pop' });
    expect(s.votes[`${vote.item}|1|vote`]!.keys.A).toBeUndefined();
  });

  it('never signs a second, different statement for the same vote and class', async () => {
    const again = await acceptKey(state, keys, offer('A'));
    expect('statement' in again && again.sig).toBe(state.votes[`${vote.item}|1|vote`]!.keys.A!.sig);
    const other = deriveIssuerKey(new Uint8Array(32).fill(4), { meeting: MEETING, item: vote.item, round: 1, klass: 'A' });
    const swapped = { ...offer('A'), service: { public_key: bytesToHex(other.publicKey), pop: bytesToHex(popProve(other.secretKey)) } };
    expect(await acceptKey(state, keys, swapped)).toEqual({ refusal: 'other_statement' });
  });

  it('a motion has a class A key only (R10)', async () => {
    expect(await acceptKey(state, keys, offer('B', 'motion'))).toEqual({ refusal: 'wrong_class' });
    expect('statement' in (await acceptKey(state, keys, offer('A', 'motion')))).toBe(true);
  });
});

describe('token requests', () => {
  it('signs for a confirmed member: a partial that checks under its share and completes a token', async () => {
    confirmPresent(state, 'p-zhang');
    const req = request('p-zhang');
    const a = await answer(state, keys, req);
    if (a.kind !== 'answer') throw new Error(a.kind);
    const statement = state.votes[`${vote.item}|1|vote`]!.keys.A!.statement;
    const blinded = hexToBytes(req.blinded);
    expect(verifyPartial(hexToBytes(statement.shares.commission.public_key), blinded, hexToBytes(a.partial))).toBe(true);
    expect(verifyPartialAnswer(idPk, keyIdA, blinded, hexToBytes(a.partial), hexToBytes(a.sig))).toBe(true);
    const service = serviceKey('A');
    const sig = finalizeCoissued({
      publicKey: hexToBytes(statement.public_key),
      keyId: keyIdA,
      servicePk: service.publicKey,
      commissionPk: hexToBytes(statement.shares.commission.public_key),
      coissuerKey: idPk,
      ballotPk: new Uint8Array(32).fill(1),
      blindState: req.blindState,
      blinded,
      servicePartial: blindSign(service.secretKey, blinded),
      commissionPartial: hexToBytes(a.partial),
      answerSignature: hexToBytes(a.sig),
    });
    expect(verifyToken(hexToBytes(statement.public_key), keyIdA, new Uint8Array(32).fill(1), sig)).toBe(true);
  });

  it('the clerk signs in an absent member: the officer never confirms them → they wait; marked absent → refused', async () => {
    expect(unconfirmed(state, ['p-zhang', 'p-absent'])).toEqual(['p-zhang', 'p-absent']);
    expect(await answer(state, keys, request('p-absent'))).toEqual({ kind: 'wait', reason: 'unconfirmed' });
    markAbsent(state, 'p-absent');
    expect(await answer(state, keys, request('p-absent'))).toEqual({ kind: 'refuse', reason: 'absent' });
    expect(state.votes[`${vote.item}|1|vote`]!.issued['p-absent']).toBeUndefined();
  });

  it('a second token for the same person → refused; the same B again → the same answer', async () => {
    confirmPresent(state, 'p-zhang');
    const first = request('p-zhang', 'A', 1);
    const a1 = await answer(state, keys, first);
    expect(a1.kind).toBe('answer');
    expect(await answer(state, keys, first)).toEqual(a1);
    expect(await answer(state, keys, request('p-zhang', 'A', 2))).toEqual({ kind: 'refuse', reason: 'already_issued' });
    // Still refused after the first was acknowledged, and for the other class's key too.
    acknowledge(state, { ...vote, person: 'p-zhang' }, true);
    expect(await answer(state, keys, request('p-zhang', 'A', 3))).toEqual({ kind: 'refuse', reason: 'already_issued' });
  });

  it('refuses strangers, the wrong class, a vote without our key statement, and a bad point', async () => {
    confirmPresent(state, 'p-zhang');
    confirmPresent(state, 'p-obs');
    expect(await answer(state, keys, request('p-nobody'))).toEqual({ kind: 'refuse', reason: 'not_on_roster' });
    expect(await answer(state, keys, request('p-zhang', 'B'))).toEqual({ kind: 'refuse', reason: 'wrong_class' });
    expect(await answer(state, keys, request('p-obs', 'A'))).toEqual({ kind: 'refuse', reason: 'wrong_class' });
    expect(await answer(state, keys, { ...request('p-zhang'), round: 2 })).toEqual({ kind: 'refuse', reason: 'no_key_statement' });
    expect(await answer(state, keys, { ...request('p-zhang'), blinded: 'c0' + '00'.repeat(47) })).toEqual({ kind: 'refuse', reason: 'bad_blinded' });
    expect((await answer(state, keys, request('p-obs', 'B'))).kind).toBe('answer');
  });

  it('someone marked as left gets no token after that, but keeps the one they had', async () => {
    confirmPresent(state, 'p-li');
    const req = request('p-li');
    await answer(state, keys, req);
    markAbsent(state, 'p-li');
    expect((await answer(state, keys, req)).kind).toBe('answer');
    expect(state.everPresent).toContain('p-li');
  });
});

describe('rolls', () => {
  it('lists the acknowledged only, is signed, and closes the vote to further requests', async () => {
    for (const p of ['p-zhang', 'p-li', 'p-obs']) confirmPresent(state, p);
    await answer(state, keys, request('p-zhang'));
    await answer(state, keys, request('p-li'));
    await answer(state, keys, request('p-obs', 'B'));
    acknowledge(state, { ...vote, person: 'p-zhang' }, true);
    acknowledge(state, { ...vote, person: 'p-li' }, false, 'vote_not_open');
    // p-obs still waits for its acknowledgement: a driver sends it again before signing rolls.
    expect(unacknowledged(state).map((u) => u.person)).toEqual(['p-obs']);
    acknowledge(state, { ...vote, person: 'p-obs' }, true);
    const rolls = await signRolls(state, keys, vote);
    expect(rolls.map((r) => [r.roll.class, r.roll.present, r.roll.issued])).toEqual([
      ['A', ['p-li', 'p-zhang'], ['p-zhang']],
      ['B', ['p-obs'], ['p-obs']],
    ]);
    for (const r of rolls) expect(verifyRoll(idPk, r.roll, r.sig)).toBe(true);
    expect(await answer(state, keys, request('p-li', 'A', 9))).toEqual({ kind: 'refuse', reason: 'vote_not_open' });
    expect(await signRolls(state, keys, vote)).toEqual(rolls);
  });
});

describe('state', () => {
  it('a state that does not know the service\'s stored answers refuses the vote', async () => {
    confirmPresent(state, 'p-zhang');
    const req = request('p-zhang');
    await answer(state, keys, req);
    const hash = state.votes[`${vote.item}|1|vote`]!.issued['p-zhang']!.blindedHash;
    expect(reconcile(state, vote, [{ person: 'p-zhang', blindedHash: hash }])).toBe(true);
    expect(reconcile(state, vote, [{ person: 'p-li', blindedHash: hash }])).toBe(false);
    confirmPresent(state, 'p-li');
    expect(decide(state, request('p-li'))).toEqual({ kind: 'refuse', reason: 'state_lost' });
  });

  it('the roster freezes when the meeting opens; a state serves one meeting and one key', () => {
    const s = newState(MEETING, identity.verifierKey);
    updateRoster(s, roster, false);
    updateRoster(s, roster.slice(0, 1), true);
    updateRoster(s, roster, true);
    expect(Object.keys(s.roster)).toEqual(['p-zhang']);
    const copy = JSON.parse(JSON.stringify(s));
    expect(checkLoadedState(copy, MEETING, identity.verifierKey)).toEqual(s);
    expect(() => checkLoadedState(copy, 'other', identity.verifierKey)).toThrow(/meeting/);
    expect(() => checkLoadedState(copy, MEETING, 'other+key')).toThrow(/another co-issuer key/);
    expect(() => checkLoadedState({}, MEETING, identity.verifierKey)).toThrow();
    expect(() => confirmPresent(s, 'p-li')).toThrow(/roster/);
  });

  it('the identity seed signs: the same key as the verifier key says', () => {
    expect(bytesToHex(ed25519.getPublicKey(identity.seed))).toBe(bytesToHex(idPk));
  });
});
