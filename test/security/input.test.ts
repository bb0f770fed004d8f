/**
 * Bad input, each with its expected outcome, and after every refusal the database unchanged.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../crypto/bytes';
import { TabletClient } from '../support/tablet';
import { openItem, openRoom, reply, snapshot, type Reply, type Room } from './fixture';

let room: Room;
let item: Room['m']['items'][number];
beforeAll(async () => {
  room = await openRoom();
  item = room.m.items[0]!;
  await openItem(room, item.id);
});
afterAll(() => room?.t.close());

/** Runs a request that must be refused and proves it wrote nothing. */
async function refused(run: () => Promise<Reply>, status: number, code?: string): Promise<Reply> {
  const before = snapshot(room.t.handle.sqlite);
  const r = await run();
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  if (code) expect(r.body.code).toBe(code);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(snapshot(room.t.handle.sqlite)).toBe(before);
  return r;
}

const raw = (path: string, body: BodyInit, headers: Record<string, string>) => async () =>
  reply(await room.t.app.request(path, { method: 'POST', headers, body }));
const personsPath = () => `/api/committees/${room.m.committeeId}/persons`;
const person = (over: Record<string, unknown> = {}) => ({ kind: 'member', name: '李四', unit: '县委', title: '常委', ...over });
const tokenAs = (tablet: TabletClient, body: unknown) =>
  raw(`/api/items/${item.id}/tokens`, JSON.stringify(body), { 'content-type': 'application/json', authorization: `Bearer ${tablet.bearer}` });

/** 48-byte compressed G1 encoding of x (flag 0x80), without any check of its own. */
function compressedG1(x: bigint): string {
  const bytes = Buffer.from(x.toString(16).padStart(96, '0'), 'hex');
  bytes[0]! |= 0x80;
  return bytes.toString('hex');
}
const Fp = bls12_381.fields.Fp;
const isSquare = (v: bigint) => {
  try {
    Fp.sqrt(v);
    return true;
  } catch {
    return false;
  }
};
const curveRhs = (x: bigint) => Fp.add(Fp.pow(x, 3n), 4n); // E: y² = x³ + 4

