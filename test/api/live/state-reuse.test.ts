/**
 * An open meeting's public state is computed once for a wave of tablets and served again for at
 * most STATE_REUSE_MS (issue 20.6), but never after an event that changes it: every event
 * published for the meeting drops what was kept. A meeting not open is computed every time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { meetingState, STATE_REUSE_MS } from '../../../src/domain/live/meeting-state';
import { hubFor } from '../../../src/events/hub';
import { makeTestApp, type TestApp } from '../../support/app';
import { ballots, committee } from '../committee-harness';

let t: TestApp;
afterEach(() => t?.close());

async function openMeeting() {
  t = makeTestApp();
  const c = await committee(t, { members: 5 });
  const post = await c.post('县水利局', '局长');
  const x = await c.nominee('周启明', '1979-04-21');
  await c.at('2027-03-09T09:00:00+08:00');
  const m = await c.meeting('2027-03-09', '第 3 次会议');
  const item = (await c.item(m, { title: '任命周启明为县水利局局长', postId: post, nomineeIds: [x] })).body as { id: string };
  return { c, m, item, x };
}

const state = async (m: string) => (await (await t.app.request(`/api/meetings/${m}/state`)).json()) as {
  meeting: { status: string };
  presence: { signedInMembers: number };
  current: { item: string; status: string; cast: number } | null;
};

describe('the public state of a meeting, kept for a wave of requests', () => {
  it('is computed once for requests that come together while the meeting is open', async () => {
    const { c, m } = await openMeeting();
    expect((await c.presiding('POST', `/api/meetings/${m}/open`)).status).toBe(200);
    const first = await meetingState(t.deps, m);
    expect(await meetingState(t.deps, m)).toBe(first);
    expect(STATE_REUSE_MS).toBeLessThanOrEqual(250);
  });

  it('is computed again after any event of the meeting, so what an event announces is never served stale', async () => {
    const { c, m, item, x } = await openMeeting();
    // A stream follows the meeting, as the console's does: progress events are published only then.
    const unsubscribe = hubFor(t.deps).subscribe(m, () => {});
    expect((await c.presiding('POST', `/api/meetings/${m}/open`)).status).toBe(200);
    expect((await state(m)).presence.signedInMembers).toBe(0);
    // Sign-ins publish presence: the next request sees them at once.
    const tablets = await c.signIn(m, 5);
    expect((await state(m)).presence.signedInMembers).toBe(5);
    expect((await state(m)).current).toBeNull();
    expect((await c.presiding('POST', `/api/items/${item.id}/open`)).status).toBe(200);
    expect((await state(m)).current).toMatchObject({ item: item.id, status: 'open' });
    // The casts' progress event is coalesced: it comes at once for the first cast and within
    // PROGRESS_INTERVAL_MS for the rest. Wait for the event itself, not for a duration.
    const allCast = new Promise<void>((done) => {
      const untap = hubFor(t.deps).tap((id, e) => {
        if (id === m && e.type === 'progress' && (e.data as { cast: number }).cast === 5) {
          untap();
          done();
        }
      });
    });
    const choices = ballots(x, { approve: 5 });
    for (const [i, tablet] of tablets.entries()) await tablet.vote(item.id, choices[i]!);
    await allCast;
    expect((await state(m)).current?.cast).toBe(5);
    expect((await c.presiding('POST', `/api/items/${item.id}/close`)).status).toBe(200);
    expect((await state(m)).current).toBeNull();
    unsubscribe();
  });

  it('is computed every time for a meeting that is not open (the clerk edits drafts without events)', async () => {
    const { c, m } = await openMeeting();
    const first = await meetingState(t.deps, m);
    expect(first.meeting.status).toBe('draft');
    expect(await meetingState(t.deps, m)).not.toBe(first);
    expect((await c.clerk('PATCH', `/api/meetings/${m}`, { title: '第 3 次会议（更正）' })).status).toBe(200);
    expect((await meetingState(t.deps, m)).meeting.title).toBe('第 3 次会议（更正）');
  });
});
