import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { persons, type RosterRole } from '../../db/schema';
import { AppError } from '../../errors';
import { newId } from '../../ids';
import type { OfficerPrincipal } from '../principals';
import { requireCommittee, requireRosterKind, type Person } from './committees';
import { confirmationInsert, identityGuard, identityKeyOf, isIdentityGuardFailure, refuseDuplicates } from './identity';
import { isSecretaryTaken, requireSecretaryMember, secretaryTaken } from './roster-role';

export interface NewPerson {
  /** Members (A) vote; observers and a full committee's alternates (B) cast B ballots counted apart (R4, R13). */
  kind: 'member' | 'observer' | 'alternate';
  name: string;
  unit: string;
  title: string;
  /**
   * R15: the clerk's confirmation that this is a different person from these roster entries,
   * who have the same name. Without it such an entry is refused (duplicate_person).
   */
  distinctFrom?: string[];
  /** 'secretary' (书记): states a view last in the discussion (R11); a member, one per committee. */
  role?: RosterRole | null;
}

/**
 * Adds a member or observer at the end of the roster order (排序) of their kind. R15: one roster entry per person, so the same name
 * again (as member or observer, on or off the roster) is refused unless the clerk confirms a
 * different person; someone taken off the roster comes back with PATCH active, not a new entry.
 */
export async function addPerson(deps: AppDeps, committeeId: string, input: NewPerson, officer?: OfficerPrincipal): Promise<Person> {
  const { db } = deps;
  requireRosterKind(await requireCommittee(db, committeeId), input.kind);
  const key = identityKeyOf('person', input);
  requireSecretaryMember(input.kind, input.role ?? null);
  const distinctFrom = [...new Set(input.distinctFrom ?? [])];
  await refuseDuplicates(db, 'person', committeeId, key, distinctFrom);
  const now = deps.now().getTime();
  const id = newId('psn');
  try {
    await writeAtomically(db, [
      db.insert(persons).values({
        id,
        committeeId,
        kind: input.kind,
        name: input.name,
        unit: input.unit,
        title: input.title,
        active: true,
        // The end of the roster order (排序) of their kind.
        rank: sql`(SELECT COALESCE(MAX(${persons.rank}), 0) + 1 FROM ${persons} WHERE ${and(eq(persons.committeeId, committeeId), eq(persons.kind, input.kind))})`,
        identityKey: key,
        role: input.role ?? null,
        createdAt: now,
      }),
      identityGuard(db, 'person', committeeId, key, distinctFrom, id),
      ...(distinctFrom.length > 0 ? [confirmationInsert(db, 'person', committeeId, id, distinctFrom, officer, now)] : []),
    ]);
  } catch (err) {
    if (isSecretaryTaken(err)) throw secretaryTaken();
    if (!isIdentityGuardFailure(err)) throw err;
    await refuseDuplicates(db, 'person', committeeId, key, distinctFrom);
    throw new AppError('conflict', 'The roster entry could not be added; try again');
  }
  const [stored] = await db.select().from(persons).where(eq(persons.id, id));
  return stored!;
}