describe('malformed bodies', () => {
  it('refuses unparsable JSON with 400 malformed_json on every kind of endpoint', async () => {
    for (const text of ['{', '{"name":', "{'a':1}", '{"a":1,}', 'NaN', '\u0000']) {
      await refused(raw(personsPath(), text, room.m.clerk.headers()), 400, 'malformed_json');
      await refused(raw('/api/ballots', text, { 'content-type': 'application/json' }), 400);
      await refused(raw('/api/auth/login', text, { 'content-type': 'application/json' }), 400, 'malformed_json');
    }
  });

  it('refuses extra fields: a body cannot smuggle a column (mass assignment)', async () => {
    await refused(() => room.call('POST', personsPath(), { as: room.m.clerk, body: person({ active: false }) }), 400, 'validation_failed');
    await refused(() => room.call('POST', personsPath(), { as: room.m.clerk, body: person({ committeeId: 'cmt_other' }) }), 400, 'validation_failed');
    await refused(() => room.call('POST', '/api/officers', { as: room.m.clerk, body: { username: 'x', role: 'admin', password: 'p'.repeat(20), isAdmin: true } }), 403);
    await refused(tokenAs(room.members[0]!, { round: 1, class: 'A', blinded: 'ab'.repeat(48), person: 'someone-else' }), 400, 'validation_failed');
    const token = await room.members[1]!.requestToken(item.id);
    const ballot = TabletClient.ballot(token, { [item.nomineeIds[0]!]: 'approve' });
    await refused(raw('/api/ballots', JSON.stringify({ ...ballot, arrivedAt: 1 }), { 'content-type': 'application/json' }), 400, 'invalid_ballot');
  });

  it('refuses wrong types', async () => {
    for (const bad of [{ name: 42 }, { name: ['a'] }, { name: null }, { kind: 'president' }, { unit: { $ne: '' } }]) {
      await refused(() => room.call('POST', personsPath(), { as: room.m.clerk, body: person(bad) }), 400, 'validation_failed');
    }
    for (const body of [[], 'ballot', 1, null, { round: '1', class: 'A', blinded: 'ab'.repeat(48) }, { round: 1.5, class: 'A', blinded: 'ab'.repeat(48) }, { round: 1, class: 'a', blinded: 'ab'.repeat(48) }]) {
      await refused(tokenAs(room.members[0]!, body), 400);
    }
    const token = await room.members[2]!.requestToken(item.id);
    const ballot = TabletClient.ballot(token, { [item.nomineeIds[0]!]: 'approve' });
    for (const bad of [{ round: '1' }, { v: '1' }, { choices: [] }, { choices: { [item.nomineeIds[0]!]: 'yes' } }, { choices: { [item.nomineeIds[0]!]: 1 } }]) {
      await refused(raw('/api/ballots', JSON.stringify({ ...ballot, ...bad }), { 'content-type': 'application/json' }), 400, 'invalid_ballot');
    }
  });

  it('refuses a body that is not application/json with 415, whatever it contains', async () => {
    const json = JSON.stringify(person());
    const headers = (type?: string) => ({ cookie: room.m.clerk.cookie, 'x-csrf-token': room.m.clerk.csrf, ...(type ? { 'content-type': type } : {}) });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'text/json', undefined]) {
      await refused(raw(personsPath(), json, headers(type)), 415, 'unsupported_media_type');
    }
    // A form post is how a cross-site page would try; it never reaches the ballot box either.
    await refused(raw('/api/ballots', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
  });

  it('refuses an oversized body with 413 before parsing it', async () => {
    const big = JSON.stringify(person({ name: 'x'.repeat(70 * 1024) }));
    await refused(raw(personsPath(), big, room.m.clerk.headers()), 413, 'payload_too_large');
    await refused(raw('/api/ballots', big, { 'content-type': 'application/json' }), 413, 'payload_too_large');
    await refused(raw('/api/ballots', '{}', { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) }), 413, 'payload_too_large');
  });

  it('refuses a body that is not valid UTF-8 (RFC 8259 §8.1) rather than storing U+FFFD', async () => {
    for (const bad of [[0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe4, 0xb8]]) {
      const body = Buffer.concat([Buffer.from('{"kind":"member","name":"王'), Buffer.from(bad), Buffer.from('","unit":"县委","title":"常委"}')]);
      await refused(raw(personsPath(), body, room.m.clerk.headers()), 400, 'malformed_json');
    }
  });
});

describe('text fields', () => {
  it('refuses a name not in NFC (nothing is normalized silently: issue 14) and stores the NFC twin as it is', async () => {
    await refused(() => room.call('POST', personsPath(), { as: room.m.clerk, body: person({ name: 'Zoe\u0308 Lo\u0301pez' }) }), 400, 'validation_failed');
    const r = await room.call('POST', personsPath(), { as: room.m.clerk, body: person({ name: 'Zo\u00eb L\u00f3pez' }) });
    expect(r.status).toBe(201);
    expect(r.body.name).toBe('Zo\u00eb L\u00f3pez');
    const stored = room.t.handle.sqlite.prepare('SELECT name FROM persons WHERE id = ?').get(r.body.id) as { name: string };
    expect(stored.name).toBe('Zo\u00eb L\u00f3pez');
  });

  it('refuses control and bidi-override characters in a name (Trojan Source)', async () => {
    const tricks = ['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u202a', '\u200e\u202b', '\n', '\r'];
    for (const t of tricks) {
      await refused(() => room.call('POST', personsPath(), { as: room.m.clerk, body: person({ name: `张${t}三` }) }), 400, 'validation_failed');
    }
    await refused(() => room.call('POST', `/api/items/${room.m.items[1]!.id}/postpone`, { as: room.presiding, body: { reason: 'ok\u202eko' } }), 400, 'validation_failed');
  });

  it('stores SQL-looking strings literally and leaves every table in place', async () => {
    const evil = {
      name: "Robert'); DROP TABLE persons;--",
      unit: "x' OR '1'='1",
      title: '"; DELETE FROM ballots WHERE 1=1; --',
    };
    const r = await room.call('POST', personsPath(), { as: room.m.clerk, body: person(evil) });
    expect(r.status).toBe(201);
    const listed = await room.call('GET', personsPath(), { as: room.m.clerk });
    const back = (listed.body.persons ?? listed.body).find((p: { id: string }) => p.id === r.body.id);
    expect(back).toMatchObject(evil);
    const tables = room.t.handle.sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('persons','ballots')").get() as { n: number };
    expect(tables.n).toBe(2);
    // A path parameter is data too.
    const probe = await room.call('GET', `/api/meetings/${encodeURIComponent("x' OR '1'='1")}/state`);
    expect(probe.status).toBe(404);
  });
});

