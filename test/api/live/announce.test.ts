/** R12: a meeting cannot end while a closed vote's result is unannounced (issue 15, defect 4). */
import { afterEach, describe, expect, it } from 'vitest';
import { ballotsOf, liveMeeting, type Live } from './harness';

let live: Live | undefined;
afterEach(() => live?.t.close());

describe('R12: announced on the spot', () => {
  it('refuses to end the meeting while a closed vote is unannounced, naming it; ends once it is announced', async () => {
    live = await liveMeeting({ members: 9, items: [{ nominees: 1 }, { nominees: 1 }], at: '2027-05-18T15:20:00+08:00' });
    const [first, second] = live.m.items as [(typeof live.m.items)[0], (typeof live.m.items)[0]];
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(9);
    await live.post(`/api/items/${first.id}/open`);
    await live.voteAll(first.id, members, ballotsOf(first.nomineeIds[0]!, { approve: 6, disapprove: 3 }));
    await live.closeAndRead(first.id);
    await live.post(`/api/items/${first.id}/announce`);
    await live.post(`/api/items/${second.id}/open`);
    await live.voteAll(second.id, members.slice(0, 8), ballotsOf(second.nomineeIds[0]!, { approve: 2, disapprove: 4, abstain: 2 }));
    await live.closeAndRead(second.id);

    const refused = await live.post(`/api/meetings/${live.m.meetingId}/close`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'results_unannounced', items: [{ id: second.id, position: 2, round: 1 }] });
    expect(refused.body.items).toHaveLength(1);
    const state = await live.get(`/api/meetings/${live.m.meetingId}/state`);
    expect(state.body.meeting.status).toBe('open');
    expect(state.body.committee).toEqual({ kind: 'standing' });

    expect((await live.post(`/api/items/${second.id}/announce`)).status).toBe(200);
    const ended = await live.post(`/api/meetings/${live.m.meetingId}/close`);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
  });
});
