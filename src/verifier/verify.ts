/**
 * verifyRecord: the independent verifier (design.md, "The verifier"). Pure: it reads only its
 * argument and uses only crypto/ and src/rules/, so the CLI and the inspector's page (a Web
 * Worker) run the same code. It names the first check that fails and the entry.
 */
import { bytesToHex } from '../../crypto/bytes';
import type { Ed25519Rule } from '../../crypto/coissuer-statements';
import { verifyBallotSignatures, verifyKeyShares, verifyTokenGroups, type BallotSignaturesVerifier, type GroupVerdict, type KeySharesVerifier, type TokenGroupsVerifier } from './backends';
import { CheckBook, CheckFailure, type CheckResult } from './checks';
import { checkCheckpoints, checkCosignatures, type Cosigner, type TrustedKeys } from './checkpoints';
import { decodeLog } from './log';
import { buildModel, type LoggedKey, type MeetingModel } from './model';
import { checkCoissuance, issuanceReport, keySharesOf, type IssuanceReport } from './coissuance';
import { checkCitations, type CitedRecord } from './citations';
import { checkDossiers } from './dossiers';
import { checkAgenda, checkAnnouncedBeforeEnd, checkConsultation, checkDiscussions, checkIdentity, checkIssuanceRoll, checkQuorum } from './procedure';
import { parseRecord, type MeetingRecord } from './record';
import { keysReport, type KeysReport } from './trust';
import { ballotsToSign, checkBallotKeys, checkTallies, planTokens, recordBallotSignatures, recordTokenVerdicts, type TokenPlan } from './votes';

export interface VerifyProgress {
  phase: string;
  /** 0..1 of the whole run. */
  fraction: number;
}

export interface VerifyOptions {
  onProgress?: (p: VerifyProgress) => void;
  /** Keys the caller trusts from elsewhere (e.g. the department's own key file). */
  trusted?: TrustedKeys;
  /**
   * The standing committee records this (full committee) record's items cite (`--cited`), raw
   * or parsed; each is verified on its own, under the same trusted keys (check `citations`).
   */
  cited?: unknown[];
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
  /** The keys the checks used, their fingerprints, and which the caller pinned (trust.ts). */
  keys: KeysReport;
  /** Who issued the tokens (docs/coissuance.md): the service alone, or with the co-issuer; null if unread. */
  issuance: IssuanceReport | null;
  /** The record is in the first form of sealvote-record/v1 (docs/record-spec.md §6.1: sealed before committee policies). */
  firstForm: boolean;
  /**
   * Filed (R4: 1式2份分别存档): every check holds, the meeting ended, the service key and both
   * department keys are pinned, and both departments cosigned. Never true without pins.
   */
  filed: boolean;
}

const SEMANTIC = [
  'agenda',
  'identity',
  'discussion',
  'key-before-token',
  'quorum-at-open',
  'consultation',
  'issued-within-present',
  'issuance-roll',
  'token-signatures',
  'coissuer-keys',
  'coissuer-rolls',
  'ballot-signatures',
  'ballot-key-unique',
  'ballot-order',
  'ballots-within-issued',
  'tally-counts',
  'tally-decision',
  'reconsideration',
  'bars',
  'announced-equals-tally',
  'announced-before-end',
  'citations',
] as const;

/** Options of verifyRecordAsync: the expensive steps may run elsewhere (src/verifier/backends.ts). */
export interface AsyncVerifyOptions extends VerifyOptions {
  /** Default: verifyTokenGroups, on this thread. */
  tokenVerifier?: TokenGroupsVerifier;
  /** Default: verifyBallotSignatures, on this thread. */
  signatureVerifier?: BallotSignaturesVerifier;
  /** A co-issued record's key shares (proofs of possession, sums). Default: verifyKeyShares, on this thread. */
  sharesVerifier?: KeySharesVerifier;
  /**
   * true: `tokenVerifier` also checks the shares sent with a group (TokenGroup.shares) and answers
   * GroupVerdict.sharesHold, so a key with ballots has its shares checked with its tokens (the
   * CLI's runners); a verdict without sharesHold counts as not holding, and noble then decides.
   */
  sharesWithTokens?: boolean;
  /**
   * The one Ed25519 rule for the co-issuer's key statements and rolls, on this thread. Default:
   * noble's verifyEd25519; a replacement must answer as it does for every input.
   */
  ed25519?: Ed25519Rule;
}

/** What every check before the tokens leaves behind. */
interface Prepared {
  record: MeetingRecord;
  book: CheckBook;
  log: ReturnType<typeof decodeLog>;
  final: ReturnType<typeof checkCheckpoints>[number] | undefined;
  cosigners: Cosigner[];
  model: MeetingModel | null;
  progress: (phase: string, fraction: number) => void;
}