describe('hex and curve points', () => {
  it('refuses hex of the wrong length or case in a token request, a ballot and a receipt lookup', async () => {
    for (const blinded of ['ab'.repeat(47), 'ab'.repeat(49), 'AB'.repeat(48), 'g'.repeat(96), 'ab'.repeat(47) + 'a', '']) {
      await refused(tokenAs(room.members[0]!, { round: 1, class: 'A', blinded }), 400, 'validation_failed');
    }
    const token = await room.members[3]!.requestToken(item.id);
    const ballot = TabletClient.ballot(token, { [item.nomineeIds[0]!]: 'approve' });
    for (const [field, value] of [
      ['key_id', ballot.key_id.slice(2)],
      ['ballot_pk', ballot.ballot_pk + '00'],
      ['token_sig', ballot.token_sig.toUpperCase()],
      ['sig', ballot.sig.slice(0, 127)],
    ] as const) {
      await refused(raw('/api/ballots', JSON.stringify({ ...ballot, [field]: value }), { 'content-type': 'application/json' }), 400, 'invalid_ballot');
    }
    for (const leaf of ['ab'.repeat(31), 'ab'.repeat(33), 'zz'.repeat(32)]) {
      const r = await room.call('GET', `/api/receipts/${leaf}`);
      expect(r.status).toBe(400);
    }
  });

  it('refuses a blinded point off the curve, outside the subgroup, or the identity', async () => {
    let off = 1n;
    while (isSquare(curveRhs(off))) off++;
    let outside = 1n;
    while (!isSquare(curveRhs(outside))) outside++;
    // Make sure the point really is on E(Fp) but not in G1, or the case proves nothing.
    const p = bls12_381.G1.Point.fromAffine({ x: outside, y: Fp.sqrt(curveRhs(outside)) });
    expect(p.isTorsionFree()).toBe(false);
    const identity = 'c0' + '00'.repeat(47);
    const uncompressedLooking = '00'.repeat(48);
    const xTooBig = compressedG1(Fp.ORDER + 1n);
    for (const blinded of [compressedG1(off), compressedG1(outside), identity, uncompressedLooking, xTooBig]) {
      await refused(tokenAs(room.members[4]!, { round: 1, class: 'A', blinded }), 400, 'bad_request');
    }
    // None of them cost the member the token: the real one is still issued.
    await room.members[4]!.requestToken(item.id);
  });

  it('refuses a ballot whose token signature is off the curve or the identity, or whose key is of small order', async () => {
    const token = await room.members[5]!.requestToken(item.id);
    const good = TabletClient.ballot(token, { [item.nomineeIds[0]!]: 'approve' });
    let off = 1n;
    while (isSquare(curveRhs(off))) off++;
    for (const tokenSig of [compressedG1(off), 'c0' + '00'.repeat(47)]) {
      const forged = { ...good, token_sig: tokenSig };
      await refused(raw('/api/ballots', JSON.stringify(forged), { 'content-type': 'application/json' }), 400, 'invalid_ballot');
    }
    // The Ed25519 identity (a small-order key) would make one signature fit many ballots.
    const smallOrder = { ...good, ballot_pk: '01' + '00'.repeat(31), sig: '01' + '00'.repeat(63) };
    await refused(raw('/api/ballots', JSON.stringify(smallOrder), { 'content-type': 'application/json' }), 400, 'invalid_ballot');
    expect((await TabletClient.cast(async (p, i) => room.t.app.request(p, i), good)).status).toBe(201);
  });
});

it('uses bytesToHex for the point encodings it builds (sanity of the helper)', () => {
  expect(compressedG1(1n)).toBe(bytesToHex(Uint8Array.from([0x80, ...new Uint8Array(46), 1])));
});
