import { AppError } from '../../errors';

/** What still refers to a row the clerk wants to change or remove, as counts. */
export interface Uses {
  /** Items of meetings that are open or closed (their record fixed the row). */
  sealedItems?: number;
  /** Items of draft meetings (the clerk can change those first). */
  draftItems?: number;
  /** Meetings, open or closed, whose roster holds the person. */
  sealedMeetings?: number;
  /** R3 bars: they follow the person and the post, and are never erased by an edit. */
  bars?: number;
}

const total = (u: Uses) => (u.sealedItems ?? 0) + (u.draftItems ?? 0) + (u.sealedMeetings ?? 0) + (u.bars ?? 0);

/** 409 in_use, with the counts as extension members so a page can say what to change first. */
export function refuseIfUsed(what: 'person' | 'post' | 'nominee', id: string, uses: Uses): void {
  if (total(uses) === 0) return;
  const parts = Object.entries(uses)
    .filter(([, n]) => n)
    .map(([k, n]) => `${n} ${k}`);
  throw new AppError('in_use', `The ${what} ${id} is still used: ${parts.join(', ')}`, { what, ...uses });
}

/** A foreign key refused the write: something started to use the row between our check and the write. */
export function isForeignKeyFailure(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e instanceof Error ? e.message : String(e)).includes('FOREIGN KEY constraint failed')) return true;
  }
  return false;
}
