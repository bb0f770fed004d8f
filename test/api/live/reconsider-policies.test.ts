/**
 * R10 end to end (issue 15, defect 3): a passed motion leaves the reconsidered round's bars in
 * force until the new round's tally replaces them; a meeting that ends without the new round
 * keeps the earlier result, and its end entry says so. The committee's R2 and R10 policies
 * (000's and 002's "half or more") decide live votes and are what the record logs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseEntry } from '../../../crypto/log-entry';
import { verifyRecord, type MeetingRecord } from '../../../src/verifier';
import { officerAgent } from '../../support/officers';
import { ballotsOf, liveMeeting, type Live } from './harness';

let live: Live | undefined;
afterEach(() => live?.t.close());

const entries = (l: Live) =>
  (l.t.handle.sqlite.prepare('SELECT entry FROM log_entries WHERE meeting_id = ? ORDER BY idx').all(l.m.meetingId) as Array<{ entry: string }>).map((r) =>
    parseEntry(new TextEncoder().encode(r.entry)),
  );

async function record(l: Live): Promise<MeetingRecord> {
  const inspector = await officerAgent(l.t, 'inspector');
  const res = await l.t.app.request(`/api/meetings/${l.m.meetingId}/record`, { headers: { cookie: inspector.cookie } });
  return (await res.json()) as MeetingRecord;
}

const bars = (l: Live) => l.t.handle.sqlite.prepare('SELECT nominee_id AS nominee, round FROM bars ORDER BY round').all();

/** A meeting (the caller keeps it in `live`, closed after each test) of `due` members, all present, with one one-nominee item whose round 1 was cast as `counts`. */
async function roundOneCast(due: number, counts: { approve: number; disapprove: number }, policies?: { majority?: 'half-or-more'; motion?: 'half-or-more' }) {
  const live = await liveMeeting({ members: due, items: [{ nominees: 1 }], ...(policies ? { policies } : {}) });
  const item = live.m.items[0]!;
  const x = item.nomineeIds[0]!;
  await live.post(`/api/meetings/${live.m.meetingId}/open`);
  const { members } = await live.signIn(due);
  await live.post(`/api/items/${item.id}/open`);
  await live.voteAll(item.id, members, ballotsOf(x, counts));
  return { live, item, x, members };
}

