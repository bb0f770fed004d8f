/**
 * POST /api/meetings/{id}/coissuer/answers takes a whole burst's answers in one atomic write
 * (src/domain/coissue/answers.ts): each answer still gets its own receipt, a token row exists
 * exactly for each stored partial, and an answer that is refused leaves nothing behind.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../crypto/bytes';
import { blindSign, blind } from '../../../crypto/token';
import { deriveCoissuerShare, partialAnswerBytes } from '../../../crypto/coissue';
import { coissueRequests, tokens } from '../../../src/db/schema';
import { TabletClient } from '../../../src/demo/tablet-client';
import { fetcherOf } from '../../support/tablet';
import { coissuedMeeting, type CoissuedLive } from './harness';

let l: CoissuedLive | undefined;
afterEach(async () => {
  await l?.stop();
  l?.t.close();
  l = undefined;
});

describe("the co-issuer's answers, posted together", () => {
  it('one post: stored, resent, forged, refused, unasked and contradicted answers each get their own receipt; token rows only for the stored partials', async () => {
    l = await coissuedMeeting({ members: 6, items: [{ nominees: 1 }] });
    const c = l;
    c.start();
    const members = c.m.members;
    await c.tabletsFor(members, 'A');
    for (const p of members) await c.coissuer.confirm(p);
    expect(await c.openStated()).toBe(2);
    const item = c.m.items[0]!;
    expect((await c.post(`/api/items/${item.id}/open`)).status).toBe(200);
    // The co-issuer stops: the requests below stay unanswered until this test answers them.
    await c.stop();
    const key = (await new TabletClient(fetcherOf(c.t), 'x'.repeat(20), 'A').keys(item.id)).keys.find((k) => k.class === 'A')!;
    const keyId = hexToBytes(key.keyId, 32);
    const share = deriveCoissuerShare(c.identity.seed, { meeting: c.m.meetingId, item: item.id, round: 1, klass: 'A' });
    const blinded = members.map(() => blind(keyId, ed25519.utils.randomSecretKey()).blinded);
    for (const i of [0, 1, 2, 4]) {
      await c.t.deps.db
        .insert(coissueRequests)
        .values({ itemId: item.id, round: 1, purpose: 'vote', personId: members[i]!, meetingId: c.m.meetingId, class: 'A', blinded: bytesToHex(blinded[i]!), blindedHash: `${i}`.repeat(64) });
    }
    const ref = (i: number) => ({ item: item.id, round: 1, purpose: 'vote' as const, person: members[i]! });
    const signed = (i: number) => {
      const partial = blindSign(share.secretKey, blinded[i]!);
      return { ...ref(i), partial: bytesToHex(partial), sig: bytesToHex(ed25519.sign(partialAnswerBytes(keyId, blinded[i]!, partial), c.identity.seed)) };
    };
    const forged = { ...signed(1), sig: bytesToHex(ed25519.sign(partialAnswerBytes(keyId, blinded[2]!, hexToBytes(signed(1).partial, 48)), c.identity.seed)) };
    const post = (answers: unknown[]) =>
      c.t.app.request(`/api/meetings/${c.m.meetingId}/coissuer/answers`, { method: 'POST', headers: c.inspector.headers(), body: JSON.stringify({ answers }) });

    const res = await post([signed(0), signed(0), forged, { ...ref(2), refusal: 'absent' }, signed(3), signed(4), { ...ref(4), refusal: 'absent' }]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { answers: unknown[] }).answers).toEqual([
      { ...ref(0), stored: true },
      { ...ref(0), stored: true },
      { ...ref(1), stored: false, reason: 'bad_signature' },
      { ...ref(2), stored: true },
      { ...ref(3), stored: false, reason: 'no_request' },
      { ...ref(4), stored: true },
      { ...ref(4), stored: false, reason: 'answered_otherwise' },
    ]);
    const rows = await c.t.deps.db.select().from(coissueRequests).where(eq(coissueRequests.itemId, item.id));
    const byPerson = new Map(rows.map((r) => [r.personId, r]));
    expect(byPerson.get(members[0]!)).toMatchObject({ partial: signed(0).partial, refusal: null });
    expect(byPerson.get(members[1]!)).toMatchObject({ partial: null, refusal: null });
    expect(byPerson.get(members[2]!)).toMatchObject({ partial: null, refusal: 'absent' });
    expect(byPerson.get(members[4]!)).toMatchObject({ partial: signed(4).partial, refusal: null });
    const issued = await c.t.deps.db.select({ person: tokens.personId, blindedHash: tokens.blindedHash }).from(tokens).where(eq(tokens.itemId, item.id));
    expect(issued.sort((a, b) => a.person.localeCompare(b.person))).toEqual(
      [
        { person: members[0]!, blindedHash: '0'.repeat(64) },
        { person: members[4]!, blindedHash: '4'.repeat(64) },
      ].sort((a, b) => a.person.localeCompare(b.person)),
    );

    // Once the vote is closed its unanswered requests are gone: a genuine answer is not stored and lends no token.
    expect((await c.post(`/api/items/${item.id}/close`)).status).toBe(200);
    const late = await post([signed(1)]);
    expect(((await late.json()) as { answers: unknown[] }).answers).toEqual([{ ...ref(1), stored: false, reason: 'no_request' }]);
    expect(await c.t.deps.db.select().from(tokens).where(and(eq(tokens.itemId, item.id), eq(tokens.personId, members[1]!)))).toEqual([]);
  });
});
