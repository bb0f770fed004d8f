// From standing committee to full committee (R13, docs/full-committee.md §4): a nomination is
// voted by the standing committee, put on a full committee meeting as an item citing that vote,
// decided there, and the full committee's record verifies against the standing one.
import { afterEach, describe, expect, it } from 'vitest';
import { parseEntry } from '../../../crypto/log-entry';
import { verifyRecord } from '../../../src/verifier';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent } from '../../support/officers';
import { prepareMeeting, signInWithSlip } from '../../support/prepare';
import { fetcherOf, TabletClient } from '../../support/tablet';
import { caller, expectRefused, type Caller } from '../prepare/helpers';

let t: TestApp;
afterEach(() => t?.close());

const DATE = '2026-03-02';

/** Signs everyone of a meeting in (slips issued here) and returns class A and B tablets. */
async function tabletsOf(clerk: Caller, meetingId: string) {
  const slips = (await clerk('POST', `/api/meetings/${meetingId}/slips`)).body.slips as Array<{ personId: string; code: string; class: 'A' | 'B' }>;
  const out: Record<'A' | 'B', TabletClient[]> = { A: [], B: [] };
  for (const s of slips) out[s.class].push(new TabletClient(fetcherOf(t), await signInWithSlip(t, meetingId, s.code), s.class));
  return out;
}

/** Opens the item, everyone votes choice(i), closes and announces; returns the announced result. */
async function decide(presiding: Caller, itemId: string, nominee: string, voters: TabletClient[], choice: (i: number) => 'approve' | 'disapprove' | 'abstain') {
  expect((await presiding('POST', `/api/items/${itemId}/open`)).status).toBe(200);
  for (const [i, tablet] of voters.entries()) await tablet.vote(itemId, { [nominee]: choice(i) });
  expect((await presiding('POST', `/api/items/${itemId}/close`)).status).toBe(200);
  return (await presiding('POST', `/api/items/${itemId}/announce`)).body;
}

/** A standing committee meeting with one nominating item (approved 5 of 7) and one plain item; and its full committee. */
async function standingThenFull() {
  t = makeTestApp();
  const p = await prepareMeeting(t, { members: 7, observers: 0, items: [{ nominees: 1 }, { nominees: 1 }], slips: false });
  const clerk = caller(t, p.clerk);
  const presiding = caller(t, await officerAgent(t, 'presiding'));
  const [nominating, plain] = p.items;
  const marked = await clerk('PATCH', `/api/items/${nominating!.id}`, { nominates: true });
  expect(marked.status, JSON.stringify(marked.body)).toBe(200);
  expect(marked.body.nominates).toBe(true);

  const full = (await clerk('POST', '/api/committees', { name: '中共某县委全委会', kind: 'full', standingCommitteeId: p.committeeId })).body;
  for (let i = 1; i <= 9; i++) await clerk('POST', `/api/committees/${full.id}/persons`, { kind: 'member', name: `委员${i}`, unit: '县委', title: '委员' });
  await clerk('POST', `/api/committees/${full.id}/persons`, { kind: 'alternate', name: '候补委员甲', unit: '某镇', title: '党委书记' });
  const fullMeeting = (await clerk('POST', '/api/meetings', { committeeId: full.id, date: DATE, title: '县委全委会第 3 次全体会议' })).body.meeting;
  return { p, clerk, presiding, nominating: nominating!, plain: plain!, full, fullMeeting };
}

