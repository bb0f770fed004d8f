/**
 * Prepares the benchmark meeting on the Worker the way a deployment does: the first admin is one
 * SQL insert into D1 (scripts/d1-create-officer.ts, the production scrypt cost), everything else
 * goes through the API — the admin creates a clerk and a presiding officer, the clerk builds the
 * committee, roster, posts, nominees, meeting, items and sign-in slips.
 * The officers' logins and the admin's account creations are measured: both run scrypt
 * (N = 2^15) inside the Worker.
 */
import { randomBytes } from 'node:crypto';
import { dateInZone } from '../../src/rules';
import { officerInsertSql } from '../../scripts/d1-create-officer';
import { Officer } from '../lib/client';
import type { CpuReading } from './proc';
import { measured, type Phase } from './measure';

export interface BenchMeeting {
  meetingId: string;
  items: Array<{ id: string; nomineeId: string }>;
  slips: Array<{ code: string; class: 'A' | 'B' }>;
  presiding: Officer;
}

export interface MeetingShape {
  members: number;
  observers: number;
  items: number;
}

/** The first admin's INSERT, for `wrangler d1 execute` before the Worker starts. */
export async function adminSql(): Promise<{ sql: string; username: string; password: string }> {
  const username = 'bench.admin';
  const password = randomBytes(18).toString('base64url');
  const sql = await officerInsertSql({ username, role: 'admin', displayName: username, password }, new Date());
  return { sql, username, password };
}

export async function prepareMeeting(
  base: string,
  admin: { username: string; password: string },
  shape: MeetingShape,
  cpu: { clock: () => CpuReading; login: Phase; createOfficer: Phase },
): Promise<BenchMeeting> {
  const login = (username: string, password: string) => measured(cpu.login, cpu.clock, () => Officer.login(base, username, password));
  const adminSession = await login(admin.username, admin.password);
  const passwords: Record<'clerk' | 'presiding', string> = { clerk: randomBytes(18).toString('base64url'), presiding: randomBytes(18).toString('base64url') };
  for (const role of ['clerk', 'presiding'] as const) {
    await measured(cpu.createOfficer, cpu.clock, () =>
      adminSession.post('/api/officers', { username: `bench.${role}`, displayName: role, role, password: passwords[role] }),
    );
  }
  const clerk = await login('bench.clerk', passwords.clerk);
  const presiding = await login('bench.presiding', passwords.presiding);

  const committee = await clerk.post('/api/committees', { name: '基准测试常委会' });
  const person = (kind: 'member' | 'observer', i: number) =>
    clerk.post(`/api/committees/${committee.id}/persons`, kind === 'member' ? { kind, name: `委员${i}`, unit: '县委', title: '常委' } : { kind, name: `列席${i}`, unit: '县政府', title: '副县长' });
  for (let i = 1; i <= shape.members; i++) await person('member', i);
  for (let i = 1; i <= shape.observers; i++) await person('observer', i);

  // The meeting snapshots the due roster when it is created, so the roster comes first.
  const { meeting } = await clerk.post('/api/meetings', { committeeId: committee.id, date: dateInZone(new Date(), committee.timeZone), title: '基准测试会议' });
  const items: BenchMeeting['items'] = [];
  // One nominee per item, as in bench/meeting.ts (R5: at most 30 nominees a meeting).
  for (let i = 1; i <= shape.items; i++) {
    const post = await clerk.post(`/api/committees/${committee.id}/posts`, { unit: `单位${i}`, title: '局长' });
    const nominee = await clerk.post(`/api/committees/${committee.id}/nominees`, { name: `拟任${i}`, birthDate: '1980-01-01', currentPost: '副局长', resume: '副局长。' });
    const item = await clerk.post(`/api/meetings/${meeting.id}/items`, { title: `议题 ${i}`, postId: post.id, nomineeIds: [nominee.id] });
    items.push({ id: item.id, nomineeId: nominee.id });
  }
  const { slips } = (await clerk.post(`/api/meetings/${meeting.id}/slips`)) as { slips: Array<{ code: string; class: 'A' | 'B' }> };
  return { meetingId: meeting.id, items, slips: slips.map((s) => ({ code: s.code, class: s.class })), presiding };
}
