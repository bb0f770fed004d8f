import { afterEach, describe, expect, it } from 'vitest';
import { TabletClient } from '../../../src/demo/tablet-client';
import { PROGRESS_INTERVAL_MS } from '../../../src/domain/live/progress';
import { ballotsOf, liveMeeting, type Live } from './harness';

let live: Live | undefined;
afterEach(() => live?.t.close());

/** Reads SSE frames from a streaming response until `until` has been seen. */
async function readEvents(res: Response, until: string): Promise<Array<{ event: string; data: any }>> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: Array<{ event: string; data: any }> = [];
  while (!events.some((e) => e.event === until)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  await reader.cancel();
  return events;
}

describe('live events', () => {
  it('streams state, item-opened, progress (counts only), item-closed and item-announced', async () => {
    live = await liveMeeting({ members: 7, items: [{ nominees: 1 }] });
    const item = live.m.items[0]!;
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(7);
    const res = await live.t.app.request(`/api/meetings/${live.m.meetingId}/events`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reading = readEvents(res, 'item-announced');
    await live.post(`/api/items/${item.id}/open`);
    await live.voteAll(item.id, members.slice(0, 5), ballotsOf(item.nomineeIds[0]!, { approve: 5 }));
    // Progress is coalesced: the last count arrives within one interval.
    await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS + 100));
    await live.post(`/api/items/${item.id}/close`);
    await live.post(`/api/items/${item.id}/announce`);
    const events = await reading;
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('state');
    expect(events[0]!.data.presence).toMatchObject({ due: 7, presentMembers: 7 });
    expect(names).toContain('item-opened');
    expect(names.indexOf('item-opened')).toBeLessThan(names.indexOf('item-closed'));
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data);
    expect(progress.length).toBeGreaterThan(0);
    // R11: nothing but counts while open.
    for (const p of progress) expect(Object.keys(p).sort()).toEqual(['cast', 'issued', 'item', 'present', 'purpose', 'round', 'status']);
    expect(progress.at(-1)).toMatchObject({ cast: 5, issued: 5, present: 7 });
    const announced = events.find((e) => e.event === 'item-announced')!.data;
    expect(announced.A.nominees[0]).toMatchObject({ approve: 5, approved: true });
    // Five unanimous approvals: the officer view warns before announcing.
    expect(announced.smallGroupWarning.classes[0]).toMatchObject({ class: 'A', reason: 'unanimous' });
  });

  it('coalesces progress: a burst of casts gives one event per interval, the last with every count', async () => {
    live = await liveMeeting({ members: 20, items: [{ nominees: 1 }] });
    const item = live.m.items[0]!;
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(20);
    await live.post(`/api/items/${item.id}/open`);
    const tokens = [];
    for (const m of members) tokens.push(await m.requestToken(item.id));
    await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS + 100));
    const res = await live.t.app.request(`/api/meetings/${live.m.meetingId}/events`);
    const reading = readEvents(res, 'item-closed');
    const started = performance.now();
    const statuses = await Promise.all(
      tokens.map(async (tk) => {
        const ballot = TabletClient.ballot(tk, { [item.nomineeIds[0]!]: 'approve' });
        const r = await live!.t.app.request('/api/ballots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ballot) });
        return r.status;
      }),
    );
    const elapsed = performance.now() - started;
    expect(statuses).toEqual(tokens.map(() => 201));
    await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS + 100));
    await live.post(`/api/items/${item.id}/close`);
    const progress = (await reading).filter((e) => e.event === 'progress').map((e) => e.data);
    // One at once, then at most one per interval while casts keep coming, then one trailing.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / PROGRESS_INTERVAL_MS) + 2);
    expect(progress.length).toBeLessThan(20);
    expect(progress.at(-1)).toMatchObject({ cast: 20, issued: 20, present: 20, status: 'open' });
  });

  it('pushes a postponement (pages poll slowly while their stream is open)', async () => {
    live = await liveMeeting({ members: 7, items: [{ nominees: 1 }, { nominees: 1 }] });
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const res = await live.t.app.request(`/api/meetings/${live.m.meetingId}/events`);
    const reading = readEvents(res, 'item-postponed');
    const second = live.m.items[1]!.id;
    expect((await live.post(`/api/items/${second}/postpone`, { reason: '需进一步考察' })).status).toBe(200);
    const events = await reading;
    expect(events.at(-1)).toEqual({ event: 'item-postponed', data: { item: second } });
  });

  it('serves the same state to pollers', async () => {
    live = await liveMeeting({ members: 7, observers: 1, items: [{ nominees: 1 }] });
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    await live.signIn(5, 1);
    await live.post(`/api/items/${live.m.items[0]!.id}/open`);
    const state = await live.get(`/api/meetings/${live.m.meetingId}/state`);
    expect(state.status).toBe(200);
    expect(state.body.presence).toEqual({ due: 7, presentMembers: 5, observers: 1, presentObservers: 1 });
    expect(state.body.current).toEqual({ item: live.m.items[0]!.id, purpose: 'vote', round: 1, status: 'open', cast: 0, issued: 0, present: 6 });
    expect(state.body.checkpoint.size).toBe(1);
  });
});
