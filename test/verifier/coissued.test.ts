/**
 * A co-issued meeting (docs/coissuance.md) run through the API with the commission's real
 * co-issuer loop verifies end to end under the verifier's strict member sets and checkpoint
 * points: its `issuance`, key `shares`/`coissuer_sig` and `coissued` rolls are known members and
 * entries (docs/record-spec.md §6), and its tokens verify under the combined logged key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { verifyRecord } from '../../src/verifier';
import { coissuedMeeting, type CoissuedLive } from '../api/coissue/harness';
import { ballotsOf } from '../api/live/harness';

let l: CoissuedLive | undefined;
afterEach(async () => {
  await l?.stop();
  l?.t.close();
  l = undefined;
});

describe('a co-issued record', () => {
  it('passes every check of the verifier', async () => {
    l = await coissuedMeeting({ members: 7, observers: 2, items: [{ nominees: 1 }] });
    const c = l;
    const item = c.m.items[0]!;
    c.start();
    const members = await c.tabletsFor(c.m.members.slice(0, 6), 'A');
    const observers = await c.tabletsFor(c.m.observers, 'B');
    for (const p of [...c.m.members.slice(0, 6), ...c.m.observers]) await c.coissuer.confirm(p);
    await c.openStated();
    expect((await c.post(`/api/items/${item.id}/open`)).status).toBe(200);
    await c.voteAll(item.id, members, ballotsOf(item.nomineeIds[0]!, { approve: 5, disapprove: 1 }));
    await c.voteAll(item.id, observers, ballotsOf(item.nomineeIds[0]!, { approve: 2 }));
    const rolls = [c.next((e) => e.type === 'roll' && e.class === 'A'), c.next((e) => e.type === 'roll' && e.class === 'B')];
    await c.closeAndRead(item.id);
    await Promise.all(rolls);
    expect((await c.post(`/api/items/${item.id}/announce`)).status).toBe(200);
    expect((await c.post(`/api/meetings/${c.m.meetingId}/close`)).status).toBe(200);
    const record = (await c.get(`/api/meetings/${c.m.meetingId}/record`, { cookie: c.presiding.cookie })).body;
    expect((record.entries as string[]).some((e) => e.includes('"type":"coissued"'))).toBe(true);
    const report = verifyRecord(record);
    expect(report.checks.filter((x) => x.status !== 'pass')).toEqual([]);
  }, 120_000);
});
