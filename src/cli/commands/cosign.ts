/**
 * `sealvote cosign <record.json> --key <file> [--cited FILE]... [--json]` — the filing (design.md): runs the
 * verifier first and refuses a record that fails it or whose meeting has not ended; otherwise
 * prints a C2SP tlog-cosignature line over the final checkpoint (the tally hash), to be posted
 * to POST /api/meetings/:id/cosignatures. Refuses (exit 2) unless the service's checkpoint key
 * is pinned (--trust or --service-key): a record re-sealed under another service key must not
 * be cosigned (issue 14).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cosign } from '../../../crypto/cosignature';
import { SIG_TYPE_COSIGNATURE_V1, formatVerifierKey, parseNote, parseSignerKey } from '../../../crypto/signed-note';
import type { CliIo as DispatcherIo } from '../io';
import { RecordFormatError, TrustFileError, formatReport, type TrustedKeys } from '../../verifier';
import { McLUnavailableError } from '../../verifier-node';
import { EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE, SPEED_OPTIONS, TRUST_OPTIONS, fromCliIo, pinnedKeys, processIO, readRecordFile, runVerifier, speedOptions, type CliIO } from './verify';

export const COSIGN_USAGE =
  'usage: sealvote cosign <record.json> --key <private key file> (--trust FILE | --service-key KEY) [--cited FILE]... [--organization-key KEY] [--discipline-key KEY] [--json] [--progress] [--threads N] [--backend auto|noble|mcl]\n' +
  '  the service key must be pinned: a record sealed under any other key is refused\n' +
  '  --cited FILE  a standing committee record a full committee record cites (as for verify; without it that record is refused)\n' +
  '  exit 0 cosigned (the line on stdout), 1 refused (the record fails or the meeting has not ended), 2 unusable input or no pinned service key\n';

export async function cosignCommand(argv: string[], io: CliIO = processIO): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { key: { type: 'string' }, cited: { type: 'string', multiple: true }, json: { type: 'boolean' }, progress: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...TRUST_OPTIONS, ...SPEED_OPTIONS },
    }));
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${COSIGN_USAGE}`);
    return EXIT_UNUSABLE;
  }
  if (values.help) {
    io.stdout(COSIGN_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1 || !values.key) {
    io.stderr(COSIGN_USAGE);
    return EXIT_UNUSABLE;
  }
  let trusted: TrustedKeys;
  try {
    trusted = pinnedKeys(values);
  } catch (e) {
    if (!(e instanceof TrustFileError)) throw e;
    io.stderr(`sealvote cosign: unusable trust: ${e.message}\n`);
    return EXIT_UNUSABLE;
  }
  if (!trusted.serviceKey) {
    io.stderr('sealvote cosign: REFUSED — pin the service\'s checkpoint key (--trust FILE or --service-key KEY): without it the record\'s own key would be trusted; nothing was signed\n');
    return EXIT_UNUSABLE;
  }
  const speed = speedOptions(values);
  if (typeof speed === 'string') {
    io.stderr(`${speed}\n${COSIGN_USAGE}`);
    return EXIT_UNUSABLE;
  }
  let signerKey: string;
  let verifierKey: string;
  try {
    signerKey = readFileSync(values.key, 'utf8').trim();
    const key = parseSignerKey(signerKey);
    if (key.type !== SIG_TYPE_COSIGNATURE_V1) throw new Error('not a cosignature/v1 key (make one with sealvote keygen)');
    verifierKey = formatVerifierKey(key);
  } catch (e) {
    // Never echo the key file's content: it is a secret.
    io.stderr(`sealvote cosign: unusable key file ${values.key}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT_UNUSABLE;
  }
  let record;
  let cited;
  try {
    record = readRecordFile(positionals[0]!);
    // A full committee's record is cosigned only with the standing records it cites (check citations).
    cited = (values.cited ?? []).map(readRecordFile);
  } catch (e) {
    if (e instanceof RecordFormatError) {
      io.stderr(`sealvote cosign: unusable record: ${e.message}\n`);
      return EXIT_UNUSABLE;
    }
    throw e;
  }
  let report;
  try {
    report = await runVerifier(record, io, { progress: values.progress, trusted, cited, ...speed });
  } catch (e) {
    if (e instanceof McLUnavailableError) {
      io.stderr(`sealvote cosign: --backend mcl: ${e.message}; nothing was signed\n`);
      return EXIT_UNUSABLE;
    }
    throw e;
  }
  if (!report.ok) {
    io.stderr(formatReport(report));
    io.stderr('sealvote cosign: REFUSED — the record fails verification; nothing was signed\n');
    return EXIT_FAILED;
  }
  if (!report.ended) {
    io.stderr('sealvote cosign: REFUSED — the meeting has not ended; only the final checkpoint is cosigned\n');
    return EXIT_FAILED;
  }
  const final = record.checkpoints[record.checkpoints.length - 1]!;
  const department = record.departments.find((d) => d.verifierKey === verifierKey)?.department;
  if (!department) io.stderr('sealvote cosign: warning: this key is not registered for either department in the record\n');
  const line = cosign(parseNote(final.note).text, signerKey, Math.floor(io.now().getTime() / 1000));
  if (values.json) {
    io.stdout(`${JSON.stringify({ meeting: record.meeting, department: department ?? null, checkpointSize: final.size, tallyHash: report.tallyHash, line }, null, 2)}\n`);
  } else {
    io.stderr(`record verified; tally hash ${report.tallyHash}; cosigning as ${department ?? 'an unregistered key'}\n`);
    io.stdout(`${line}\n`);
  }
  return EXIT_OK;
}

/** `sealvote cosign`, as src/cli/main.ts registers it. */
export const cosignEntry = {
  summary: "verify a record, then print a cosignature of its final checkpoint",
  run: (args: string[], io: DispatcherIo) => cosignCommand(args, fromCliIo(io)),
};
