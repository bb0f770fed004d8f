import { and, asc, eq, ne } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically, type WriteQuery } from '../../db/atomic';
import { persons, type RosterRole } from '../../db/schema';
import { AppError } from '../../errors';
import type { OfficerPrincipal } from '../principals';
import { requireCommittee, requireRosterKind, type Person } from './committees';
import { confirmationInsert, identityGuard, identityKeyOf, isIdentityGuardFailure, refuseDuplicates } from './identity';
import { isSecretaryTaken, requireSecretaryMember, secretaryTaken } from './roster-role';
import { syncDraftAttendees } from './draft-attendees';

export interface PersonChanges {
  kind?: 'member' | 'observer' | 'alternate';
  name?: string;
  unit?: string;
  title?: string;
  /** Off (or back onto) the roster of future meetings; meetings already created keep their roster. */
  active?: boolean;
  /** The place in the roster order (排序) of the person's kind, 1 first; the others move up or down. */
  rank?: number;
  /** 'secretary' (书记, R11) or null to clear it; a member only, one per committee. */
  role?: RosterRole | null;
  /** R15: as when adding, a new name shared with these roster entries is confirmed to be another person. */
  distinctFrom?: string[];
}

export async function requirePerson(deps: AppDeps, personId: string): Promise<Person> {
  const [row] = await deps.db.select().from(persons).where(eq(persons.id, personId));
  if (!row) throw new AppError('not_found', `No person ${personId}`);
  return row;
}

/**
 * Corrects a roster entry. Draft meetings follow the correction (their attendee rows are copied
 * again in the same batch); open and closed meetings keep the roster they were sealed with.
 * A new rank renumbers the person's kind 1..n. The order is read before it is written: two
 * clerks reordering at once can leave equal ranks, which only ties the order (by creation), never
 * loses a person.
 */
export async function updatePerson(deps: AppDeps, personId: string, changes: PersonChanges, officer?: OfficerPrincipal): Promise<Person> {
  const { db } = deps;
  const person = await requirePerson(deps, personId);
  const kind = changes.kind ?? person.kind;
  if (kind !== person.kind) requireRosterKind(await requireCommittee(db, person.committeeId), kind);
  const role = changes.role === undefined ? person.role : changes.role;
  requireSecretaryMember(kind, role);
  const name = changes.name ?? person.name;
  const renamed = name !== person.name;
  const key = identityKeyOf('person', { name });
  const distinctFrom = [...new Set(changes.distinctFrom ?? [])];
  // R15: one roster entry per person; a new name must not be another entry's.
  if (renamed) await refuseDuplicates(db, 'person', person.committeeId, key, distinctFrom, personId);
  const writes: WriteQuery[] = [
    db
      .update(persons)
      .set({
        kind,
        name,
        unit: changes.unit ?? person.unit,
        title: changes.title ?? person.title,
        active: changes.active ?? person.active,
        identityKey: key,
        role,
      })
      .where(eq(persons.id, personId)),
    ...(renamed ? [identityGuard(db, 'person', person.committeeId, key, distinctFrom, personId)] : []),
    ...(renamed && distinctFrom.length > 0 ? [confirmationInsert(db, 'person', person.committeeId, personId, distinctFrom, officer, deps.now().getTime())] : []),
  ];
  if (changes.rank !== undefined || kind !== person.kind) {
    const others = await db
      .select({ id: persons.id })
      .from(persons)
      .where(and(eq(persons.committeeId, person.committeeId), eq(persons.kind, kind), ne(persons.id, personId)))
      .orderBy(asc(persons.rank), asc(persons.createdAt), asc(persons.id));
    const at = Math.min(Math.max((changes.rank ?? others.length + 1) - 1, 0), others.length);
    const order = [...others.map((o) => o.id).slice(0, at), personId, ...others.map((o) => o.id).slice(at)];
    order.forEach((id, i) => writes.push(db.update(persons).set({ rank: i + 1 }).where(eq(persons.id, id))));
    if (kind !== person.kind) {
      // The kind it left closes its gap.
      const left = await db
        .select({ id: persons.id })
        .from(persons)
        .where(and(eq(persons.committeeId, person.committeeId), eq(persons.kind, person.kind), ne(persons.id, personId)))
        .orderBy(asc(persons.rank), asc(persons.createdAt), asc(persons.id));
      left.forEach((o, i) => writes.push(db.update(persons).set({ rank: i + 1 }).where(eq(persons.id, o.id))));
    }
  }
  writes.push(syncDraftAttendees(db, person.committeeId));
  try {
    await writeAtomically(db, writes);
  } catch (err) {
    if (isSecretaryTaken(err)) throw secretaryTaken();
    if (!isIdentityGuardFailure(err)) throw err;
    await refuseDuplicates(db, 'person', person.committeeId, key, distinctFrom, personId);
    throw new AppError('conflict', 'The roster entry could not be changed; try again');
  }
  return requirePerson(deps, personId);
}
