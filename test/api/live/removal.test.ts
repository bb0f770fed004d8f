// Removals (免职): voted like appointments, no R3 bar either way (docs/full-committee.md §2).
import { afterEach, describe, expect, it } from 'vitest';
import { parseEntry } from '../../../crypto/log-entry';
import { verifyRecord } from '../../../src/verifier';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent } from '../../support/officers';
import { prepareMeeting, signInAll } from '../../support/prepare';
import { fetcherOf, TabletClient } from '../../support/tablet';
import { caller, expectRefused } from '../prepare/helpers';

let t: TestApp;
afterEach(() => t?.close());

describe('a removal item', () => {
  it('is one person for one post: two people are refused', async () => {
    t = makeTestApp();
    const p = await prepareMeeting(t, { members: 9, observers: 0, items: [{ nominees: 2, seats: 1 }], slips: false });
    const clerk = caller(t, p.clerk);
    await expectRefused(t, () => clerk('POST', `/api/meetings/${p.meetingId}/items`, { title: '免去两人职务', postId: p.items[0]!.postId, nomineeIds: p.items[0]!.nomineeIds, itemKind: 'removal' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('PATCH', `/api/items/${p.items[0]!.id}`, { itemKind: 'removal' }), 400, 'validation_failed');
  });

  it('is voted with 同意免职 / 不同意免职, a rejection bars no one, and the record verifies', async () => {
    t = makeTestApp();
    // Due 12: 6 disapprovals would bar an appointee (2 × 6 ≥ 12); a removal bars no one.
    const p = await prepareMeeting(t, { members: 12, observers: 2, items: [{ nominees: 1 }] });
    const clerk = caller(t, p.clerk);
    const [subject] = p.items[0]!.nomineeIds;
    const removal = await clerk('POST', `/api/meetings/${p.meetingId}/items`, { title: '免去人选1同志单位1局长职务', postId: p.items[0]!.postId, nomineeIds: [subject], itemKind: 'removal' });
    expect(removal.status, JSON.stringify(removal.body)).toBe(201);
    expect(removal.body.itemKind).toBe('removal');
    await clerk('DELETE', `/api/items/${p.items[0]!.id}`);

    const presiding = caller(t, await officerAgent(t, 'presiding'));
    expect((await presiding('POST', `/api/meetings/${p.meetingId}/open`)).status).toBe(200);
    const tokens = await signInAll(t, p);
    expect((await presiding('POST', `/api/items/${removal.body.id}/open`)).status).toBe(200);
    const members = p.members.map((m) => new TabletClient(fetcherOf(t), tokens[m.personId]!, 'A'));
    for (const [i, tablet] of members.entries()) await tablet.vote(removal.body.id, { [subject!]: i < 5 ? 'approve' : i < 11 ? 'disapprove' : 'abstain' });
    for (const o of p.observers) await new TabletClient(fetcherOf(t), tokens[o.personId]!, 'B').vote(removal.body.id, { [subject!]: 'approve' });
    const closed = await presiding('POST', `/api/items/${removal.body.id}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const result = (await presiding('POST', `/api/items/${removal.body.id}/announce`)).body;
    expect(result.item.kind).toBe('removal');
    expect(result.A.nominees[0]).toMatchObject({ approve: 5, disapprove: 6, approved: false, barred: false });
    expect(result.bars).toEqual([]);
    expect((await clerk('GET', `/api/committees/${p.committeeId}/bars`)).body.bars).toEqual([]);
    expect((await presiding('POST', `/api/meetings/${p.meetingId}/close`)).status).toBe(200);

    const record = (await presiding('GET', `/api/meetings/${p.meetingId}/record`)).body;
    const meeting = parseEntry(new TextEncoder().encode(record.entries[0]));
    expect(meeting.committee).toMatchObject({ kind: 'standing' });
    expect((meeting.items as Array<{ kind: string }>)[0]!.kind).toBe('removal');
    const report = verifyRecord(record);
    expect(report.firstFailure).toBeUndefined();
    expect(report.ok).toBe(true);
  });

  it('can name a person barred from the post: a removal is no nomination (R3)', async () => {
    t = makeTestApp();
    const p = await prepareMeeting(t, { members: 9, observers: 0, items: [{ nominees: 1 }] });
    const [nominee] = p.items[0]!.nomineeIds;
    // A bar on this person for this post, as a rejected appointment leaves it.
    t.handle.sqlite
      .prepare('INSERT INTO bars (id, committee_id, nominee_id, post_id, vote_date, lifts_on, rule, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0)')
      .run('bar_test', p.committeeId, nominee, p.items[0]!.postId, '2026-01-05', '2027-01-05', 'disapprove-half');
    const clerk = caller(t, p.clerk);
    const body = { title: '同一人选、同一职位', postId: p.items[0]!.postId, nomineeIds: [nominee] };
    await expectRefused(t, () => clerk('POST', `/api/meetings/${p.meetingId}/items`, body), 422, 'nominee_barred');
    expect((await clerk('POST', `/api/meetings/${p.meetingId}/items`, { ...body, itemKind: 'removal' })).status).toBe(201);
    // And the meeting opens with it: the agenda's bar check skips removals.
    await clerk('DELETE', `/api/items/${p.items[0]!.id}`);
    const presiding = caller(t, await officerAgent(t, 'presiding'));
    expect((await presiding('POST', `/api/meetings/${p.meetingId}/open`)).status).toBe(200);
  });
});
