import { afterEach, describe, expect, it } from 'vitest';
import { verifyBallotSignature } from '../../../crypto/ballot';
import type { TokenToVerify } from '../../../crypto/batch-verify';
import { TabletClient } from '../../../src/demo/tablet-client';
import { TokenBatcher } from '../../../src/domain/live/token-batcher';
import { ballotsOf, liveMeeting, type Live } from './harness';

let live: Live | undefined;
afterEach(() => live?.t.close());

type Frame = { event: string; data: any };

/**
 * Reads SSE frames from a streaming response as they come. `until` resolves when a frame
 * matching the predicate has arrived (an event, never a duration: the suite runs on busy
 * machines), `stop` ends the stream and returns every frame read.
 */
function readEvents(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: Frame[] = [];
  const waiters: Array<{ match: (e: Frame) => boolean; done: () => void }> = [];
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (!event || !data) continue;
        const e = { event, data: JSON.parse(data) };
        events.push(e);
        for (const w of waiters.filter((x) => x.match(e))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.done();
        }
      }
    }
  })();
  return {
    events,
    until(match: (e: Frame) => boolean): Promise<void> {
      if (events.some(match)) return Promise.resolve();
      return new Promise((done) => waiters.push({ match, done }));
    },
    async stop(): Promise<Frame[]> {
      await reader.cancel();
      await pump;
      return events;
    },
  };
}

/** A batcher that holds every token at the door until `open()`, counting arrivals. */
class DoorBatcher extends TokenBatcher {
  arrived = 0;
  private opened!: () => void;
  private readonly door = new Promise<void>((r) => (this.opened = r));
  private readonly watchers: Array<{ n: number; done: () => void }> = [];
  override check(publicKey: Uint8Array, token: TokenToVerify): Promise<boolean> {
    this.arrived++;
    for (const w of this.watchers.filter((x) => this.arrived >= x.n)) w.done();
    return this.door.then(() => super.check(publicKey, token));
  }
  /** Resolves once n tokens wait at the door. */
  waitFor(n: number): Promise<void> {
    if (this.arrived >= n) return Promise.resolve();
    return new Promise((done) => this.watchers.push({ n, done }));
  }
  open(): void {
    this.opened();
  }
}

const progressWith = (cast: number) => (e: Frame) => e.event === 'progress' && e.data.cast === cast;

