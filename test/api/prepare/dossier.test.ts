// The nominee's dossier (介绍拟任免人选情况): docs/full-committee.md §3, 001 第二篇 六(一), 002 五 一 2.
import { afterEach, describe, expect, it } from 'vitest';
import { parseEntry } from '../../../crypto/log-entry';
import { verifyRecord } from '../../../src/verifier';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent } from '../../support/officers';
import { prepareMeeting } from '../../support/prepare';
import { caller, expectRefused } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

const personal = {
  source: 'personal',
  recommender: '王某(县委副书记)',
  relationship: '曾为上下级,无亲属关系',
  declaration: true,
  recommendation: '民主推荐得票 45 票,排名第一',
  examination: '考察组考察认为该同志政治素质好,工作实绩突出',
  reasons: '工作需要,该同志符合任职条件',
  vacancy: '原书记调任,职位空缺',
};
const organization = { ...personal, source: 'organization', recommender: '县委组织部', relationship: null, declaration: null };

describe("the nominee's dossier", () => {
  it('is set per item and person, shown with the item, logged in the agenda, and removed with the item', async () => {
    t = makeTestApp();
    const p = await prepareMeeting(t, { members: 7, observers: 0, items: [{ nominees: 1 }, { nominees: 2, seats: 1 }], slips: false });
    const clerk = caller(t, p.clerk);
    const [plain, competitive] = p.items;
    const set = await clerk('PUT', `/api/items/${plain!.id}/dossiers/${plain!.nomineeIds[0]}`, personal);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.nominees[0].dossier).toEqual(personal);
    const org = await clerk('PUT', `/api/items/${competitive!.id}/dossiers/${competitive!.nomineeIds[1]}`, organization);
    expect(org.status, JSON.stringify(org.body)).toBe(200);
    expect(org.body.nominees.map((n: { dossier: unknown }) => n.dossier)).toEqual([null, organization]);
    // Changed while a draft.
    const changed = await clerk('PUT', `/api/items/${plain!.id}/dossiers/${plain!.nomineeIds[0]}`, { ...personal, reasons: '另有理由' });
    expect(changed.body.nominees[0].dossier.reasons).toBe('另有理由');

    const presiding = caller(t, await officerAgent(t, 'presiding'));
    expect((await presiding('POST', `/api/meetings/${p.meetingId}/open`)).status).toBe(200);
    await expectRefused(t, () => clerk('PUT', `/api/items/${plain!.id}/dossiers/${plain!.nomineeIds[0]}`, personal), 409, 'meeting_locked');
    const record = (await presiding('GET', `/api/meetings/${p.meetingId}/record`)).body;
    const entry = parseEntry(new TextEncoder().encode(record.entries[0])) as unknown as { items: Array<{ nominees: Array<{ dossier: unknown }> }> };
    expect(entry.items[0]!.nominees[0]!.dossier).toEqual({ ...personal, reasons: '另有理由' });
    expect(entry.items[1]!.nominees.map((n) => n.dossier)).toEqual([null, organization]);
    const report = verifyRecord(record);
    expect(report.checks.find((c) => c.id === 'agenda')?.status).toBe('pass');
  }, 120_000);

  it('refuses a personal recommendation without the declaration, and an incomplete one, changing nothing', async () => {
    t = makeTestApp();
    const p = await prepareMeeting(t, { members: 7, observers: 0, items: [{ nominees: 1 }], slips: false });
    const clerk = caller(t, p.clerk);
    const at = `/api/items/${p.items[0]!.id}/dossiers/${p.items[0]!.nomineeIds[0]}`;
    await expectRefused(t, () => clerk('PUT', at, { ...personal, declaration: false }), 422, 'dossier_declaration_missing');
    await expectRefused(t, () => clerk('PUT', at, { ...personal, declaration: null }), 422, 'dossier_declaration_missing');
    expect((await expectRefused(t, () => clerk('PUT', at, { ...personal, relationship: null }), 422, 'dossier_invalid')).reason).toBe('relationship-missing');
    await expectRefused(t, () => clerk('PUT', at, { ...personal, relationship: ' ' }), 400, 'validation_failed');
    expect((await expectRefused(t, () => clerk('PUT', at, { ...personal, recommender: null }), 422, 'dossier_invalid')).reason).toBe('recommender-missing');
    expect((await expectRefused(t, () => clerk('PUT', at, { ...organization, declaration: true }), 422, 'dossier_invalid')).reason).toBe('organization-personal-fields');
    expect((await expectRefused(t, () => clerk('PUT', at, { ...organization, reasons: '' }), 422, 'dossier_invalid')).reason).toBe('reasons-missing');
    await expectRefused(t, () => clerk('PUT', at, { ...personal, extra: 1 }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('PUT', at, { ...personal, source: 'friend' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('PUT', `/api/items/${p.items[0]!.id}/dossiers/nom_nope`, personal), 404, 'not_found');
  });

  it('goes with its person: replacing the nominees drops it; DELETE removes it', async () => {
    t = makeTestApp();
    const p = await prepareMeeting(t, { members: 7, observers: 0, items: [{ nominees: 1 }, { nominees: 1 }], slips: false });
    const clerk = caller(t, p.clerk);
    const [a, b] = p.items;
    await clerk('PUT', `/api/items/${a!.id}/dossiers/${a!.nomineeIds[0]}`, personal);
    const removed = await clerk('DELETE', `/api/items/${a!.id}/dossiers/${a!.nomineeIds[0]}`);
    expect(removed.status).toBe(200);
    expect(removed.body.nominees[0].dossier).toBeNull();
    await clerk('PUT', `/api/items/${a!.id}/dossiers/${a!.nomineeIds[0]}`, personal);
    const moved = await clerk('PATCH', `/api/items/${a!.id}`, { nomineeIds: [b!.nomineeIds[0]] });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.nominees[0].dossier).toBeNull();
    expect(t.handle.sqlite.prepare('SELECT COUNT(*) AS n FROM item_dossiers').get()).toEqual({ n: 0 });
    await clerk('PUT', `/api/items/${a!.id}/dossiers/${b!.nomineeIds[0]}`, personal);
    expect((await clerk('DELETE', `/api/items/${a!.id}`)).status).toBe(204);
    expect(t.handle.sqlite.prepare('SELECT COUNT(*) AS n FROM item_dossiers').get()).toEqual({ n: 0 });
  });
});
