import type { AppDeps } from '../../deps';
import { checkpointKeys } from '../../record/signer';
import { FILING_DEPARTMENTS } from '../../db/schema';
import { RECORD_FORMAT, type MeetingRecord, type RecordDepartmentKey } from '../../verifier/record';
import { loadCheckpoints, loadCosignatures, loadDepartmentKeys, loadEntries, loadMeetingRow } from './load';

/**
 * The meeting's record in the `sealvote-record/v1` format (docs/inspector.md): the log up to
 * its latest signed checkpoint (entries appended since are not yet signed and come with the
 * next one), every checkpoint, every cosignature and the keys to check them.
 */
export async function buildRecord(deps: Pick<AppDeps, 'db' | 'config'>, meetingId: string): Promise<MeetingRecord> {
  const db = deps.db;
  await loadMeetingRow(db, meetingId);
  const cps = await loadCheckpoints(db, meetingId);
  const size = cps.length > 0 ? cps[cps.length - 1]!.size : 0;
  const entries = size > 0 ? await loadEntries(db, meetingId, size) : [];
  const cosigned = await loadCosignatures(db, meetingId);
  const registered = await loadDepartmentKeys(db);
  const departments: RecordDepartmentKey[] = [];
  for (const department of FILING_DEPARTMENTS) {
    // A cosignature is checked under the key it was filed with, even if the key changed since.
    const key = cosigned.find((c) => c.department === department)?.verifierKey ?? registered.find((r) => r.department === department)?.verifierKey;
    if (key) departments.push({ department, verifierKey: key });
  }
  return {
    format: RECORD_FORMAT,
    meeting: meetingId,
    origin: deps.config.logOrigin,
    serviceKey: checkpointKeys(deps.config).verifierKey,
    departments,
    entries: entries.map((e) => e.entry),
    checkpoints: cps.map((c) => ({ size: c.size, note: c.note })),
    cosignatures: cosigned.map((c) => ({ department: c.department, checkpointSize: c.checkpointSize, line: c.line })),
  };
}
