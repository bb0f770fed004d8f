/**
 * A co-issued meeting end to end over the API (docs/coissuance.md), with the commission's
 * co-issuer driving its real loop: every token needs both partials, presence is what the
 * commission's officer confirms, the co-issuer's rolls are logged, and what an operator or a
 * clerk alone would try is refused.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../crypto/bytes';
import { parseEntry } from '../../../crypto/log-entry';
import { coissuerFingerprint, verifyKeyStatement, verifyRoll, coissuerPublicKey, checkKeyStatement, type KeyStatement } from '../../../crypto/coissuer-statements';
import { deriveIssuerKey } from '../../../crypto/issuer-key';
import { blind, signTokenDirect } from '../../../crypto/token';
import { newBallotKey } from '../../../crypto/ballot';
import { coissueRequests, tokens } from '../../../src/db/schema';
import { publishCoissue } from '../../../src/domain/coissue/wait';
import { HttpError, TabletClient } from '../../../src/demo/tablet-client';
import { fetcherOf } from '../../support/tablet';
import { ballotsOf } from '../live/harness';
import { coissuedMeeting, type CoissuedLive } from './harness';

let l: CoissuedLive | undefined;
afterEach(async () => {
  await l?.stop();
  l?.t.close();
  l = undefined;
});

function logOf(c: CoissuedLive) {
  const rows = c.t.handle.sqlite.prepare('SELECT entry FROM log_entries WHERE meeting_id = ? ORDER BY idx').all(c.m.meetingId) as Array<{ entry: string }>;
  return rows.map((r) => parseEntry(new TextEncoder().encode(r.entry)) as Record<string, any>);
}

/** Opens the meeting and waits until the co-issuer has stated every key it was offered. */
async function openMeeting(c: CoissuedLive, keys: number) {
  expect(await c.openStated()).toBe(keys);
}

