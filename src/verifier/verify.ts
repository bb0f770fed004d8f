/**
 * verifyRecord: the independent verifier (design.md, "The verifier"). Pure: it reads only its
 * argument and uses only crypto/ and src/rules/, so the CLI and the inspector's page (a Web
 * Worker) run the same code. It names the first check that fails and the entry.
 */
import { bytesToHex } from '../../crypto/bytes';
import { CheckBook, CheckFailure, type CheckResult } from './checks';
import { checkCheckpoints, checkCosignatures, type Cosigner, type TrustedKeys } from './checkpoints';
import { decodeLog } from './log';
import { buildModel, type MeetingModel } from './model';
import { parseRecord, type MeetingRecord } from './record';
import { checkBallots, checkTallies, checkTokens } from './votes';

export interface VerifyProgress {
  phase: string;
  /** 0..1 of the whole run. */
  fraction: number;
}

export interface VerifyOptions {
  onProgress?: (p: VerifyProgress) => void;
  /** Keys the caller trusts from elsewhere (e.g. the department's own key file). */
  trusted?: TrustedKeys;
}

export interface VerifyCounts {
  entries: number;
  checkpoints: number;
  cosignatures: number;
  items: number;
  votes: number;
  tokensIssued: number;
  ballots: number;
}

export interface VerifyReport {
  ok: boolean;
  format: string;
  meeting: string;
  checks: CheckResult[];
  firstFailure?: CheckResult;
  /** hex root of the final checkpoint: the meeting's tally hash (design.md); null if unverified. */
  tallyHash: string | null;
  /** The final checkpoint's size; null if unverified. */
  finalSize: number | null;
  counts: VerifyCounts;
  cosigners: Cosigner[];
  /** Whether the log ends with the meeting's end entry. */
  ended: boolean;
}

const SEMANTIC = [
  'key-before-token',
  'issued-within-present',
  'token-signatures',
  'ballot-signatures',
  'ballot-key-unique',
  'ballot-order',
  'ballots-within-issued',
  'tally-counts',
  'tally-decision',
  'bars',
  'announced-equals-tally',
] as const;

/** Verifies a parsed or raw record; throws RecordFormatError only when it is not a record at all. */
export function verifyRecord(input: unknown, opts: VerifyOptions = {}): VerifyReport {
  const record: MeetingRecord = parseRecord(input);
  const progress = (phase: string, fraction: number) => opts.onProgress?.({ phase, fraction });
  const book = new CheckBook();

  progress('entries', 0);
  const log = decodeLog(record.entries, book);
  progress('checkpoints', 0.15);
  const checkpoints = checkCheckpoints(record, log?.leafHashes ?? null, book, opts.trusted);
  const final = book.failed('checkpoint-root') || book.failed('checkpoint-signature') || !log ? undefined : checkpoints[checkpoints.length - 1];
  const cosigners = checkCosignatures(record, final, book, opts.trusted);

  let model: MeetingModel | null = null;
  if (log) {
    progress('meeting', 0.3);
    try {
      model = buildModel(log.objects, log.leafHex, book, record);
    } catch (e) {
      if (!(e instanceof CheckFailure)) throw e;
      book.fail(e.check, e.detail, e.entry);
      model = null;
    }
  }
  if (model) {
    book.pass('meeting-entry');
    for (const c of ['key-before-token', 'issued-within-present'] as const) book.pass(c);
    progress('tokens', 0.4);
    // Pairings dominate a long run: report each vote's batch.
    checkTokens(model, book, (done, total) => progress('tokens', 0.4 + (0.4 * done) / Math.max(total, 1)));
    progress('ballots', 0.8);
    checkBallots(model, book);
    progress('tallies', 0.9);
    checkTallies(model, book);
  } else {
    for (const c of SEMANTIC) book.skip(c, 'the log could not be read as a meeting');
  }
  progress('done', 1);

  const checks = book.list();
  const firstFailure = checks.find((c) => c.status === 'fail');
  const report: VerifyReport = {
    ok: firstFailure === undefined && checks.every((c) => c.status === 'pass'),
    format: record.format,
    meeting: record.meeting,
    checks,
    tallyHash: final ? bytesToHex(final.rootHash) : null,
    finalSize: final ? final.size : null,
    counts: {
      entries: record.entries.length,
      checkpoints: record.checkpoints.length,
      cosignatures: record.cosignatures.length,
      items: model?.agenda.items.size ?? 0,
      votes: model?.votes.length ?? 0,
      tokensIssued: model?.votes.reduce((n, v) => n + v.issued.A.size + v.issued.B.size, 0) ?? 0,
      ballots: model?.ballots.length ?? 0,
    },
    cosigners,
    ended: model?.ended !== undefined,
  };
  if (firstFailure) report.firstFailure = firstFailure;
  return report;
}
