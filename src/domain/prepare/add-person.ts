import { eq } from 'drizzle-orm';
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

export async function addPerson(deps: AppDeps, committeeId: string, input: NewPerson): Promise<Person> {
  await requireCommittee(deps.db, committeeId);
  const row: Person = { id: newId('psn'), committeeId, ...input, active: true, createdAt: deps.now().getTime() };
  await deps.db.insert(persons).values(row);
  return row;
}

/**
 * Takes a person off (or back onto) the roster of future meetings. Meetings already created
 * keep their snapshot: a roster edit never changes who was due at a past vote.
 */
export async function setPersonActive(deps: AppDeps, personId: string, active: boolean): Promise<Person> {
  const [row] = await deps.db.update(persons).set({ active }).where(eq(persons.id, personId)).returning();
  if (!row) throw new AppError('not_found', `No person ${personId}`);
  return row;
}
