import type { Db } from '../../db/client';
import { FILING_DEPARTMENTS, type FilingDepartment } from '../../db/schema';
import { loadCosignatures, loadMeetingRow } from './load';

export interface FilingStatus {
  meeting: string;
  /** True only with both cosignatures (R4: filed by both departments). */
  filed: boolean;
  cosignatures: Array<{ department: FilingDepartment; checkpointSize: number; filedAt: number }>;
}

/** Whether the meeting is filed: both departments have cosigned its final checkpoint. */
export async function filingStatus(db: Db, meetingId: string): Promise<FilingStatus> {
  await loadMeetingRow(db, meetingId);
  const rows = await loadCosignatures(db, meetingId);
  return {
    meeting: meetingId,
    filed: FILING_DEPARTMENTS.every((d) => rows.some((r) => r.department === d)),
    cosignatures: rows.map((r) => ({ department: r.department, checkpointSize: r.checkpointSize, filedAt: r.filedAt })),
  };
}
