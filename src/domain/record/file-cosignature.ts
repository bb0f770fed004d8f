import { and, eq } from 'drizzle-orm';
import { verifyCosignature } from '../../../crypto/cosignature';
import { parseNote } from '../../../crypto/signed-note';
import type { AppDeps } from '../../deps';
import { cosignatures, departmentKeys, type FilingDepartment } from '../../db/schema';
import { AppError } from '../../errors';
import { logSize } from '../../record/log';
import { loadCheckpoints, loadMeetingRow } from './load';
import { filingStatus, type FilingStatus } from './filing-status';

/**
 * A department files its cosignature of the meeting's tally hash (design.md; R4: filed twice,
 * by the organization department and the discipline commission). Accepted only over the FINAL
 * checkpoint (the one signed at meeting end, covering the whole log) and only if it verifies
 * under that department's registered key. One per department per meeting (primary key); the
 * same line again is accepted as a resend.
 */
export async function fileCosignature(
  deps: Pick<AppDeps, 'db' | 'now'>,
  input: { meetingId: string; department: FilingDepartment; line: string; officerId: string },
): Promise<FilingStatus> {
  const db = deps.db;
  const meeting = await loadMeetingRow(db, input.meetingId);
  if (meeting.status !== 'closed') throw new AppError('conflict', 'Only the record of an ended meeting is cosigned');
  const cps = await loadCheckpoints(db, input.meetingId);
  const final = cps[cps.length - 1];
  if (!final || final.size !== (await logSize(db, input.meetingId))) throw new AppError('conflict', 'The final checkpoint is not signed yet');
  const [key] = await db.select().from(departmentKeys).where(eq(departmentKeys.department, input.department));
  if (!key) throw new AppError('department_key_missing', `No verifier key is registered for the ${input.department} department`, { department: input.department });
  if (!verifyCosignature(parseNote(final.note).text, input.line, key.verifierKey)) {
    throw new AppError('cosignature_invalid', `The line is not a cosignature of the final checkpoint (size ${final.size}) under the ${input.department} key`);
  }
  const inserted = await db
    .insert(cosignatures)
    .values({
      meetingId: input.meetingId,
      department: input.department,
      checkpointSize: final.size,
      line: input.line,
      verifierKey: key.verifierKey,
      filedBy: input.officerId,
      filedAt: deps.now().getTime(),
    })
    .onConflictDoNothing()
    .returning({ line: cosignatures.line });
  if (inserted.length === 0) {
    const [existing] = await db
      .select({ line: cosignatures.line })
      .from(cosignatures)
      .where(and(eq(cosignatures.meetingId, input.meetingId), eq(cosignatures.department, input.department)));
    if (existing?.line !== input.line) throw new AppError('already_exists', `The ${input.department} department has already cosigned this meeting`);
  }
  return filingStatus(db, input.meetingId);
}