describe('nomination → decision', () => {
  it('a standing nomination, once decided, is put on a full committee meeting, decided there and verified against the standing record', async () => {
    const s = await standingThenFull();
    const { p, clerk, presiding, nominating, plain, full, fullMeeting } = s;
    const nominee = nominating.nomineeIds[0]!;
    const choice = { itemId: nominating.id, nomineeId: nominee };

    // Not before the standing meeting has ended, nor an item that does not nominate.
    expect((await presiding('POST', `/api/meetings/${p.meetingId}/open`)).status).toBe(200);
    const standingTablets = await tabletsOf(clerk, p.meetingId);
    const announced = await decide(presiding, nominating.id, nominee, standingTablets.A, (i) => (i < 5 ? 'approve' : 'disapprove'));
    expect(announced.A.nominees[0]).toMatchObject({ approve: 5, approved: true });
    expect((await expectRefused(t, () => clerk('POST', `/api/meetings/${fullMeeting.id}/nominations`, choice), 422, 'nomination_not_decided')).reason).toBe('meeting-not-ended');
    await decide(presiding, plain.id, plain.nomineeIds[0]!, standingTablets.A, () => 'approve');
    expect((await presiding('POST', `/api/meetings/${p.meetingId}/close`)).status).toBe(200);
    const plainChoice = { itemId: plain.id, nomineeId: plain.nomineeIds[0] };
    expect((await expectRefused(t, () => clerk('POST', `/api/meetings/${fullMeeting.id}/nominations`, plainChoice), 422, 'nomination_not_decided')).reason).toBe('not-nominating');
    const standingRecord = (await presiding('GET', `/api/meetings/${p.meetingId}/record`)).body;
    const standingReport = verifyRecord(standingRecord);
    expect(standingReport.ok, JSON.stringify(standingReport.firstFailure)).toBe(true);

    // The full committee sees it, with the tally hash of the standing meeting.
    const listed = await clerk('GET', `/api/committees/${full.id}/nominations`);
    expect(listed.status).toBe(200);
    expect(listed.body.nominations).toHaveLength(1);
    expect(listed.body.nominations[0]).toMatchObject({
      citation: { committee: p.committeeId, meeting: p.meetingId, item: nominating.id, round: 1, tallyHash: standingReport.tallyHash, kind: 'appointment', nominee: { id: nominee } },
      takenBy: null,
    });
    // A standing committee has no nominations to decide.
    await expectRefused(t, () => clerk('GET', `/api/committees/${p.committeeId}/nominations`), 422, 'rule_violation');

    const put = await clerk('POST', `/api/meetings/${fullMeeting.id}/nominations`, choice);
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.body).toMatchObject({ nominates: false, itemKind: 'appointment', seats: 1, post: { unit: '单位1', title: '局长' }, nominees: [{ name: '人选1', birthDate: '1980-05-17' }] });
    expect(put.body.cites).toEqual(listed.body.nominations[0].citation);
    // The post and the person are the full committee's own records.
    expect(put.body.post.id).not.toBe(nominating.postId);
    expect(put.body.nominees[0].id).not.toBe(nominee);
    // Once only; and the cited person and post cannot be edited away.
    await expectRefused(t, () => clerk('POST', `/api/meetings/${fullMeeting.id}/nominations`, choice), 409, 'already_exists');
    await expectRefused(t, () => clerk('PATCH', `/api/items/${put.body.id}`, { postId: nominating.postId }), 422, 'rule_violation');
    expect((await clerk('GET', `/api/committees/${full.id}/nominations`)).body.nominations[0].takenBy).toMatchObject({ itemId: put.body.id, status: 'pending' });

    // The full committee decides: 5 of 9 approve (000: half or more of those due passes).
    expect((await presiding('POST', `/api/meetings/${fullMeeting.id}/open`)).status).toBe(200);
    const fullTablets = await tabletsOf(clerk, fullMeeting.id);
    expect(fullTablets.A).toHaveLength(9);
    expect(fullTablets.B).toHaveLength(1);
    const fullNominee = put.body.nominees[0].id;
    expect((await presiding('POST', `/api/items/${put.body.id}/open`)).status).toBe(200);
    for (const [i, tablet] of fullTablets.A.entries()) await tablet.vote(put.body.id, { [fullNominee]: i < 6 ? 'approve' : 'abstain' });
    await fullTablets.B[0]!.vote(put.body.id, { [fullNominee]: 'approve' });
    expect((await presiding('POST', `/api/items/${put.body.id}/close`)).status).toBe(200);
    const decided = (await presiding('POST', `/api/items/${put.body.id}/announce`)).body;
    expect(decided.A.nominees[0]).toMatchObject({ approve: 6, approved: true });
    expect(decided.B.nominees[0]).toMatchObject({ approve: 1 });
    expect((await presiding('POST', `/api/meetings/${fullMeeting.id}/close`)).status).toBe(200);

    const fullRecord = (await presiding('GET', `/api/meetings/${fullMeeting.id}/record`)).body;
    const entry = parseEntry(new TextEncoder().encode(fullRecord.entries[0]));
    expect(entry.committee).toMatchObject({ kind: 'full' });
    expect((entry.items as Array<{ cites: unknown; nominates: boolean }>)[0]).toMatchObject({ nominates: false, cites: listed.body.nominations[0].citation });
    const standingEntry = parseEntry(new TextEncoder().encode(standingRecord.entries[0]));
    expect((standingEntry.items as Array<{ id: string; nominates: boolean; cites: unknown }>).map((i) => [i.id, i.nominates, i.cites])).toEqual([
      [nominating.id, true, null],
      [plain.id, false, null],
    ]);

    // Alone, the citation is not checked (never passed silently); with the standing record it holds.
    const alone = verifyRecord(fullRecord);
    expect(alone.checks.find((c) => c.id === 'citations')).toMatchObject({ status: 'skipped' });
    expect(alone.ok).toBe(false);
    expect(alone.firstFailure).toBeUndefined();
    const both = verifyRecord(fullRecord, { cited: [standingRecord] });
    expect(both.firstFailure).toBeUndefined();
    expect(both.ok).toBe(true);
    expect(both.checks.find((c) => c.id === 'citations')).toMatchObject({ status: 'pass' });
    // A standing record that is not the one cited (a changed entry) fails the check.
    const forged = { ...standingRecord, entries: [...standingRecord.entries] };
    forged.entries[forged.entries.length - 1] += ' ';
    expect(verifyRecord(fullRecord, { cited: [forged] }).firstFailure?.id).toBe('citations');
  }, 240_000);

  it('a nomination the standing committee rejected is never available', async () => {
    const { p, clerk, presiding, nominating, plain, full, fullMeeting } = await standingThenFull();
    const nominee = nominating.nomineeIds[0]!;
    expect((await presiding('POST', `/api/meetings/${p.meetingId}/open`)).status).toBe(200);
    const tabs = await tabletsOf(clerk, p.meetingId);
    await decide(presiding, nominating.id, nominee, tabs.A, (i) => (i < 3 ? 'approve' : 'disapprove'));
    await decide(presiding, plain.id, plain.nomineeIds[0]!, tabs.A, () => 'approve');
    expect((await presiding('POST', `/api/meetings/${p.meetingId}/close`)).status).toBe(200);
    expect((await clerk('GET', `/api/committees/${full.id}/nominations`)).body.nominations).toEqual([]);
    const refused = await expectRefused(t, () => clerk('POST', `/api/meetings/${fullMeeting.id}/nominations`, { itemId: nominating.id, nomineeId: nominee }), 422, 'nomination_not_decided');
    expect(refused.reason).toBe('not-approved');
  }, 120_000);

  it('only a standing committee nominates; another committee cannot take the nomination', async () => {
    const { clerk, full, fullMeeting, p } = await standingThenFull();
    const post = (await clerk('POST', `/api/committees/${full.id}/posts`, { unit: '某镇', title: '党委书记' })).body;
    const nominee = (await clerk('POST', `/api/committees/${full.id}/nominees`, { name: '人选甲', birthDate: '1979-01-02', currentPost: '某局局长', resume: '简历' })).body;
    await expectRefused(t, () => clerk('POST', `/api/meetings/${fullMeeting.id}/items`, { title: 'x', postId: post.id, nomineeIds: [nominee.id], nominates: true }), 422, 'rule_violation');
    // A standing committee meeting cannot take a nomination (it decides none).
    await expectRefused(t, () => clerk('POST', `/api/meetings/${p.meetingId}/nominations`, { itemId: p.items[0]!.id, nomineeId: p.items[0]!.nomineeIds[0] }), 422, 'rule_violation');
    await expectRefused(t, () => clerk('POST', `/api/meetings/${fullMeeting.id}/nominations`, { itemId: 'itm_nope', nomineeId: 'nom_nope' }), 404, 'not_found');
    await expectRefused(t, () => clerk('POST', `/api/meetings/${fullMeeting.id}/nominations`, { itemId: 'x', nomineeId: 'y', extra: 1 }), 400, 'validation_failed');
  });
});
