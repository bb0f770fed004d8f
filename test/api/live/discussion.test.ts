/**
 * The discussion step (R11; issue 15): before an item's vote the presiding officer records who
 * introduced it and who stated a view, in order — names only, never what was said — and the
 * secretary (书记) speaks last (002 "县委书记不得提前表态").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseEntry } from '../../../crypto/log-entry';
import { verifyRecord, type MeetingRecord } from '../../../src/verifier';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent } from '../../support/officers';
import { ballots, committee } from '../committee-harness';
import { expectRefused } from '../prepare/helpers';

let t: TestApp;
afterEach(() => t?.close());

async function meeting() {
  t = makeTestApp();
  const c = await committee(t, { members: 8 });
  const secretary = c.members[7]!;
  expect((await c.clerk('PATCH', `/api/persons/${secretary}`, { role: 'secretary' })).status).toBe(200);
  const post = await c.post('县交通运输局', '局长');
  const x = await c.nominee('郑文博', '1981-12-09');
  await c.at('2027-09-14T09:00:00+08:00');
  const m = await c.meeting('2027-09-14', '第 15 次会议');
  const item = (await c.item(m, { title: '任命郑文博为县交通运输局局长', postId: post, nomineeIds: [x] })).body;
  expect((await c.presiding('POST', `/api/meetings/${m}/open`)).status).toBe(200);
  const discuss = (body: unknown) => c.presiding('POST', `/api/items/${item.id}/discussion`, body);
  const log = () =>
    (t.handle.sqlite.prepare('SELECT entry FROM log_entries WHERE meeting_id = ? ORDER BY idx').all(m) as Array<{ entry: string }>).map((r) =>
      parseEntry(new TextEncoder().encode(r.entry)) as Record<string, any>,
    );
  return { c, m, item, x, secretary, discuss, log };
}

describe('the discussion before a vote (R11)', () => {
  it('logs the introduction and the speakers in order, names only, before the vote; the record verifies', async () => {
    const { c, m, item, x, secretary, discuss, log } = await meeting();
    const [a, b] = [c.members[2]!, c.members[0]!];
    const res = await discuss({ introducedBy: '县委组织部部长 韩立', speakers: [a, b, secretary] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const entry = log().find((e) => e.type === 'discussion')!;
    expect(Object.keys(entry).sort()).toEqual(['introducedBy', 'item', 'round', 'speakers', 'type']);
    expect(entry).toMatchObject({ item: item.id, round: 1, introducedBy: '县委组织部部长 韩立' });
    expect(entry.speakers.map((s: { person: string }) => s.person)).toEqual([a, b, secretary]);
    expect(Object.keys(entry.speakers[0]).sort()).toEqual(['name', 'person']);
    // Once per round.
    await expectRefused(t, () => discuss({ introducedBy: '韩立', speakers: [] }), 409, 'conflict');

    const tablets = await c.signIn(m, 8);
    await c.vote(item.id, tablets, ballots(x, { approve: 6, disapprove: 2 }));
    expect((await c.presiding('POST', `/api/meetings/${m}/close`)).status).toBe(200);
    const types = log().map((e) => e.type);
    expect(types.indexOf('discussion')).toBeLessThan(types.indexOf('key'));
    const inspector = await officerAgent(t, 'inspector');
    const record = (await (await t.app.request(`/api/meetings/${m}/record`, { headers: { cookie: inspector.cookie } })).json()) as MeetingRecord;
    const report = verifyRecord(record);
    expect(report.checks.filter((ch) => ch.status !== 'pass').map((ch) => `${ch.id}: ${ch.detail}`)).toEqual([]);
    expect(report.checks.find((ch) => ch.id === 'discussion')?.detail).toContain('1 discussions');
  });

  it('refuses the secretary before others, an unknown or excused speaker, a speaker twice, and a discussion after the vote opened', async () => {
    const { c, m, item, secretary, discuss } = await meeting();
    const refused = await expectRefused(t, () => discuss({ introducedBy: '韩立', speakers: [c.members[1], secretary, c.members[3]] }), 422, 'secretary_not_last');
    expect(refused.secretary).toBe(secretary);
    await expectRefused(t, () => discuss({ introducedBy: '韩立', speakers: ['per_nobody'] }), 400, 'validation_failed');
    await expectRefused(t, () => discuss({ introducedBy: '韩立', speakers: [c.members[1], c.members[1]] }), 400, 'validation_failed');
    await expectRefused(t, () => discuss({ introducedBy: '韩立', speakers: [c.members[1]], said: '同意' }), 400, 'validation_failed');
    await c.signIn(m, 8);
    expect((await c.presiding('POST', `/api/items/${item.id}/open`)).status).toBe(200);
    await expectRefused(t, () => discuss({ introducedBy: '韩立', speakers: [] }), 409, 'conflict');
  });

  it('the state the console loads says the round was discussed (its log entry), and the officers\' detail says by whom, so a reload shows it done', async () => {
    const { c, m, item, secretary, discuss, log } = await meeting();
    const state = async () => ((await (await t.app.request(`/api/meetings/${m}/state`)).json()) as { items: Array<{ id: string; discussion: unknown }> }).items.find((i) => i.id === item.id)!;
    const detail = async () => ((await c.presiding('GET', `/api/meetings/${m}`)).body as { items: Array<{ id: string; discussion: any }> }).items.find((i) => i.id === item.id)!;
    expect((await state()).discussion).toBeNull();
    expect((await detail()).discussion).toBeNull();

    const a = c.members[4]!;
    expect((await discuss({ introducedBy: '县委组织部部长 韩立', speakers: [a, secretary] })).status).toBe(200);
    const at = log().findIndex((e) => e.type === 'discussion');
    expect(at).toBeGreaterThan(0);
    // Public state: the fact and where it is logged, no names.
    expect((await state()).discussion).toEqual({ entry: at });
    // The officers' detail: as logged.
    const d = (await detail()).discussion;
    expect(d).toMatchObject({ introducedBy: '县委组织部部长 韩立', entry: at });
    expect(d.speakers.map((s: { person: string }) => s.person)).toEqual([a, secretary]);
    expect(d.speakers[0].name).toBe(log()[at]!.speakers[0].name);
  });
});