describe('live events', () => {
  it('streams state, item-opened, progress (counts only), item-closed and item-announced', async () => {
    live = await liveMeeting({ members: 7, items: [{ nominees: 1 }] });
    const item = live.m.items[0]!;
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(7);
    const res = await live.t.app.request(`/api/meetings/${live.m.meetingId}/events`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const stream = readEvents(res);
    await live.post(`/api/items/${item.id}/open`);
    await live.voteAll(item.id, members.slice(0, 5), ballotsOf(item.nomineeIds[0]!, { approve: 5 }));
    // Progress is coalesced: the last count comes in a trailing event, whenever the timer runs.
    await stream.until(progressWith(5));
    await live.post(`/api/items/${item.id}/close`);
    await live.post(`/api/items/${item.id}/announce`);
    await stream.until((e) => e.event === 'item-announced');
    const events = await stream.stop();
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('state');
    expect(events[0]!.data.presence).toMatchObject({ due: 7, presentMembers: 7 });
    expect(names).toContain('item-opened');
    expect(names.indexOf('item-opened')).toBeLessThan(names.indexOf('item-closed'));
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data);
    expect(progress.length).toBeGreaterThan(0);
    // R11: nothing but counts while open.
    for (const p of progress) expect(Object.keys(p).sort()).toEqual(['cast', 'classes', 'issued', 'item', 'present', 'purpose', 'round', 'status']);
    expect(progress.at(-1)).toMatchObject({ cast: 5, issued: 5, present: 7, classes: { A: { cast: 5, issued: 5, present: 7 }, B: { cast: 0, issued: 0, present: 0 } } });
    const announced = events.find((e) => e.event === 'item-announced')!.data;
    expect(announced.A.nominees[0]).toMatchObject({ approve: 5, approved: true });
    // Five unanimous approvals: the officer view warns before announcing.
    expect(announced.smallGroupWarning.classes[0]).toMatchObject({ class: 'A', reason: 'unanimous' });
  });

  it('coalesces progress: 20 casts stored together give one event at once and one trailing, with every count', async () => {
    // The 20 casts are held at the token check and let go together, so their inserts run in one
    // turn of the event loop whatever the machine's load: the coalescing, not the speed, is tested.
    const door = new DoorBatcher();
    live = await liveMeeting({ members: 20, items: [{ nominees: 1 }], castCrypto: { verifyBallotSignature, tokenBatcher: door } });
    const item = live.m.items[0]!;
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(20);
    await live.post(`/api/items/${item.id}/open`);
    const tokens = [];
    for (const m of members) tokens.push(await m.requestToken(item.id));
    const res = await live.t.app.request(`/api/meetings/${live.m.meetingId}/events`);
    const stream = readEvents(res);
    await stream.until((e) => e.event === 'state');
    const casting = Promise.all(
      tokens.map(async (tk) => {
        const ballot = TabletClient.ballot(tk, { [item.nomineeIds[0]!]: 'approve' });
        const r = await live!.t.app.request('/api/ballots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ballot) });
        return r.status;
      }),
    );
    await door.waitFor(20);
    door.open();
    expect(await casting).toEqual(tokens.map(() => 201));
    await stream.until(progressWith(20));
    await live.post(`/api/items/${item.id}/close`);
    await stream.until((e) => e.event === 'item-closed');
    const progress = (await stream.stop()).filter((e) => e.event === 'progress').map((e) => e.data);
    // One at once (with whatever count it read), then one trailing with the final counts.
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(2);
    expect(progress.at(-1)).toMatchObject({ cast: 20, issued: 20, present: 20, status: 'open' });
  });

  it('leaves counts out of a stream asked for ?counts=0 (tablets): items, never progress or presence', async () => {
    live = await liveMeeting({ members: 7, items: [{ nominees: 1 }] });
    const item = live.m.items[0]!;
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const withCounts = readEvents(await live.t.app.request(`/api/meetings/${live.m.meetingId}/events`));
    const tablet = readEvents(await live.t.app.request(`/api/meetings/${live.m.meetingId}/events?counts=0`));
    const { members } = await live.signIn(7);
    await live.post(`/api/items/${item.id}/open`);
    await live.voteAll(item.id, members.slice(0, 5), ballotsOf(item.nomineeIds[0]!, { approve: 5 }));
    await withCounts.until(progressWith(5));
    await live.post(`/api/items/${item.id}/close`);
    await tablet.until((e) => e.event === 'item-closed');
    await withCounts.until((e) => e.event === 'item-closed');
    const seen = (await tablet.stop()).map((e) => e.event);
    expect(seen).toEqual(['state', 'item-opened', 'item-closed']);
    expect((await withCounts.stop()).map((e) => e.event)).toContain('progress');
  });

  it('pushes a postponement (pages poll slowly while their stream is open)', async () => {
    live = await liveMeeting({ members: 7, items: [{ nominees: 1 }, { nominees: 1 }] });
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const res = await live.t.app.request(`/api/meetings/${live.m.meetingId}/events`);
    const stream = readEvents(res);
    const second = live.m.items[1]!.id;
    expect((await live.post(`/api/items/${second}/postpone`, { reason: '需进一步考察' })).status).toBe(200);
    await stream.until((e) => e.event === 'item-postponed');
    const events = await stream.stop();
    expect(events.at(-1)).toEqual({ event: 'item-postponed', data: { item: second } });
  });

  it('serves the same state to pollers', async () => {
    live = await liveMeeting({ members: 7, observers: 1, items: [{ nominees: 1 }] });
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    await live.signIn(5, 1);
    await live.post(`/api/items/${live.m.items[0]!.id}/open`);
    const state = await live.get(`/api/meetings/${live.m.meetingId}/state`);
    expect(state.status).toBe(200);
    expect(state.body.presence).toEqual({ due: 7, presentMembers: 5, observers: 1, presentObservers: 1, signedInMembers: 5, signedInObservers: 1 });
    const none = { cast: 0, issued: 0 };
    expect(state.body.current).toEqual({
      item: live.m.items[0]!.id, purpose: 'vote', round: 1, status: 'open', cast: 0, issued: 0, present: 6,
      // A and B apart (R4): 5 members and 1 observer present.
      classes: { A: { ...none, present: 5 }, B: { ...none, present: 1 } },
    });
    // Sealed right after the opening write: meeting, key A, key B, open (issue 14).
    expect(state.body.checkpoint.size).toBe(4);
  });
});
