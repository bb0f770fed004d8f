/**
 * Re-verifies every stored meeting's record with the independent verifier: what `sealvote
 * restore` runs over a restored backup, so a changed ballot or count in the file is reported.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../../db/client';
import { verifyRecord } from '../../verifier';
import { buildRecord } from './build-record';

export interface StoredRecordCheck {
  meeting: string;
  ok: boolean;
  /** Root of the final checkpoint (the tally hash once the meeting has ended). */
  tallyHash: string | null;
  entries: number;
  ended: boolean;
  firstFailure?: string;
}

/**
 * Runs the independent verifier over the record of every meeting that has a log. The service
 * key is the one the log itself committed to in its first entry (and its name is the origin),
 * so this needs no secret; whoever holds the tally hashes from before compares them too.
 */
export async function verifyStoredRecords(db: Db): Promise<StoredRecordCheck[]> {
  const client = (db as unknown as { $client: Database.Database }).$client;
  const meetings = client.prepare("SELECT meeting_id, entry FROM log_entries WHERE idx = 0 ORDER BY meeting_id").all() as Array<{ meeting_id: string; entry: string }>;
  const records = new Map<string, { record: unknown; cites: string[] }>();
  for (const { meeting_id: meeting, entry } of meetings) {
    const first = JSON.parse(entry.slice(entry.indexOf('\n') + 1)) as { checkpointKey?: string; items?: Array<{ cites?: { meeting: string } | null }> };
    const serviceKey = first.checkpointKey ?? '';
    const origin = serviceKey.split('+')[0] ?? '';
    // buildRecord wants a config only for the key and origin, which are replaced right after.
    const record = await buildRecord({ db, config: { logOrigin: origin, signingSeed: new Uint8Array(32) } as never }, meeting);
    records.set(meeting, { record: { ...record, origin, serviceKey }, cites: (first.items ?? []).flatMap((i) => (i.cites ? [i.cites.meeting] : [])) });
  }
  const out: StoredRecordCheck[] = [];
  for (const [meeting, { record, cites }] of records) {
    // A full committee's record is checked against the standing records it cites (check citations).
    const cited = [...new Set(cites)].flatMap((m) => (records.has(m) ? [records.get(m)!.record] : []));
    const report = verifyRecord(record, { cited });
    out.push({
      meeting,
      ok: report.ok,
      tallyHash: report.tallyHash,
      entries: report.counts.entries,
      ended: report.ended,
      ...(report.firstFailure ? { firstFailure: `${report.firstFailure.id}: ${report.firstFailure.detail ?? ''}`.trim() } : {}),
    });
  }
  return out;
}