describe('a co-issued meeting', () => {
  it('runs end to end: the officer seats, both parties sign, the co-issuer signs its roll, the record carries it all', async () => {
    l = await coissuedMeeting({ members: 7, observers: 2, items: [{ nominees: 1 }, { nominees: 1 }] });
    const c = l;
    const [item, later] = c.m.items as [(typeof c.m.items)[0], (typeof c.m.items)[0]];
    // The meeting cannot open before the co-issuer registered (it did in init) — and says whose key.
    const status = await c.get(`/api/meetings/${c.m.meetingId}/coissuer`, { cookie: c.presiding.cookie });
    expect(status.body).toMatchObject({ mode: 'coissued', sealed: false, fingerprint: coissuerFingerprint(c.identity.verifierKey) });
    c.start();
    const members = await c.tabletsFor(c.m.members.slice(0, 6), 'A');
    const observers = await c.tabletsFor(c.m.observers, 'B');
    // The clerk signs in member 7, who is not in the room: the commission's officer never confirms them.
    const [seated] = await c.tabletsFor(c.m.members.slice(6), 'A');
    for (const p of [...c.m.members.slice(0, 6), ...c.m.observers]) await c.coissuer.confirm(p);
    await openMeeting(c, 4);

    const state = await c.get(`/api/meetings/${c.m.meetingId}/state`);
    expect(state.body.presence).toMatchObject({ due: 7, presentMembers: 6, signedInMembers: 7, presentObservers: 2 });
    expect(state.body.issuance).toMatchObject({ mode: 'coissued', online: true });

    const opened = await c.post(`/api/items/${item.id}/open`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body.present).toEqual({ A: 6, B: 2 });
    // The seated member counts for nothing and gets no token.
    await expect(seated!.requestToken(item.id)).rejects.toMatchObject({ status: 403, body: { code: 'not_present' } });

    const receipts = await c.voteAll(item.id, members, ballotsOf(item.nomineeIds[0]!, { approve: 5, disapprove: 1 }));
    await c.voteAll(item.id, observers, ballotsOf(item.nomineeIds[0]!, { approve: 2 }));
    expect(receipts).toHaveLength(6);

    const rolls = [c.next((e) => e.type === 'roll' && e.class === 'A'), c.next((e) => e.type === 'roll' && e.class === 'B')];
    const result = await c.closeAndRead(item.id);
    expect(result.A).toMatchObject({ present: 6, issued: 6, cast: 6 });
    expect(await Promise.all(rolls)).toEqual([
      expect.objectContaining({ class: 'A', issued: 6, matchesService: true }),
      expect.objectContaining({ class: 'B', issued: 2, matchesService: true }),
    ]);
    expect((await c.post(`/api/items/${item.id}/announce`)).status).toBe(200);
    expect((await c.post(`/api/items/${later.id}/postpone`, { reason: '意见分歧较大' })).status).toBe(200);
    const ended = await c.post(`/api/meetings/${c.m.meetingId}/close`);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);

    const log = logOf(c);
    const idPk = coissuerPublicKey(c.identity.verifierKey);
    expect(log[0]!.issuance).toEqual({ mode: 'coissued', coissuer: c.identity.verifierKey });
    const keyEntries = log.filter((e) => e.type === 'key');
    expect(keyEntries).toHaveLength(2);
    for (const k of keyEntries) {
      const statement: KeyStatement = { v: 1, meeting: c.m.meetingId, item: k.item, round: k.round, purpose: k.purpose, class: k.class, public_key: k.public_key, key_id: k.key_id, shares: k.shares };
      expect(checkKeyStatement(statement)).toBeNull();
      expect(verifyKeyStatement(idPk, statement, k.coissuer_sig)).toBe(true);
      // The service's share is its own issuer key, as before co-issuance.
      const own = deriveIssuerKey(c.t.deps.config.masterSecret, { meeting: c.m.meetingId, item: item.id, round: 1, klass: k.class });
      expect(k.shares.service.public_key).toBe(bytesToHex(own.publicKey));
    }
    const coissued = log.filter((e) => e.type === 'coissued');
    expect(coissued.map((e) => [e.class, e.issued.length, e.present.length])).toEqual([
      ['A', 6, 6],
      ['B', 2, 2],
    ]);
    for (const e of coissued) {
      const { type: _t, sig, ...rest } = e;
      expect(verifyRoll(idPk, { v: 1, meeting: c.m.meetingId, ...rest } as never, sig)).toBe(true);
      const serviceRoll = log.filter((x) => x.type === 'issued' && x.class === e.class).map((x) => x.person);
      expect(e.issued).toEqual(serviceRoll);
    }
    // The co-issuer's roll comes after the close it rolls up, before the end.
    const types = log.map((e) => e.type);
    expect(types.indexOf('coissued')).toBeGreaterThan(types.indexOf('tally'));
    expect(types.at(-1)).toBe('end');
  });

  it('needs the key before the opening and the rolls before the end', async () => {
    l = await coissuedMeeting({ members: 4, items: [{ nominees: 1 }] });
    const c = l;
    const item = c.m.items[0]!;
    await c.tabletsFor(c.m.members, 'A');
    for (const p of c.m.members) await c.coissuer.confirm(p);
    // Opened without the co-issuer running: no key statement yet, so no vote.
    expect((await c.post(`/api/meetings/${c.m.meetingId}/open`)).status).toBe(200);
    const refused = await c.post(`/api/items/${item.id}/open`);
    expect(refused).toMatchObject({ status: 409, body: { code: 'coissuer_key_missing' } });
    // It may not change its key once the meeting is open.
    const other = await c.t.app.request(`/api/meetings/${c.m.meetingId}/coissuer`, {
      method: 'PUT',
      headers: c.inspector.headers(),
      body: JSON.stringify({ verifierKey: 'sealvote-other+00000000+AQ==' }),
    });
    expect(other.status).toBe(400);
    const keys = c.next((e) => e.type === 'keys');
    c.start();
    await keys;
    expect((await c.post(`/api/items/${item.id}/open`)).status).toBe(200);
    await c.stop();
    expect((await c.post(`/api/items/${item.id}/close`)).status).toBe(200);
    expect((await c.post(`/api/items/${item.id}/announce`)).status).toBe(200);
    const early = await c.post(`/api/meetings/${c.m.meetingId}/close`);
    expect(early).toMatchObject({ status: 409, body: { code: 'coissuer_roll_missing' } });
    const roll = c.next((e) => e.type === 'roll');
    c.start();
    expect(await roll).toMatchObject({ class: 'A', issued: 0 });
    expect((await c.post(`/api/meetings/${c.m.meetingId}/close`)).status).toBe(200);
  });

  it('a committee that issues alone: no co-issuer, and the record says so', async () => {
    const { liveMeeting } = await import('../live/harness');
    const s = await liveMeeting({ members: 3, items: [{ nominees: 1 }] });
    const inspector = await (await import('../../support/officers')).officerAgent(s.t, 'inspector');
    const reg = await s.t.app.request(`/api/meetings/${s.m.meetingId}/coissuer`, { method: 'PUT', headers: inspector.headers(), body: JSON.stringify({ verifierKey: 'x+00000000+AQ==' }) });
    expect(reg.status).toBe(400);
    expect((await s.post(`/api/meetings/${s.m.meetingId}/open`)).status).toBe(200);
    const rows = s.t.handle.sqlite.prepare('SELECT entry FROM log_entries WHERE meeting_id = ? ORDER BY idx').all(s.m.meetingId) as Array<{ entry: string }>;
    expect((parseEntry(new TextEncoder().encode(rows[0]!.entry)) as Record<string, unknown>).issuance).toEqual({ mode: 'service' });
    s.t.close();
  });
});

