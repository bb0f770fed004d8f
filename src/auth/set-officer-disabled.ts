import { and, eq, isNotNull, ne, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { writeAtomically } from '../db/atomic';
import { officerSessions, officers } from '../db/schema';
import { AppError } from '../errors';
import type { OfficerPrincipal } from '../domain/principals';

/**
 * An administrator disables an account (someone left the post) or enables it again. Disabling
 * ends the account's sessions in the same batch; the account, its name and what it did stay.
 * The last enabled administrator is never disabled (nobody could undo it), and nobody disables
 * themselves: both conditions sit in the UPDATE, so two admins disabling each other at once
 * cannot both succeed.
 */
export async function setOfficerDisabled(deps: AppDeps, actor: OfficerPrincipal, officerId: string, disabled: boolean): Promise<void> {
  const { db } = deps;
  const [row] = await db.select().from(officers).where(eq(officers.id, officerId));
  if (!row) throw new AppError('not_found', `No officer ${officerId}`);
  if (!disabled) {
    await db.update(officers).set({ disabledAt: null }).where(eq(officers.id, officerId));
    return;
  }
  if (officerId === actor.id) throw new AppError('conflict', 'An administrator cannot disable their own account', { reason: 'self' });
  const otherAdmins = sql`(SELECT COUNT(*) FROM ${officers} AS o2 WHERE o2.role = 'admin' AND o2.disabled_at IS NULL AND o2.id <> ${officerId})`;
  const [updated] = await writeAtomically(db, [
    db
      .update(officers)
      .set({ disabledAt: sql`COALESCE(${officers.disabledAt}, ${deps.now().getTime()})` })
      .where(and(eq(officers.id, officerId), ne(officers.id, actor.id), or(ne(officers.role, 'admin'), sql`${otherAdmins} > 0`)))
      .returning({ id: officers.id }),
    // Only if the account is now disabled: a refused disable logs nobody out.
    db
      .delete(officerSessions)
      .where(
        and(
          eq(officerSessions.officerId, officerId),
          sql`EXISTS (SELECT 1 FROM ${officers} WHERE ${and(eq(officers.id, officerId), isNotNull(officers.disabledAt))})`,
        ),
      ),
  ]);
  if ((updated as unknown[]).length === 0) throw new AppError('conflict', 'The last enabled administrator cannot be disabled', { reason: 'last-admin' });
}
