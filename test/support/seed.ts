/**
 * Rows for live-vote tests, written directly with drizzle so these tests do not depend on the
 * preparation API: a committee, its roster, posts, nominees, a draft meeting with items, and
 * tablet sessions (bearer token stored as its SHA-256, as requireTablet expects).
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { sha256Hex } from '../../src/auth/tokens';
import {
  attendees,
  committees,
  itemNominees,
  items,
  meetings,
  nominees,
  persons,
  posts,
  tabletSessions,
} from '../../src/db/schema';
import { newId } from '../../src/ids';
import { dateInZone, type CommitteePolicies } from '../../src/rules';
import type { TestApp } from './app';

export interface ItemSpec {
  nominees: number;
  seats?: number;
  openSelection?: boolean;
  passRule?: 'majority' | 'two-thirds';
  title?: string;
}

export interface MeetingSpec {
  members: number;
  observers?: number;
  items: ItemSpec[];
  timeZone?: string;
  barRule?: 'disapprove-half' | 'not-approved';
  /** The committee's other policies (src/rules/policies.ts); each left out takes its default. */
  policies?: Partial<Pick<CommitteePolicies, 'ratio' | 'majority' | 'motion'>>;
  excused?: number;
  /** The meeting's date; by default today in the committee's zone by the app's clock (R14). */
  date?: string;
  /** docs/coissuance.md: 'coissued' needs the commission's co-issuer (default 'service'). */
  issuance?: 'service' | 'coissued';
}

export interface SeededItem {
  id: string;
  postId: string;
  nomineeIds: string[];
}

export interface SeededMeeting {
  committeeId: string;
  meetingId: string;
  members: string[];
  observers: string[];
  items: SeededItem[];
}

export async function seedMeeting(t: Pick<TestApp, 'deps'>, spec: MeetingSpec): Promise<SeededMeeting> {
  const db = t.deps.db;
  const createdAt = t.deps.now().getTime();
  const committeeId = newId('cmt');
  await db.insert(committees).values({
    id: committeeId,
    name: '县委常委会',
    timeZone: spec.timeZone ?? 'Asia/Shanghai',
    barRule: spec.barRule ?? 'disapprove-half',
    ...(spec.policies?.ratio ? { ratioPolicy: spec.policies.ratio } : {}),
    ...(spec.policies?.majority ? { majorityPolicy: spec.policies.majority } : {}),
    ...(spec.policies?.motion ? { motionPolicy: spec.policies.motion } : {}),
    issuance: spec.issuance ?? 'service',
    createdAt,
  });
  const person = async (kind: 'member' | 'observer', i: number) => {
    const id = newId('per');
    await db.insert(persons).values({ id, committeeId, kind, name: `${kind === 'member' ? '委员' : '列席'}${i + 1}`, unit: '县委', title: '常委', createdAt });
    return id;
  };
  const members: string[] = [];
  for (let i = 0; i < spec.members; i++) members.push(await person('member', i));
  const observers: string[] = [];
  for (let i = 0; i < (spec.observers ?? 0); i++) observers.push(await person('observer', i));

  const meetingId = newId('mtg');
  const date = spec.date ?? dateInZone(t.deps.now(), spec.timeZone ?? 'Asia/Shanghai');
  await db.insert(meetings).values({ id: meetingId, committeeId, date, title: '常委会第 3 次会议', createdAt });
  const roster = [...members.map((p) => ({ p, klass: 'A' as const })), ...observers.map((p) => ({ p, klass: 'B' as const }))];
  for (const [i, { p, klass }] of roster.entries()) {
    const excused = klass === 'A' && i < (spec.excused ?? 0) ? '出差' : null;
    await db.insert(attendees).values({ meetingId, personId: p, class: klass, name: p, unit: '县委', title: '常委', excusedReason: excused });
  }
  const seeded: SeededItem[] = [];
  for (const [pos, it] of spec.items.entries()) {
    const postId = newId('pst');
    await db.insert(posts).values({ id: postId, committeeId, unit: `单位${pos + 1}`, title: '局长', createdAt });
    const itemId = newId('itm');
    await db.insert(items).values({
      id: itemId,
      meetingId,
      position: pos + 1,
      title: it.title ?? `议题 ${pos + 1}`,
      postId,
      seats: it.seats ?? 1,
      openSelection: it.openSelection ?? false,
      passRule: it.passRule ?? 'majority',
      createdAt,
    });
    const nomineeIds: string[] = [];
    for (let n = 0; n < it.nominees; n++) {
      const id = newId('nom');
      await db.insert(nominees).values({ id, committeeId, name: `拟任${pos + 1}-${n + 1}`, birthDate: '1980-01-01', currentPost: '副局长', resume: '', createdAt });
      await db.insert(itemNominees).values({ itemId, meetingId, nomineeId: id, position: n + 1 });
      nomineeIds.push(id);
    }
    seeded.push({ id: itemId, postId, nomineeIds });
  }
  return { committeeId, meetingId, members, observers, items: seeded };
}

/** Signs a person in as a tablet would after redeeming a slip; returns the bearer token. */
export async function signIn(t: Pick<TestApp, 'deps'>, meetingId: string, personId: string): Promise<string> {
  const db = t.deps.db;
  const now = t.deps.now().getTime();
  const token = randomBytes(32).toString('base64url');
  await db.update(attendees).set({ signedInAt: now, signedOutAt: null }).where(and(eq(attendees.meetingId, meetingId), eq(attendees.personId, personId)));
  await db.insert(tabletSessions).values({ tokenHash: sha256Hex(token), meetingId, personId, createdAt: now });
  return token;
}

/** Marks a person as having left (signed out); their tablet session ends too. */
export async function signOut(t: Pick<TestApp, 'deps'>, meetingId: string, personId: string): Promise<void> {
  const db = t.deps.db;
  const now = t.deps.now().getTime();
  await db.update(attendees).set({ signedOutAt: now }).where(and(eq(attendees.meetingId, meetingId), eq(attendees.personId, personId)));
  await db.update(tabletSessions).set({ endedAt: now }).where(and(eq(tabletSessions.meetingId, meetingId), eq(tabletSessions.personId, personId)));
}
