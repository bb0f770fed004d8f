import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent } from '../../support/officers';
import { caller, expectRefused } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

async function setup() {
  t = makeTestApp({ config: { maxBodyBytes: 32 * 1024 } });
  const clerk = caller(t, await officerAgent(t, 'clerk'));
  const committee = (await clerk('POST', '/api/committees', { name: '县委常委会' })).body;
  return { clerk, committee };
}

describe('committees', () => {
  it('creates a committee with Asia/Shanghai and disapprove-half unless told otherwise', async () => {
    const { clerk, committee } = await setup();
    expect(committee).toMatchObject({ id: expect.stringMatching(/^cmt_/), name: '县委常委会', timeZone: 'Asia/Shanghai', barRule: 'disapprove-half' });
    const other = await clerk('POST', '/api/committees', { name: 'Board', timeZone: 'Europe/Berlin', barRule: 'not-approved' });
    expect(other.status).toBe(201);
    expect(other.body).toMatchObject({ timeZone: 'Europe/Berlin', barRule: 'not-approved' });
    const list = await clerk('GET', '/api/committees');
    expect(list.body.committees.map((c: { name: string }) => c.name).sort()).toEqual(['Board', '县委常委会']);
    expect((await clerk('GET', `/api/committees/${committee.id}`)).body.name).toBe('县委常委会');
  });

  it('refuses an unknown time zone, an unknown bar policy, unknown fields and an empty name', async () => {
    const { clerk } = await setup();
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: 'x', timeZone: 'Mars/Olympus' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: 'x', barRule: 'never' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: 'x', quorum: 1 }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: '   ' }), 400, 'validation_failed');
  });

  it('refuses malformed JSON, a non-JSON body and an oversized body', async () => {
    const { clerk } = await setup();
    await expectRefused(t, () => clerk('POST', '/api/committees', '{"name": "x"'), 400, 'malformed_json');
    await expectRefused(t, () => clerk('POST', '/api/committees', 'name=x', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: 'x'.repeat(40_000) }), 413, 'payload_too_large');
  });

  it('answers 404 for an unknown committee', async () => {
    const { clerk } = await setup();
    await expectRefused(t, () => clerk('GET', '/api/committees/cmt_00000000000000000000'), 404, 'not_found');
    await expectRefused(t, () => clerk('POST', '/api/committees/cmt_00000000000000000000/posts', { unit: 'u', title: 't' }), 404, 'not_found');
  });

  it('lets every officer role but admin read, and only the clerk write', async () => {
    const { committee } = await setup();
    for (const role of ['presiding', 'inspector', 'filer'] as const) {
      const officer = caller(t, await officerAgent(t, role));
      expect((await officer('GET', '/api/committees')).status).toBe(200);
      expect((await officer('GET', `/api/committees/${committee.id}/persons`)).status).toBe(200);
      await expectRefused(t, () => officer('POST', '/api/committees', { name: 'x' }), 403, 'forbidden');
      await expectRefused(t, () => officer('POST', `/api/committees/${committee.id}/nominees`, { name: 'n', birthDate: '1980-01-01', currentPost: 'p', resume: '' }), 403, 'forbidden');
    }
    const admin = caller(t, await officerAgent(t, 'admin'));
    await expectRefused(t, () => admin('GET', '/api/committees'), 403, 'forbidden');
    await expectRefused(t, () => admin('POST', '/api/committees', { name: 'x' }), 403, 'forbidden');
    const anonymous = caller(t, null);
    await expectRefused(t, () => anonymous('GET', '/api/committees'), 401, 'unauthenticated');
    await expectRefused(t, () => anonymous('POST', '/api/committees', { name: 'x' }), 401, 'unauthenticated');
  });
});

