import { afterEach, describe, expect, it } from 'vitest';
import { ballotsOf, liveMeeting, type Live } from './harness';

let live: Live | undefined;
afterEach(() => live?.t.close());

describe('R1 quorum and R2 passing over the real protocol', () => {
  it('refuses to open an item at 7 of 11 present and opens it at 8', async () => {
    live = await liveMeeting({ members: 11, items: [{ nominees: 1 }] });
    const item = live.m.items[0]!;
    expect((await live.post(`/api/meetings/${live.m.meetingId}/open`)).status).toBe(200);
    await live.signIn(7);
    const refused = await live.post(`/api/items/${item.id}/open`);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('quorum_not_met');
    await live.signIn(8); // the first 7 again (new sessions) plus one more
    const opened = await live.post(`/api/items/${item.id}/open`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body).toMatchObject({ item: item.id, round: 1, due: 11, present: { A: 8, B: 0 } });
  });

  it('does not approve 5 approvals of 8 present with 11 due, and progress shows counts only', async () => {
    live = await liveMeeting({ members: 11, items: [{ nominees: 1 }] });
    const item = live.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(8);
    expect((await live.post(`/api/items/${item.id}/open`)).status).toBe(200);
    await live.voteAll(item.id, members.slice(0, 7), ballotsOf(nominee, { approve: 5, disapprove: 1, abstain: 1 }));
    // R11: while open, "n of m cast" and nothing else — for the presiding officer too.
    const progress = await live.get(`/api/items/${item.id}/progress`, { cookie: live.presiding.cookie });
    expect(progress.status).toBe(200);
    expect(Object.keys(progress.body).sort()).toEqual(['cast', 'classes', 'issued', 'present', 'round', 'status']);
    // The same counts for A and B apart (R4), and nothing else.
    expect(progress.body).toEqual({ round: 1, status: 'open', cast: 7, issued: 7, present: 8, classes: { A: { cast: 7, issued: 7, present: 8 }, B: { cast: 0, issued: 0, present: 0 } } });
    // No tally before close, not even for the officer.
    expect((await live.get(`/api/items/${item.id}/result`, { cookie: live.presiding.cookie })).status).toBe(409);

    const result = await live.closeAndRead(item.id);
    expect(result.A).toMatchObject({ due: 11, present: 8, issued: 7, cast: 7, notCast: 1 });
    expect(result.A.nominees[0]).toMatchObject({ id: nominee, approve: 5, disapprove: 1, abstain: 1, approved: false, barred: false });
    expect(result.A.decision).toEqual({ quorate: true, undecidedSeats: 1 });
  });

  it('bars a nominee at exactly half of those due disapproving (due 10, 5 disapprove), dated in the committee zone', async () => {
    // 00:30 on 3 March in Shanghai is still 2 March in UTC: the bar must use the Shanghai date.
    live = await liveMeeting({ members: 10, items: [{ nominees: 1 }], at: '2026-03-03T00:30:00+08:00' });
    const item = live.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(10);
    await live.post(`/api/items/${item.id}/open`);
    await live.voteAll(item.id, members.slice(0, 9), ballotsOf(nominee, { approve: 4, disapprove: 5 }));
    const result = await live.closeAndRead(item.id);
    expect(result.A.nominees[0]).toMatchObject({ approve: 4, disapprove: 5, approved: false, barred: true });
    expect(result.bars).toEqual([{ nominee, post: item.postId, voteDate: '2026-03-03', liftsOn: '2027-03-03', rule: 'disapprove-half' }]);
    const stored = await live.t.handle.sqlite.prepare('SELECT nominee_id, post_id, vote_date, lifts_on FROM bars').all();
    expect(stored).toEqual([{ nominee_id: nominee, post_id: item.postId, vote_date: '2026-03-03', lifts_on: '2027-03-03' }]);
  });

  it('does not bar at 5 disapprovals of 11 due', async () => {
    live = await liveMeeting({ members: 11, items: [{ nominees: 1 }] });
    const item = live.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(9);
    await live.post(`/api/items/${item.id}/open`);
    await live.voteAll(item.id, members, ballotsOf(nominee, { approve: 4, disapprove: 5 }));
    const result = await live.closeAndRead(item.id);
    expect(result.A.nominees[0]).toMatchObject({ approved: false, barred: false });
    expect(result.bars).toEqual([]);
  });
});