/** entry-format and leaf-hashes: the record parsed and its log decoded. */
function decode(input: unknown, opts: VerifyOptions): Prepared {
  const record: MeetingRecord = parseRecord(input);
  // Never backwards: an in-process verifier may report its groups before the seals are checked.
  let done = 0;
  const progress = (phase: string, fraction: number) => opts.onProgress?.({ phase, fraction: (done = Math.max(done, fraction)) });
  const book = new CheckBook();
  progress('entries', 0);
  const log = decodeLog(record.entries, book);
  return { record, book, log, final: undefined, cosigners: [], model: null, progress };
}

/**
 * checkpoint-signature, checkpoint-root and cosignature: the seals over the log. They read the
 * log's leaf hashes and nothing of the meeting, and nothing else reads them but the report.
 */
function checkSeals(p: Prepared, opts: VerifyOptions): void {
  const { record, book, log } = p;
  const checkpoints = checkCheckpoints(record, log?.leafHashes ?? null, log?.objects.map((o) => o.type) ?? null, book, opts.trusted);
  p.final = book.failed('checkpoint-root') || book.failed('checkpoint-signature') || !log ? undefined : checkpoints[checkpoints.length - 1];
  p.cosigners = checkCosignatures(record, p.final, book, opts.trusted);
}

/** The meeting model (meeting-entry, key-before-token, issued-within-present), or every later check skipped. */
function model(p: Prepared): void {
  const { log, book, record } = p;
  if (log) {
    try {
      p.model = buildModel(log.objects, log.leafHex, book, record);
    } catch (e) {
      if (!(e instanceof CheckFailure)) throw e;
      book.fail(e.check, e.detail, e.entry);
      p.model = null;
    }
  }
  if (p.model) {
    book.pass('meeting-entry');
    for (const c of ['key-before-token', 'issued-within-present'] as const) book.pass(c);
  } else {
    for (const c of SEMANTIC) book.skip(c, 'the log could not be read as a meeting');
  }
}

/** The token groups, or null with token-signatures failed when the ballots cannot even be grouped. */
function plan(model: MeetingModel, book: CheckBook): TokenPlan | null {
  try {
    return planTokens(model);
  } catch (e) {
    // As CheckBook.run would record it, so both entry points report the same.
    if (e instanceof CheckFailure) book.fail(e.check, e.detail, e.entry);
    else book.fail('token-signatures', e instanceof Error ? e.message : String(e));
    return null;
  }
}

/** agenda, identity, discussion, quorum-at-open, issuance-roll, announced-before-end: the procedure, no cryptography. */
function checkProcedure(m: MeetingModel, book: CheckBook): void {
  checkAgenda(m, book);
  checkIdentity(m, book);
  checkDiscussions(m, book);
  checkQuorum(m, book);
  checkConsultation(m, book);
  checkIssuanceRoll(m, book);
  checkAnnouncedBeforeEnd(m, book);
}

/** The verdicts of a KeySharesVerifier, by key, for checkCoissuance. */
function byKey(keys: ReturnType<typeof keySharesOf>, verdicts: readonly boolean[]): Map<LoggedKey, boolean> {
  return new Map(keys.map(({ key }, i) => [key, verdicts[i] === true]));
}

/** Verifies a parsed or raw record; throws RecordFormatError only when it is not a record at all. */
export function verifyRecord(input: unknown, opts: VerifyOptions = {}): VerifyReport {
  return verifyPrepared(input, opts).report;
}

function verifyPrepared(input: unknown, opts: VerifyOptions): { report: VerifyReport; p: Prepared } {
  const p = decode(input, opts);
  p.progress('checkpoints', 0.15);
  checkSeals(p, opts);
  p.progress('meeting', 0.3);
  model(p);
  const { model: m, book, progress } = p;
  if (m) {
    progress('tokens', 0.4);
    const tokens = plan(m, book);
    // Pairings dominate a long run: report each group's batch.
    if (tokens) recordTokenVerdicts(tokens, verifyTokenGroups(tokens.groups, (done, total) => progress('tokens', 0.4 + (0.4 * done) / total)), book);
    progress('ballots', 0.8);
    recordBallotSignatures(m, verifyBallotSignatures(ballotsToSign(m)), book);
    checkProcedure(m, book);
    const shares = keySharesOf(m);
    checkCoissuance(m, book, opts.trusted, byKey(shares, verifyKeyShares(shares.map((s) => s.shares))));
    checkBallotKeys(m, book);
    progress('tallies', 0.9);
    checkTallies(m, book);
    checkDossiers(p.log!.objects[0]!, book);
    checkCitedRecords(p, opts);
  }
  progress('done', 1);
  return { report: finish(p, opts), p };
}

/**
 * citations: each cited record verified on its own (pinned keys as given, no records of its
 * own cited), then compared with what the citing items say.
 */
