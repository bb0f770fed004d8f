import { afterEach, describe, expect, it } from 'vitest';
import type { Choice } from '../../../crypto/ballot';
import { ballotsOf, liveMeeting, type Live } from './harness';

let live: Live | undefined;
afterEach(() => live?.t.close());

describe('two-thirds, competitive items and B ballots', () => {
  it('applies the two-thirds rule: 7 of 11 due is not enough, 8 is', async () => {
    live = await liveMeeting({ members: 11, items: [{ nominees: 1, passRule: 'two-thirds' }, { nominees: 1, passRule: 'two-thirds' }] });
    const [first, second] = live.m.items as [typeof live.m.items[0], typeof live.m.items[0]];
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(11);
    await live.post(`/api/items/${first.id}/open`);
    await live.voteAll(first.id, members, ballotsOf(first.nomineeIds[0]!, { approve: 7, disapprove: 4 }));
    const r1 = await live.closeAndRead(first.id);
    expect(r1.A.nominees[0]).toMatchObject({ approve: 7, approved: false });
    expect(r1.A.rule).toMatchObject({ passRule: 'two-thirds' });
    await live.post(`/api/items/${second.id}/open`);
    await live.voteAll(second.id, members, ballotsOf(second.nomineeIds[0]!, { approve: 8, disapprove: 3 }));
    const r2 = await live.closeAndRead(second.id);
    expect(r2.A.nominees[0]).toMatchObject({ approve: 8, approved: true });
  });

  it('leaves competitive seats undecided on a tie across the last place, and refuses a ballot approving more than k', async () => {
    // 4 nominees for 2 posts (R8 ratio 2:1), 7 due: three nominees pass R2 with 4 approvals each.
    live = await liveMeeting({ members: 7, items: [{ nominees: 4, seats: 2 }] });
    const item = live.m.items[0]!;
    const [x, y, z, w] = item.nomineeIds as [string, string, string, string];
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(7);
    await live.post(`/api/items/${item.id}/open`);
    const { TabletClient } = await import('../../support/tablet');
    const fetcher = async (p: string, i?: RequestInit) => live!.t.app.request(p, i);
    // R8: two posts, so a ballot approving three is refused — and the token stays usable.
    const voter = members[6]!;
    const token = await voter.requestToken(item.id);
    const tooMany = await TabletClient.cast(fetcher, TabletClient.ballot(token, { [x]: 'approve', [y]: 'approve', [z]: 'approve', [w]: 'abstain' }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('invalid_ballot');
    const pair = (a: string, b: string): Record<string, Choice> => {
      const c: Record<string, Choice> = { [x]: 'disapprove', [y]: 'disapprove', [z]: 'disapprove', [w]: 'disapprove' };
      c[a] = 'approve';
      c[b] = 'approve';
      return c;
    };
    await live.voteAll(item.id, members.slice(0, 6), [pair(x, y), pair(x, y), pair(x, z), pair(x, z), pair(y, z), pair(y, z)]);
    const ok = await TabletClient.cast(fetcher, TabletClient.ballot(token, { [x]: 'abstain', [y]: 'abstain', [z]: 'abstain', [w]: 'abstain' }));
    expect(ok.status).toBe(201);
    const result = await live.closeAndRead(item.id);
    expect(result.A.nominees.map((n: any) => [n.approve, n.approved])).toEqual([[4, false], [4, false], [4, false], [0, false]]);
    expect(result.A.decision).toEqual({ quorate: true, undecidedSeats: 2 });
    // Tied nominees are not rejected, so not barred; w (6 of 7 disapprove) is.
    expect(result.A.nominees.map((n: any) => n.barred)).toEqual([false, false, false, true]);
  });

  it('elects the top nominee of a 2-for-1 item when it passes R2', async () => {
    live = await liveMeeting({ members: 7, items: [{ nominees: 2, seats: 1 }] });
    const item = live.m.items[0]!;
    const [x, y] = item.nomineeIds as [string, string];
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(7);
    await live.post(`/api/items/${item.id}/open`);
    // 4 of 7 due approve x (passes R2), 3 approve y.
    const choices: Array<Record<string, Choice>> = [];
    for (let i = 0; i < 7; i++) choices.push(i < 4 ? { [x]: 'approve', [y]: 'abstain' } : { [x]: 'abstain', [y]: 'approve' });
    await live.voteAll(item.id, members, choices);
    const result = await live.closeAndRead(item.id);
    expect(result.A.nominees.map((n: any) => n.approved)).toEqual([true, false]);
    expect(result.A.decision.undecidedSeats).toBe(0);
  });

  it('counts B ballots separately and never lets them change the decision (R4); an observer gets no A token', async () => {
    live = await liveMeeting({ members: 9, observers: 3, items: [{ nominees: 1 }] });
    const item = live.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members, observers } = await live.signIn(6, 3);
    const opened = await live.post(`/api/items/${item.id}/open`);
    expect(opened.body.present).toEqual({ A: 6, B: 3 });
    // An observer asking for an A token is refused.
    const obs = observers[0]!;
    const keys = await obs.keys(item.id);
    const asA = await live.t.app.request(`/api/items/${item.id}/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${obs.bearer}` },
      body: JSON.stringify({ round: keys.round, class: 'A', blinded: '97' + 'f1'.repeat(47) }),
    });
    expect(asA.status).toBe(403);
    // 4 of 9 due approve: not approved; all 3 observers approve — still not approved.
    await live.voteAll(item.id, members, ballotsOf(nominee, { approve: 4, abstain: 2 }));
    await live.voteAll(item.id, observers, ballotsOf(nominee, { approve: 3 }));
    const result = await live.closeAndRead(item.id);
    expect(result.A.nominees[0]).toMatchObject({ approve: 4, approved: false });
    expect(result.B).toMatchObject({ present: 3, issued: 3, cast: 3, notCast: 0 });
    expect(result.B.nominees[0]).toEqual({ id: nominee, approve: 3, disapprove: 0, abstain: 0 });
    expect(result.B.decision).toBeUndefined();
    // A unanimous class gives individual choices away: the officer is warned before announcing.
    expect(result.smallGroupWarning.classes).toContainEqual({ class: 'B', reason: 'unanimous', nominees: [nominee] });
  });
});
