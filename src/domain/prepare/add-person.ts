import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { committees, persons } from '../../db/schema';
import { AppError } from '../../errors';
import { newId } from '../../ids';
import type { OfficerPrincipal } from '../principals';
import { requireCommittee, type Person } from './committees';
import { confirmationInsert, identityKeyOf, noOtherRecord, refuseDuplicates } from './identity';

export interface NewPerson {
  /** Members (A) vote; observers (B) attend and cast B ballots counted apart (R4). */
  kind: 'member' | 'observer';
  name: string;
  unit: string;
  title: string;
  /**
   * R15: the clerk's confirmation that this is a different person from these roster entries,
   * who have the same name. Without it such an entry is refused (duplicate_person).
   */
  distinctFrom?: string[];
}

/**
 * Adds a member or observer at the end of the roster order (排序) of their kind. R15: one roster entry per person, so the same name
 * again (as member or observer, on or off the roster) is refused unless the clerk confirms a
 * different person; someone taken off the roster comes back with PATCH active, not a new entry.
 */
export async function addPerson(deps: AppDeps, committeeId: string, input: NewPerson, officer?: OfficerPrincipal): Promise<Person> {
  const { db } = deps;
  await requireCommittee(db, committeeId);
  const key = identityKeyOf('person', input);
  const distinctFrom = [...new Set(input.distinctFrom ?? [])];
  await refuseDuplicates(db, 'person', committeeId, key, distinctFrom);
  const now = deps.now().getTime();
  const id = newId('psn');
  // Every column, in the table's order (drizzle inserts a SELECT by position).
  const guarded = db
    .select({
      id: sql<string>`${id}`.as('id'),
      committeeId: committees.id,
      kind: sql<'member' | 'observer'>`${input.kind}`.as('kind'),
      name: sql<string>`${input.name}`.as('name'),
      unit: sql<string>`${input.unit}`.as('unit'),
      title: sql<string>`${input.title}`.as('title'),
      active: sql<boolean>`1`.as('active'),
      // The end of the roster order (排序) of their kind.
      rank: sql<number>`(SELECT COALESCE(MAX(${persons.rank}), 0) + 1 FROM ${persons} WHERE ${and(eq(persons.committeeId, committeeId), eq(persons.kind, input.kind))})`.as('rank'),
      identityKey: sql<string>`${key}`.as('identity_key'),
      createdAt: sql<number>`${now}`.as('created_at'),
    })
    .from(committees)
    .where(sql`${committees.id} = ${committeeId} AND ${noOtherRecord(db, 'person', committeeId, key, distinctFrom)}`);
  const results = await writeAtomically(db, [
    db.insert(persons).select(guarded).returning({ id: persons.id }),
    ...(distinctFrom.length > 0 ? [confirmationInsert(db, 'person', committeeId, id, distinctFrom, officer, now)] : []),
  ]);
  if ((results[0] as unknown[]).length === 0) {
    await refuseDuplicates(db, 'person', committeeId, key, distinctFrom);
    throw new AppError('conflict', 'The roster entry could not be added; try again');
  }
  const [stored] = await db.select().from(persons).where(eq(persons.id, id));
  return stored!;
}
