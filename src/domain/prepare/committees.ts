import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { committees, nominees, persons, posts, type BAR_RULES } from '../../db/schema';
import { AppError } from '../../errors';
import { rosterKindAllowed, type CommitteePolicies, type RosterKind } from '../../rules';

export type Committee = typeof committees.$inferSelect;
export type Person = typeof persons.$inferSelect;
export type Post = typeof posts.$inferSelect;
export type Nominee = typeof nominees.$inferSelect;
export type BarRule = (typeof BAR_RULES)[number];

/** The committee's policies as the rules know them (src/rules/policies.ts). */
export function policiesOf(c: Pick<Committee, 'barRule' | 'ratioPolicy' | 'majorityPolicy' | 'motionPolicy'>): CommitteePolicies {
  return { ratio: c.ratioPolicy, majority: c.majorityPolicy, bar: c.barRule, motion: c.motionPolicy };
}

/** A committee as the API shows it: its policies as one object. */
export function committeeView(c: Committee) {
  return { id: c.id, name: c.name, timeZone: c.timeZone, barRule: c.barRule, policies: policiesOf(c), issuance: c.issuance, kind: c.kind, standingCommitteeId: c.standingCommitteeId, createdAt: c.createdAt };
}

/** The committee or 404: every verb under a committee starts here. */
export async function requireCommittee(db: Db, id: string): Promise<Committee> {
  const [row] = await db.select().from(committees).where(eq(committees.id, id));
  if (!row) throw new AppError('not_found', `No committee ${id}`);
  return row;
}

/** R13: an alternate member (候补委员) belongs to a full committee's roster only. */
export function requireRosterKind(committee: Committee, kind: RosterKind): void {
  if (!rosterKindAllowed(committee.kind, kind)) {
    throw new AppError('rule_violation', 'Only a full committee (全委会) has alternate members (R13)', { reason: 'alternate-not-full', committeeKind: committee.kind, kind });
  }
}

export async function listCommittees(db: Db): Promise<Committee[]> {
  return db.select().from(committees).orderBy(asc(committees.name), asc(committees.createdAt));
}

/** The roster in its order (排序): members, then observers, each by rank. */
export async function listPersons(db: Db, committeeId: string): Promise<Person[]> {
  await requireCommittee(db, committeeId);
  return db.select().from(persons).where(eq(persons.committeeId, committeeId)).orderBy(asc(persons.kind), asc(persons.rank), asc(persons.createdAt), asc(persons.id));
}

export async function listPosts(db: Db, committeeId: string): Promise<Post[]> {
  await requireCommittee(db, committeeId);
  return db.select().from(posts).where(eq(posts.committeeId, committeeId)).orderBy(asc(posts.unit), asc(posts.title));
}

export async function listNominees(db: Db, committeeId: string): Promise<Nominee[]> {
  await requireCommittee(db, committeeId);
  return db.select().from(nominees).where(eq(nominees.committeeId, committeeId)).orderBy(asc(nominees.createdAt), asc(nominees.id));
}

export async function requirePost(db: Db, committeeId: string, postId: string): Promise<Post> {
  const [row] = await db.select().from(posts).where(and(eq(posts.id, postId), eq(posts.committeeId, committeeId)));
  if (!row) throw new AppError('not_found', `No post ${postId} in this committee`);
  return row;
}

/** R13: only a standing committee nominates to the full committee (docs/full-committee.md §4). */
export async function requireNominating(db: Db, committeeId: string): Promise<void> {
  const committee = await requireCommittee(db, committeeId);
  if (committee.kind !== 'standing') {
    throw new AppError('rule_violation', 'Only a standing committee (常委会) nominates to the full committee (R13)', { reason: 'not-nominating-committee', committeeKind: committee.kind });
  }
}
