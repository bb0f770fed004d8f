/** A record with reconsideration motions (R10), failed and passed, from a real meeting. */
import { afterAll, describe, expect, it } from 'vitest';
import { verifyRecord, type MeetingRecord } from '../../../src/verifier';
import { officerAgent } from '../../support/officers';
import { ballotsOf, liveMeeting, type Live } from '../live/harness';
import { entryObject, entryText } from '../../verifier/fixtures';

let live: Live | undefined;
afterAll(() => live?.t.close());

describe('a meeting with reconsideration motions', () => {
  it('verifies: motion counts, R10 decisions, withdrawn bars and the second round', async () => {
    live = await liveMeeting({ members: 7, observers: 1, items: [{ nominees: 1 }] });
    const item = live.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members, observers } = await live.signIn(7, 1);
    await live.post(`/api/items/${item.id}/open`);
    await live.voteAll(item.id, members, ballotsOf(nominee, { approve: 3, disapprove: 4 }));
    await live.voteAll(item.id, observers, ballotsOf(nominee, { approve: 1 }));
    await live.closeAndRead(item.id);
    await live.post(`/api/items/${item.id}/announce`);
    await live.post(`/api/items/${item.id}/reconsider`);
    await live.voteAll(item.id, members.slice(0, 6), ballotsOf('reconsider', { approve: 4, disapprove: 1, abstain: 1 }));
    expect((await live.post(`/api/items/${item.id}/close`)).body.result.passed).toBe(true);
    await live.post(`/api/items/${item.id}/open`);
    await live.voteAll(item.id, members, ballotsOf(nominee, { approve: 5, disapprove: 2 }));
    await live.closeAndRead(item.id);
    // Round 2 is closed, not announced: its result is the officers' until the announcement (R12),
    // though round 1 was announced.
    expect((await live.get(`/api/items/${item.id}/result`)).status).toBe(401);
    await live.post(`/api/items/${item.id}/announce`);
    expect((await live.get(`/api/items/${item.id}/result`)).body).toMatchObject({ round: 2, announced: true });
    expect((await live.post(`/api/meetings/${live.m.meetingId}/close`)).status).toBe(200);

    const inspector = await officerAgent(live.t, 'inspector');
    const res = await live.t.app.request(`/api/meetings/${live.m.meetingId}/record`, { headers: { cookie: inspector.cookie } });
    const record = (await res.json()) as MeetingRecord;
    const report = verifyRecord(record);
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.counts.votes).toBe(3);

    // A motion result flipped from passed to failed (counts unchanged) fails reconsideration.
    const i = record.entries.findIndex((e) => entryObject(e).type === 'reconsider');
    const flipped = entryObject(record.entries[i]!);
    flipped.passed = false;
    const changed = { ...record, entries: record.entries.map((e, j) => (j === i ? entryText(flipped) : e)) };
    const r2 = verifyRecord(changed);
    expect(r2.checks.find((c) => c.id === 'reconsideration')?.status).toBe('fail');
  });
});