function checkCitedRecords(p: Prepared, opts: VerifyOptions): void {
  const cited: CitedRecord[] = (opts.cited ?? []).map((raw) => {
    try {
      const { report, p: q } = verifyPrepared(raw, { trusted: opts.trusted });
      return { meeting: q.record.meeting, ok: report.ok, ended: report.ended, tallyHash: report.tallyHash, meetingEntry: q.log?.objects[0] ?? null, model: q.model };
    } catch {
      // Not a record at all: it can support no citation.
      return { meeting: null, ok: false, ended: false, tallyHash: null, meetingEntry: null, model: null };
    }
  });
  checkCitations(p.log!.objects[0]!, cited, p.book);
}

/**
 * verifyRecord with the token batches and ballot signatures handed to the given verifiers
 * (e.g. worker threads). The report is the same as verifyRecord's when the verifiers answer as
 * the defaults do; a verifier that throws (a crashed worker) makes this reject, never a check fail.
 *
 * The cryptography is handed out as soon as the meeting model exists; the checkpoints, the
 * cosignatures, ballot keys and tallies — none of which the cryptography reads — are checked on
 * this thread while the verifiers work. Every check writes only its own result, so the order
 * does not change the report (CheckBook lists results in CHECKS order).
 */
export async function verifyRecordAsync(input: unknown, opts: AsyncVerifyOptions = {}): Promise<VerifyReport> {
  const p = decode(input, opts);
  p.progress('meeting', 0.1);
  model(p);
  const { model: m, book, progress } = p;
  let pending: Promise<[GroupVerdict[] | null, boolean[], boolean[]]> | null = null;
  let tokens: TokenPlan | null = null;
  let shares: ReturnType<typeof keySharesOf> = [];
  const carried: Array<{ key: LoggedKey; group: number }> = [];
  if (m) {
    tokens = plan(m, book);
    const allShares = keySharesOf(m);
    const tokenVerifier = opts.tokenVerifier ?? verifyTokenGroups;
    const signatureVerifier = opts.signatureVerifier ?? verifyBallotSignatures;
    const sharesVerifier = opts.sharesVerifier ?? verifyKeyShares;
    // A key's shares travel with its tokens when the token verifier checks both: one pairing
    // product for the key instead of two (src/verifier-node/mcl.ts). Keys without ballots keep
    // the shares verifier.
    const sharesOf = new Map(opts.sharesWithTokens ? allShares.map((s) => [s.key, s.shares]) : []);
    const groups = tokens?.groups.map((g, i) => {
      const { v, klass } = tokens!.sources[i]!;
      const key = v.keys[klass];
      const keyShares = key ? sharesOf.get(key) : undefined;
      if (!key || !keyShares) return g;
      carried.push({ key, group: i });
      return { ...g, shares: keyShares };
    });
    const withTokens = new Set(carried.map((c) => c.key));
    shares = allShares.filter((s) => !withTokens.has(s.key));
    pending = Promise.all([
      groups ? tokenVerifier(groups, (done, total) => progress('tokens', 0.4 + (0.5 * done) / total)) : null,
      signatureVerifier(ballotsToSign(m)),
      shares.length > 0 ? sharesVerifier(shares.map((s) => s.shares)) : [],
    ]);
    // A rejection is taken up by the await below; until then it must not count as unhandled.
    pending.catch(() => {});
  }
  // While other threads do the cryptography, this one does the checks that need none.
  progress('checkpoints', 0.2);
  checkSeals(p, opts);
  if (m && pending) {
    progress('tallies', 0.3);
    checkProcedure(m, book);
    checkBallotKeys(m, book);
    checkTallies(m, book);
    checkDossiers(p.log!.objects[0]!, book);
    checkCitedRecords(p, opts);
    progress('tokens', 0.4);
    const [tokenVerdicts, signatureVerdicts, shareVerdicts] = await pending;
    const sharesHold = byKey(shares, shareVerdicts);
    for (const { key, group } of carried) sharesHold.set(key, tokenVerdicts?.[group]?.sharesHold === true);
    checkCoissuance(m, book, opts.trusted, sharesHold, opts.ed25519);
    if (tokens && tokenVerdicts) recordTokenVerdicts(tokens, tokenVerdicts, book);
    recordBallotSignatures(m, signatureVerdicts, book);
  }
  progress('done', 1);
  return finish(p, opts);
}

function finish({ record, book, log, final, cosigners, model }: Prepared, opts: VerifyOptions): VerifyReport {
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
    keys: keysReport(record, opts.trusted),
    issuance: issuanceReport(model, opts.trusted),
    firstForm: log?.firstForm ?? false,
    filed: false,
  };
  report.filed = report.ok && report.ended && report.keys.allPinned && ['organization', 'discipline'].every((d) => cosigners.some((c) => c.department === d));
  if (firstFailure) report.firstFailure = firstFailure;
  return report;
}
