import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent } from '../../support/officers';
import { prepareMeeting, type PreparedMeeting } from '../../support/prepare';
import { caller, expectRefused } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

function seedBar(p: PreparedMeeting, id: string, nomineeId: string, postId: string, voteDate: string, liftsOn: string) {
  t.handle.sqlite
    .prepare(`INSERT INTO bars (id, committee_id, nominee_id, post_id, meeting_id, item_id, round, vote_date, lifts_on, rule, created_at)
              VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, 'disapprove-half', 0)`)
    .run(id, p.committeeId, nomineeId, postId, p.meetingId, p.items[0]!.id, voteDate, liftsOn);
}

describe('the R3 bar registry', () => {
  it('lists bars for the clerk and the inspector, filtered, each marked active on today\'s date in the committee zone', async () => {
    t = makeTestApp();
    const p = await prepareMeeting(t, { members: 3, observers: 0 });
    const [a, b] = [p.items[0]!, p.items[2]!];
    seedBar(p, 'bar_a', a.nomineeIds[0]!, a.postId, '2025-03-01', '2026-03-01');
    seedBar(p, 'bar_b', b.nomineeIds[0]!, b.postId, '2025-03-02', '2026-03-02');
    seedBar(p, 'bar_c', b.nomineeIds[1]!, b.postId, '2025-03-03', '2026-03-03');
    // The test clock stands at 2026-03-02 09:00 in Shanghai (01:00 UTC).
    const clerk = caller(t, p.clerk);
    const all = await clerk('GET', `/api/committees/${p.committeeId}/bars`);
    expect(all.status).toBe(200);
    expect(all.body.today).toBe('2026-03-02');
    expect(all.body.bars.map((x: { id: string; active: boolean }) => [x.id, x.active])).toEqual([
      ['bar_a', false],
      ['bar_b', false],
      ['bar_c', true],
    ]);
    const inspector = caller(t, await officerAgent(t, 'inspector'));
    const filtered = await inspector('GET', `/api/committees/${p.committeeId}/bars?postId=${b.postId}&nomineeId=${b.nomineeIds[1]}`);
    expect(filtered.body.bars.map((x: { id: string }) => x.id)).toEqual(['bar_c']);
    expect(filtered.body.bars[0]).toMatchObject({ meetingId: p.meetingId, itemId: a.id, voteDate: '2025-03-03', liftsOn: '2026-03-03' });
  });

  it('is closed to other roles and to unknown query fields', async () => {
    t = makeTestApp();
    const p = await prepareMeeting(t, { members: 1, observers: 0, items: [], slips: false });
    const presiding = caller(t, await officerAgent(t, 'presiding'));
    await expectRefused(t, () => presiding('GET', `/api/committees/${p.committeeId}/bars`), 403, 'forbidden');
    await expectRefused(t, () => caller(t, p.clerk)('GET', `/api/committees/${p.committeeId}/bars?person=x`), 400, 'validation_failed');
    await expectRefused(t, () => caller(t, p.clerk)('GET', '/api/committees/cmt_00000000000000000000/bars'), 404, 'not_found');
  });
});
