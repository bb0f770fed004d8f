/**
 * Seeds a meeting into a fresh SQLite file through the domain functions (as src/demo/setup.ts
 * does), before the server starts on the same file with the same secrets.
 */
import { randomBytes } from 'node:crypto';
import { createOfficer } from '../../src/auth/create-officer';
import type { AppDeps } from '../../src/deps';
import { openSqlite } from '../../src/db/sqlite';
import { addItem } from '../../src/domain/prepare/add-item';
import { addNominee } from '../../src/domain/prepare/add-nominee';
import { addPerson } from '../../src/domain/prepare/add-person';
import { addPost } from '../../src/domain/prepare/add-post';
import { createCommittee } from '../../src/domain/prepare/create-committee';
import { createMeeting } from '../../src/domain/prepare/create-meeting';
import { issueSlips } from '../../src/domain/prepare/issue-slips';
import { dateInZone } from '../../src/rules';
import { benchConfig, type BenchSecrets } from './server';

export interface SeededMeeting {
  meetingId: string;
  items: Array<{ id: string; nomineeId: string }>;
  slips: Array<{ code: string; class: 'A' | 'B' }>;
  officers: Record<'presiding' | 'inspector', { username: string; password: string }>;
  /** Every member's and observer's person id (the co-issuer's presence file lists them). */
  people: string[];
}

export async function seedMeeting(
  dbPath: string,
  secrets: BenchSecrets,
  spec: { members: number; observers: number; items: number; issuance?: 'service' | 'coissued' },
): Promise<SeededMeeting> {
  const handle = openSqlite(dbPath);
  try {
    const deps: AppDeps = { db: handle.db, config: benchConfig(secrets), now: () => new Date(), clientAddress: () => '127.0.0.1' };
    const now = deps.now();
    const officers = {} as SeededMeeting['officers'];
    for (const role of ['presiding', 'inspector'] as const) {
      const password = randomBytes(18).toString('base64url');
      // A cheap KDF: login cost is not what these benchmarks measure.
      await createOfficer(deps.db, { username: role, displayName: role, role, password }, { now, kdf: { logN: 10 } });
      officers[role] = { username: role, password };
    }
    const committee = await createCommittee(deps, { name: '基准测试常委会', issuance: spec.issuance ?? 'service' });
    const people: string[] = [];
    for (let i = 0; i < spec.members; i++) people.push((await addPerson(deps, committee.id, { kind: 'member', name: `委员${i + 1}`, unit: '县委', title: '常委' })).id);
    for (let i = 0; i < spec.observers; i++) people.push((await addPerson(deps, committee.id, { kind: 'observer', name: `列席${i + 1}`, unit: '县政府', title: '副县长' })).id);
    const meeting = await createMeeting(deps, { committeeId: committee.id, date: dateInZone(now, committee.timeZone), title: '基准测试会议' });
    const items: SeededMeeting['items'] = [];
    // One nominee per item: R5 allows 30 a meeting, so 30 items is the largest meeting there is.
    for (let i = 0; i < spec.items; i++) {
      const post = await addPost(deps, committee.id, { unit: `单位${i + 1}`, title: '局长' });
      const nominee = await addNominee(deps, committee.id, { name: `拟任${i + 1}`, birthDate: '1980-01-01', currentPost: '副局长', resume: '副局长。' });
      const item = await addItem(deps, meeting.id, { title: `议题 ${i + 1}`, postId: post.id, nomineeIds: [nominee.id] });
      items.push({ id: item.id, nomineeId: nominee.id });
    }
    const slips = (await issueSlips(deps, meeting.id)).map((s) => ({ code: s.code, class: s.class }));
    return { meetingId: meeting.id, items, slips, officers, people };
  } finally {
    handle.close();
  }
}
