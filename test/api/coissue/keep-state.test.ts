/**
 * The co-issuer's state file (src/coissuer/driver.ts keep): kept before anything it records is
 * sent, and not written again while it is unchanged — every long poll used to cost an fsync
 * before the co-issuer could answer a token request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { coissuedMeeting, type CoissuedLive } from './harness';

let l: CoissuedLive | undefined;
afterEach(async () => {
  await l?.stop();
  l?.t.close();
  l = undefined;
});

describe("the co-issuer's state", () => {
  it('the co-issuer keeps its state before it sends, and not again when nothing changed', async () => {
    l = await coissuedMeeting({ members: 3, items: [{ nominees: 1 }] });
    const c = l;
    c.start();
    const tablets = await c.tabletsFor(c.m.members, 'A');
    for (const p of c.m.members) await c.coissuer.confirm(p);
    expect(await c.openStated()).toBe(2);
    const item = c.m.items[0]!;
    expect((await c.post(`/api/items/${item.id}/open`)).status).toBe(200);
    const answered = c.next((e) => e.type === 'answered');
    await tablets[0]!.requestToken(item.id);
    const e = await answered;
    await c.stop();
    // The answer it sent is in the state it kept.
    expect(e).toMatchObject({ person: c.m.members[0] });
    expect(c.saved()!.votes[`${item.id}|1|vote`]?.issued[c.m.members[0]!]).toMatchObject({ acked: true });
    // The same view again: nothing to sign, send or keep.
    const before = c.saves();
    await c.coissuer.process(c.coissuer.view!);
    await c.coissuer.process(c.coissuer.view!);
    expect(c.saves()).toBe(before);
  });
});
