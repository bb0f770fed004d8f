import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { persons } from '../../db/schema';
import { AppError } from '../../errors';
import { newId } from '../../ids';
import { requireCommittee, type Person } from './committees';

export interface NewPerson {
  /** Members (A) vote; observers (B) attend and cast B ballots counted apart (R4). */
  kind: 'member' | 'observer';
  name: string;
  unit: string;
  title: string;
}

/** Adds a person at the end of the roster order (排序) of their kind. */
export async function addPerson(deps: AppDeps, committeeId: string, input: NewPerson): Promise<Person> {
  await requireCommittee(deps.db, committeeId);
  const [row] = await deps.db
    .insert(persons)
    .values({
      id: newId('psn'),
      committeeId,
      ...input,
      active: true,
      rank: sql`(SELECT COALESCE(MAX(${persons.rank}), 0) + 1 FROM ${persons} WHERE ${and(eq(persons.committeeId, committeeId), eq(persons.kind, input.kind))})`,
      createdAt: deps.now().getTime(),
    })
    .returning();
  if (!row) throw new AppError('internal', 'The person vanished after it was written');
  return row;
}
