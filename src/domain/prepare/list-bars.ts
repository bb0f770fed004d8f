import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { bars } from '../../db/schema';
import { barScope, dateInZone, isBarActive, type BarRule } from '../../rules';
import { requireCommittee } from './committees';

export type Bar = typeof bars.$inferSelect;

/**
 * The R3 registry of a committee, each bar marked active or not on today's date in its zone,
 * with what it closes: the post voted on, or every post (the 'not-approved' policy).
 */
export async function listBars(deps: AppDeps, committeeId: string, filter: { nomineeId?: string; postId?: string }) {
  const committee = await requireCommittee(deps.db, committeeId);
  const today = dateInZone(deps.now(), committee.timeZone);
  const where: SQL[] = [eq(bars.committeeId, committeeId)];
  if (filter.nomineeId) where.push(eq(bars.nomineeId, filter.nomineeId));
  if (filter.postId) where.push(eq(bars.postId, filter.postId));
  const rows = await deps.db.select().from(bars).where(and(...where)).orderBy(asc(bars.voteDate), asc(bars.id));
  return { today, bars: rows.map((b) => ({ ...b, scope: barScope(b.rule as BarRule), active: isBarActive(b.liftsOn, today) })) };
}