describe('R10: the bars of a reconsidered round stand until the new round replaces them', () => {
  it('a meeting that ends without round 2 keeps round 1 and its bar, and the record says so', async () => {
    const { live: l, item, x, members } = await roundOneCast(8, { approve: 3, disapprove: 5 });
    live = l;
    expect((await live.closeAndRead(item.id)).A.nominees[0]).toMatchObject({ approved: false, barred: true });
    // R12 before R10: a closed result not yet announced cannot be reconsidered.
    expect((await live.post(`/api/items/${item.id}/reconsider`)).status).toBe(409);
    await live.post(`/api/items/${item.id}/announce`);
    expect((await live.post(`/api/items/${item.id}/reconsider`)).status).toBe(200);
    await live.voteAll(item.id, members, ballotsOf('reconsider', { approve: 5, disapprove: 3 }));
    expect((await live.post(`/api/items/${item.id}/close`)).body.result).toMatchObject({ passed: true, motion: { due: 8, yes: 5 } });
    // The motion passed: the bar stands.
    expect(bars(live)).toEqual([{ nominee: x, round: 1 }]);
    const ended = await live.post(`/api/meetings/${live.m.meetingId}/close`);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(bars(live)).toEqual([{ nominee: x, round: 1 }]);
    const log = entries(live);
    expect(log.find((e) => e.type === 'reconsider')).not.toHaveProperty('barsWithdrawn');
    expect(log.at(-1)).toMatchObject({ type: 'end', items: [{ id: item.id, status: 'pending', round: 2, standingRound: 1 }] });
    const report = verifyRecord(await record(live));
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    // Round 1 was announced (a motion comes only after the announcement) and stands: its result
    // stays public (R12), read as announced, not hidden behind the item's round 2 that never came.
    const result = await live.get(`/api/items/${item.id}/result`);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body).toMatchObject({ round: 1, announced: true, motion: { passed: true } });
  });

  it('round 2 replaces the bar: its tally lists the bar it replaced, and the bar is gone', async () => {
    const { live: l, item, x, members } = await roundOneCast(8, { approve: 2, disapprove: 6 });
    live = l;
    await live.closeAndRead(item.id);
    await live.post(`/api/items/${item.id}/announce`);
    await live.post(`/api/items/${item.id}/reconsider`);
    await live.voteAll(item.id, members, ballotsOf('reconsider', { approve: 6, disapprove: 2 }));
    await live.post(`/api/items/${item.id}/close`);
    expect((await live.post(`/api/items/${item.id}/open`)).status).toBe(200);
    await live.voteAll(item.id, members, ballotsOf(x, { approve: 6, disapprove: 2 }));
    expect((await live.closeAndRead(item.id)).A.nominees[0]).toMatchObject({ approved: true, barred: false });
    expect(bars(live)).toEqual([]);
    await live.post(`/api/items/${item.id}/announce`);
    await live.post(`/api/meetings/${live.m.meetingId}/close`);
    const log = entries(live);
    const round1 = log.find((e) => e.type === 'tally' && e.round === 1)!;
    const round2 = log.find((e) => e.type === 'tally' && e.round === 2)!;
    expect(round1.barsReplaced).toEqual([]);
    expect(round2.bars).toEqual([]);
    expect(round2.barsReplaced).toEqual(round1.bars);
    expect((round2.barsReplaced as unknown[]).length).toBe(1);
    expect(log.at(-1)).toMatchObject({ items: [{ status: 'announced', round: 2, standingRound: 2 }] });
    expect(verifyRecord(await record(live)).checks.filter((c) => c.status !== 'pass')).toEqual([]);
  });
});

describe("the committee's R2 and R10 policies decide live votes", () => {
  const run = async (policies: { majority?: 'half-or-more'; motion?: 'half-or-more' }) => {
    // Exactly half of the 10 due approve.
    const { live: l, item, x, members } = await roundOneCast(10, { approve: 5, disapprove: 5 }, policies);
    live = l;
    const result = await live.closeAndRead(item.id);
    await live.post(`/api/items/${item.id}/announce`);
    await live.post(`/api/items/${item.id}/reconsider`);
    // Exactly half vote yes to reconsider.
    await live.voteAll(item.id, members, ballotsOf('reconsider', { approve: 5, disapprove: 5 }));
    const motion = (await live.post(`/api/items/${item.id}/close`)).body.result;
    await live.post(`/api/meetings/${live.m.meetingId}/close`);
    const meeting = entries(live)[0]!;
    const report = verifyRecord(await record(live));
    return { result, motion, meeting, report };
  };

  it('by default (001) half is not enough, for the nominee or the motion', async () => {
    const { result, motion, meeting, report } = await run({});
    expect(result.A.nominees[0]).toMatchObject({ approved: false, barred: true });
    expect(result.A.rule).toMatchObject({ majority: 'more-than-half' });
    expect(motion).toMatchObject({ passed: false });
    expect(meeting.committee).toMatchObject({ policies: { ratio: 'proportional', majority: 'more-than-half', bar: 'disapprove-half', motion: 'more-than-half' } });
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
  });

  it("under 000's and 002's 'half or more' it is, and the record says which rule applied", async () => {
    const { result, motion, meeting, report } = await run({ majority: 'half-or-more', motion: 'half-or-more' });
    expect(result.A.nominees[0]).toMatchObject({ approved: true, barred: false });
    expect(result.A.rule).toMatchObject({ majority: 'half-or-more' });
    expect(motion).toMatchObject({ passed: true });
    expect(meeting.committee).toMatchObject({ policies: { majority: 'half-or-more', motion: 'half-or-more' } });
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
  });
});