describe('rosters', () => {
  it('adds members and observers with unit and title, trimmed; a name not in NFC is refused', async () => {
    const { clerk, committee } = await setup();
    expect((await clerk('POST', `/api/committees/${committee.id}/persons`, { kind: 'member', name: ' Jose\u0301 ', unit: '县委', title: '书记' })).status).toBe(400);
    const m = await clerk('POST', `/api/committees/${committee.id}/persons`, { kind: 'member', name: ' Jos\u00e9 ', unit: '县委', title: '书记' });
    expect(m.status).toBe(201);
    expect(m.body).toMatchObject({ kind: 'member', name: 'Jos\u00e9', unit: '县委', title: '书记', active: true });
    await clerk('POST', `/api/committees/${committee.id}/persons`, { kind: 'observer', name: '列席人', unit: '县政府', title: '副县长' });
    const list = await clerk('GET', `/api/committees/${committee.id}/persons`);
    expect(list.body.persons.map((p: { kind: string }) => p.kind)).toEqual(['member', 'observer']);
  });

  it('refuses control and bidi-override characters and an unknown kind', async () => {
    const { clerk, committee } = await setup();
    const path = `/api/committees/${committee.id}/persons`;
    await expectRefused(t, () => clerk('POST', path, { kind: 'member', name: 'evil\u202Egnp.exe', unit: 'u', title: 't' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', path, { kind: 'member', name: 'a\u0000b', unit: 'u', title: 't' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', path, { kind: 'member', name: 'a\nb', unit: 'u', title: 't' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', path, { kind: 'chair', name: 'a', unit: 'u', title: 't' }), 400, 'validation_failed');
  });

  it('deactivates and reactivates a person', async () => {
    const { clerk, committee } = await setup();
    const p = (await clerk('POST', `/api/committees/${committee.id}/persons`, { kind: 'member', name: 'a', unit: 'u', title: 't' })).body;
    const off = await clerk('PATCH', `/api/persons/${p.id}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await clerk('PATCH', `/api/persons/${p.id}`, { active: true })).body.active).toBe(true);
    await expectRefused(t, () => clerk('PATCH', '/api/persons/psn_00000000000000000000', { active: false }), 404, 'not_found');
    await expectRefused(t, () => clerk('PATCH', `/api/persons/${p.id}`, { active: 'no' }), 400, 'validation_failed');
  });
});

describe('posts and nominees', () => {
  it('adds posts, refusing the same unit and title twice', async () => {
    const { clerk, committee } = await setup();
    const post = await clerk('POST', `/api/committees/${committee.id}/posts`, { unit: '县财政局', title: '局长' });
    expect(post.status).toBe(201);
    await expectRefused(t, () => clerk('POST', `/api/committees/${committee.id}/posts`, { unit: '县财政局', title: '局长' }), 409, 'already_exists');
    expect((await clerk('POST', `/api/committees/${committee.id}/posts`, { unit: '县财政局', title: '副局长' })).status).toBe(201);
    expect((await clerk('GET', `/api/committees/${committee.id}/posts`)).body.posts).toHaveLength(2);
  });

  it('adds nominees with a multi-line résumé and a real birth date', async () => {
    const { clerk, committee } = await setup();
    const path = `/api/committees/${committee.id}/nominees`;
    const n = await clerk('POST', path, { name: '张三', birthDate: '1975-02-28', currentPost: '某乡党委书记', resume: '1995 年参加工作\r\n2010 年任乡长' });
    expect(n.status).toBe(201);
    expect(n.body.resume).toBe('1995 年参加工作\n2010 年任乡长');
    await expectRefused(t, () => clerk('POST', path, { name: 'x', birthDate: '1975-02-30', currentPost: 'p', resume: '' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', path, { name: 'x', birthDate: '28/02/1975', currentPost: 'p', resume: '' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', path, { name: 'x', birthDate: '1975-02-28', currentPost: 'p', resume: 'a\u2066b' }), 400, 'validation_failed');
    expect((await clerk('GET', path)).body.nominees).toHaveLength(1);
  });
});