describe('what one party alone cannot do', () => {
  async function openVote(members = 5) {
    l = await coissuedMeeting({ members, items: [{ nominees: 1 }] });
    const c = l;
    c.start();
    const tablets = await c.tabletsFor(c.m.members, 'A');
    for (const p of c.m.members.slice(0, members - 1)) await c.coissuer.confirm(p);
    await openMeeting(c, 2);
    expect((await c.post(`/api/items/${c.m.items[0]!.id}/open`)).status).toBe(200);
    return { c, tablets, item: c.m.items[0]! };
  }

  it('an operator with the master secret and the database mints a token: the cast is refused', async () => {
    const { c, item } = await openVote();
    const keys = await new TabletClient(fetcherOf(c.t), 'x'.repeat(20), 'A').keys(item.id);
    const key = keys.keys.find((k) => k.class === 'A')!;
    const service = deriveIssuerKey(c.t.deps.config.masterSecret, { meeting: c.m.meetingId, item: item.id, round: 1, klass: 'A' });
    const ballotKey = newBallotKey();
    // The service's share alone, under the combined key id that the log shows.
    const minted = signTokenDirect(service.secretKey, hexToBytes(key.keyId, 32), ballotKey.publicKey);
    const ballot = TabletClient.ballot(
      { meeting: c.m.meetingId, item: item.id, round: 1, class: 'A', purpose: 'vote', keyId: key.keyId, ballotPk: bytesToHex(ballotKey.publicKey), ballotSecret: ballotKey.secretKey, tokenSig: bytesToHex(minted) },
      { [item.nomineeIds[0]!]: 'approve' },
    );
    const cast = await TabletClient.cast(fetcherOf(c.t), ballot);
    expect(cast).toMatchObject({ status: 400, body: { code: 'invalid_ballot' } });
    // With the database too: a token row for an absent member lends no partial of the co-issuer.
    c.t.handle.sqlite
      .prepare("INSERT INTO tokens (item_id, round, purpose, person_id, meeting_id, class, blinded_hash) VALUES (?, 1, 'vote', ?, ?, 'A', 'x')")
      .run(item.id, c.m.members[4], c.m.meetingId);
    expect((await TabletClient.cast(fetcherOf(c.t), ballot)).status).toBe(400);
  });

  it('the clerk seats an absent member, and a rogue service forwards their request anyway: the co-issuer never signs', async () => {
    const { c, item } = await openVote();
    const absent = c.m.members[4]!;
    const { blinded } = blind(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2));
    const forge = (person: string) =>
      c.t.deps.db.insert(coissueRequests).values({ itemId: item.id, round: 1, purpose: 'vote', personId: person, meetingId: c.m.meetingId, class: 'A', blinded: bytesToHex(blinded), blindedHash: 'f'.repeat(64) });
    // Never confirmed: the request waits for the officer, unanswered.
    const work = c.next((e) => e.type === 'work' && e.view.requests.some((r) => r.person === absent));
    await forge(absent);
    publishCoissue(c.t.deps, c.m.meetingId);
    const seen = await work;
    expect(seen).toMatchObject({ waiting: [{ person: absent, class: 'A' }] });
    const row = () => c.t.deps.db.select().from(coissueRequests).where(and(eq(coissueRequests.itemId, item.id), eq(coissueRequests.personId, absent)));
    expect((await row())[0]).toMatchObject({ partial: null, refusal: null });
    // The officer marks them absent: refused, and no token row.
    const refused = c.next((e) => e.type === 'refused' && e.person === absent);
    await c.coissuer.absent(absent);
    expect(await refused).toMatchObject({ reason: 'absent' });
    expect((await row())[0]).toMatchObject({ partial: null, refusal: 'absent' });
    expect(await c.t.deps.db.select().from(tokens).where(eq(tokens.personId, absent))).toEqual([]);
  });

  it('a second token for the same person: the service refuses, and so does the co-issuer behind its back', async () => {
    const { c, tablets, item } = await openVote();
    const first = await tablets[0]!.requestToken(item.id);
    expect(first.tokenSig).toMatch(/^[0-9a-f]{96}$/);
    await expect(tablets[0]!.requestToken(item.id)).rejects.toMatchObject({ status: 409, body: { code: 'token_already_issued' } });
    // An operator deletes the rows and queues another blinded point for the same person.
    const person = c.m.members[0]!;
    c.t.handle.sqlite.prepare('DELETE FROM tokens WHERE person_id = ?').run(person);
    c.t.handle.sqlite.prepare('DELETE FROM coissue_requests WHERE person_id = ?').run(person);
    const { blinded } = blind(hexToBytes(first.keyId, 32), new Uint8Array(32).fill(3));
    const refused = c.next((e) => e.type === 'refused' && e.person === person);
    await c.t.deps.db.insert(coissueRequests).values({ itemId: item.id, round: 1, purpose: 'vote', personId: person, meetingId: c.m.meetingId, class: 'A', blinded: bytesToHex(blinded), blindedHash: 'e'.repeat(64) });
    publishCoissue(c.t.deps, c.m.meetingId);
    expect(await refused).toMatchObject({ reason: 'already_issued' });
  });

  it('the co-issuer drops off mid-vote: requests wait and say why; when it returns nothing is lost', async () => {
    const { c, tablets, item } = await openVote();
    c.t.deps.coissueWaitMs = 50;
    await c.stop();
    c.t.clock.advance(60_000);
    const keys = await tablets[1]!.keys(item.id);
    const key = keys.keys.find((k) => k.class === 'A')!;
    const body = JSON.stringify({ round: 1, class: 'A', purpose: 'vote', blinded: bytesToHex(blind(hexToBytes(key.keyId, 32), newBallotKey().publicKey).blinded) });
    const ask = () => c.t.app.request(`/api/items/${item.id}/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tablets[1]!.bearer}` }, body });
    const waiting = await ask();
    expect(waiting.status).toBe(202);
    expect(waiting.headers.get('retry-after')).toBe('2');
    expect(await waiting.json()).toEqual({ status: 'waiting', reason: 'coissuer_offline', retryAfterS: 2 });
    expect((await c.get(`/api/meetings/${c.m.meetingId}/state`)).body.issuance).toMatchObject({ online: false });
    // A tablet keeps asking with the same blinded point; the co-issuer comes back and answers it.
    const answered = c.next((e) => e.type === 'answered');
    c.start();
    await answered;
    const again = await ask();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'issued', coissuer: { partial: expect.stringMatching(/^[0-9a-f]{96}$/) } });
    // And a whole vote still goes through.
    const receipt = await tablets[2]!.vote(item.id, { [item.nomineeIds[0]!]: 'approve' });
    expect(receipt).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a wrong partial from either party: the tablet refuses the token and names who', async () => {
    const { c, tablets, item } = await openVote();
    const other = bytesToHex(bls12_381.G1.Point.BASE.multiply(7n).toBytes(true));
    /** A tablet behind a service that changes one field of the token answer on its way out. */
    const behind = (bearer: string, change: (json: Record<string, any>) => void) =>
      new TabletClient(
        async (path, init) => {
          const res = await c.t.app.request(path, init);
          if (!path.endsWith('/tokens') || res.status !== 200) return res;
          const json = (await res.json()) as Record<string, any>;
          change(json);
          return new Response(JSON.stringify(json), { status: 200, headers: { 'content-type': 'application/json' } });
        },
        bearer,
        'A',
      );
    await expect(behind(tablets[0]!.bearer, (j) => (j.blindSignature = other)).requestToken(item.id)).rejects.toMatchObject({
      name: 'CoissuanceFault',
      faults: [{ party: 'service', reason: 'service_partial' }],
    });
    await expect(behind(tablets[1]!.bearer, (j) => (j.coissuer.partial = other)).requestToken(item.id)).rejects.toMatchObject({
      name: 'CoissuanceFault',
      faults: [{ party: 'service', reason: 'altered_answer' }],
    });
  });
});

describe('errors', () => {
  it('refuses bad input on every co-issuer route with problem+json', async () => {
    l = await coissuedMeeting({ members: 3, items: [{ nominees: 1 }] });
    const c = l;
    const post = (path: string, body: unknown) =>
      c.t.app.request(`/api/meetings/${c.m.meetingId}/coissuer/${path}`, { method: 'POST', headers: c.inspector.headers(), body: JSON.stringify(body) });
    for (const [path, body] of [
      ['presence', { present: ['nobody'] }],
      ['presence', { present: [c.m.members[0]], absent: [c.m.members[0]] }],
      ['keys', { statements: [] }],
      ['answers', { answers: [{ item: 'x', round: 1, purpose: 'vote', person: 'p', partial: 'zz', sig: '00' }] }],
      ['rolls', { rolls: [{ item: 'x', round: 1, purpose: 'vote', class: 'A', present: [], issued: [], sig: '0'.repeat(128) }] }],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    // Not the inspector: the presiding officer cannot act as the co-issuer.
    const res = await c.t.app.request(`/api/meetings/${c.m.meetingId}/coissuer/work`, { headers: c.presiding.headers() });
    expect(res.status).toBe(403);
  });
});
