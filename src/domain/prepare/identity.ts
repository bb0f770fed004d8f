import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { committees, identityConfirmations, nominees, persons } from '../../db/schema';
import { AppError } from '../../errors';
import { newId } from '../../ids';
import { duplicatesOf, nomineeKey, rosterKey } from '../../rules';
import type { OfficerPrincipal } from '../principals';
import { isGuardFailure } from './guard';
import { ruleCall } from './rule-call';

type Subject = 'nominee' | 'person';

/**
 * R15, read side: the committee's records of the same person as a new one with identity
 * `key`, which the clerk has not confirmed to be someone else. Keys are computed here from the
 * stored names (rules/identity.ts), so rows written before the identity column are covered.
 * `distinctFrom` must name only records that do share the identity: a confirmation is about
 * those people, not a switch that turns the check off.
 */
export async function refuseDuplicates(db: Db, subject: Subject, committeeId: string, key: string, distinctFrom: readonly string[], self?: string): Promise<void> {
  const same: Array<{ id: string; key: string; record: Record<string, unknown> }> =
    subject === 'nominee'
      ? (await db.select().from(nominees).where(eq(nominees.committeeId, committeeId)))
          .map((n) => ({ id: n.id, key: nomineeKey(n.name, n.birthDate), record: { id: n.id, name: n.name, birthDate: n.birthDate, currentPost: n.currentPost } }))
          .filter((n) => n.key === key && n.id !== self)
      : (await db.select().from(persons).where(eq(persons.committeeId, committeeId)))
          .map((p) => ({ id: p.id, key: rosterKey(p.name), record: { id: p.id, name: p.name, kind: p.kind, unit: p.unit, title: p.title, active: p.active } }))
          .filter((p) => p.key === key && p.id !== self);
  const stray = distinctFrom.filter((id) => !same.some((s) => s.id === id));
  if (stray.length > 0) {
    throw new AppError('validation_failed', `distinctFrom: ${stray.join(', ')} is not a record with the same name${subject === 'nominee' ? ' and birth date' : ''}`, {
      errors: [{ path: ['distinctFrom'], message: 'names a record that does not share this identity' }],
    });
  }
  const duplicates = duplicatesOf(key, same, distinctFrom);
  if (duplicates.length > 0) {
    const what = subject === 'nominee' ? 'nominee with this name and birth date' : 'roster entry with this name';
    throw new AppError(
      subject === 'nominee' ? 'duplicate_nominee' : 'duplicate_person',
      `The committee already has a ${what} (${duplicates.map((d) => d.id).join(', ')}); one person is one record (R15). ` +
        'If this is a different person, send distinctFrom with their ids to confirm it.',
      { existing: duplicates.map((d) => d.record) },
    );
  }
}

/**
 * R15, write side: a statement to run in the same batch right AFTER the record's INSERT (or a
 * corrected record's UPDATE). It writes NULL into the NOT NULL `committees.name` when another
 * record of the committee has this identity and is neither `self` nor confirmed distinct, which
 * aborts the whole batch (as guard.ts does for meetings). So two clerks adding the same person
 * at once cannot both succeed; the check is inside the write, not before it.
 */
export function identityGuard(db: Db, subject: Subject, committeeId: string, key: string, distinctFrom: readonly string[], self: string) {
  const table = subject === 'nominee' ? nominees : persons;
  const other = db
    .select({ one: sql`1` })
    .from(table)
    .where(and(eq(table.committeeId, committeeId), eq(table.identityKey, key), notInArray(table.id, [self, ...distinctFrom])));
  return db
    .update(committees)
    .set({ name: sql`CASE WHEN EXISTS ${other} THEN NULL ELSE ${committees.name} END` })
    .where(eq(committees.id, committeeId));
}

/** Whether a batch failed on identityGuard. */
export function isIdentityGuardFailure(err: unknown): boolean {
  return isGuardFailure(err, 'committees.name');
}

/** The confirmation row, written only if the record it admits was written (same batch, after it). */
export function confirmationInsert(db: Db, subject: Subject, committeeId: string, subjectId: string, distinctFrom: readonly string[], officer: OfficerPrincipal | undefined, at: number) {
  // A confirmation names who gave it; only an officer's request can carry one.
  if (!officer) throw new AppError('forbidden', 'Only a clerk can confirm a different person with the same identity (R15)');
  const table = subject === 'nominee' ? nominees : persons;
  return db.insert(identityConfirmations).select(
    db
      .select({
        id: sql<string>`${newId('idc')}`.as('id'),
        committeeId: sql<string>`${committeeId}`.as('committee_id'),
        subject: sql<Subject>`${subject}`.as('subject'),
        subjectId: table.id,
        distinctFrom: sql<string>`${JSON.stringify([...distinctFrom].sort())}`.as('distinct_from'),
        confirmedBy: sql<string>`${officer.id}`.as('confirmed_by'),
        confirmedAt: sql<number>`${at}`.as('confirmed_at'),
      })
      .from(table)
      .where(eq(table.id, subjectId)),
  );
}

export function identityKeyOf(subject: Subject, input: { name: string; birthDate?: string }): string {
  return ruleCall(() => (subject === 'nominee' ? nomineeKey(input.name, input.birthDate) : rosterKey(input.name)));
}

/**
 * R15: pairs of records the clerk has confirmed to be different people, as "a|b" with a < b.
 * Bars (R3) follow a person across that person's records, and never across such a pair.
 */
export async function confirmedDistinctPairs(db: Db, committeeId: string, subject: Subject): Promise<Set<string>> {
  const rows = await db
    .select()
    .from(identityConfirmations)
    .where(and(eq(identityConfirmations.committeeId, committeeId), eq(identityConfirmations.subject, subject)));
  const pairs = new Set<string>();
  for (const r of rows) for (const other of JSON.parse(r.distinctFrom) as string[]) pairs.add(pairKey(r.subjectId, other));
  return pairs;
}

export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
