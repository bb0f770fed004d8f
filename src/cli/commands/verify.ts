/**
 * `sealvote verify <record.json> [--cited FILE]... [--trust FILE] [--json] [--progress] [--service-key K]
 *  [--organization-key K] [--discipline-key K] [--threads N] [--backend auto|noble|mcl]`
 *
 * Keys are pinned from a trust file (sealvote-trust/v1) and/or the --…-key flags (a flag wins
 * over the file). The report says "filed" only when all three keys are pinned; without pins it
 * says the keys come from the record itself and prints their fingerprints (issue 14).
 *
 * The cryptography runs on one thread per core (this one and worker threads) unless --threads
 * says otherwise (1: this thread only). --backend auto (default) verifies the token batches
 * with mcl-wasm when it loads and passes its self-test, else with noble after a notice; noble
 * and mcl force one (mcl exits 2 when mcl-wasm cannot be used). The report is the same.
 *
 * Runs the independent verifier offline on a record file. Exit codes: 0 every check holds,
 * 1 a check fails (the report names the first failing check and the entry), 2 the file is
 * unusable (unreadable, not JSON, not a sealvote-record/v1).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIo as DispatcherIo } from '../io';
import { RecordFormatError, TrustFileError, formatReport, parseRecordText, parseTrustText, type MeetingRecord, type TrustedKeys, type VerifyReport } from '../../verifier';
import { BACKENDS, defaultThreads, McLUnavailableError, verifyRecordNode, type Backend } from '../../verifier-node';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress lines go to stderr only on a terminal, or when asked with --progress. */
  stderrIsTTY: boolean;
  now(): Date;
}

/** The dispatcher's stream IO (src/cli/io.ts) as the simpler IO these commands use. */
export function fromCliIo(io: DispatcherIo): CliIO {
  return {
    stdout: (t) => void io.stdout.write(t),
    stderr: (t) => void io.stderr.write(t),
    stderrIsTTY: Boolean((io.stderr as { isTTY?: boolean }).isTTY),
    now: () => new Date(),
  };
}

export const processIO: CliIO = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  now: () => new Date(),
};

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_UNUSABLE = 2;

/** Reads a record file; RecordFormatError when it cannot be read as a record (exit 2). */
export function readRecordFile(path: string): MeetingRecord {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RecordFormatError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseRecordText(text);
}

/** The --trust, --service-key, --organization-key and --discipline-key options. */
export const TRUST_OPTIONS = {
  trust: { type: 'string' },
  'service-key': { type: 'string' },
  'organization-key': { type: 'string' },
  'discipline-key': { type: 'string' },
  'coissuer-key': { type: 'string' },
} as const;

/** The pinned keys: the trust file's, then each flag over it. Throws TrustFileError. */
export function pinnedKeys(values: { trust?: string; 'service-key'?: string; 'organization-key'?: string; 'discipline-key'?: string; 'coissuer-key'?: string }): TrustedKeys {
  let trusted: TrustedKeys = {};
  if (values.trust !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.trust, 'utf8');
    } catch (e) {
      throw new TrustFileError(`cannot read ${values.trust}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    trusted = parseTrustText(text);
  }
  const flags = { serviceKey: values['service-key'], format: 'sealvote-trust/v1', organization: values['organization-key'], discipline: values['discipline-key'], coissuer: values['coissuer-key'] };
  // The flags go through the same checks as a trust file (right key types).
  const fromFlags = parseTrustText(JSON.stringify(flags));
  if (fromFlags.serviceKey) trusted.serviceKey = fromFlags.serviceKey;
  if (fromFlags.coissuerKey) trusted.coissuerKey = fromFlags.coissuerKey;
  for (const [d, k] of Object.entries(fromFlags.departments ?? {})) {
    trusted.departments ??= {};
    trusted.departments[d as 'organization' | 'discipline'] = k;
  }
  return trusted;
}

export interface RunOptions {
  progress?: boolean;
  /** Standing committee records the record's items cite (check `citations`). */
  cited?: MeetingRecord[];
  trusted?: TrustedKeys;
  /** Default: one per core. */
  threads?: number;
  backend?: Backend;
}

/** The --threads and --backend options, shared by verify and cosign. */
export const SPEED_OPTIONS = { threads: { type: 'string' }, backend: { type: 'string' } } as const;

/** Reads --threads and --backend; a message for the user when they are not usable. */
export function speedOptions(values: { threads?: string; backend?: string }): { threads?: number; backend?: Backend } | string {
  const out: { threads?: number; backend?: Backend } = {};
  if (values.threads !== undefined) {
    const n = Number(values.threads);
    if (!/^[0-9]+$/.test(values.threads) || n < 1 || n > 1024) return `--threads must be a whole number from 1 to 1024, got ${values.threads}`;
    out.threads = n;
  }
  if (values.backend !== undefined) {
    if (!BACKENDS.includes(values.backend as Backend)) return `--backend must be one of ${BACKENDS.join(', ')}, got ${values.backend}`;
    out.backend = values.backend as Backend;
  }
  return out;
}

/** Runs the verifier with a progress line on stderr when wanted. */
export function runVerifier(record: MeetingRecord, io: CliIO, opts: RunOptions = {}): Promise<VerifyReport> {
  const show = opts.progress ?? io.stderrIsTTY;
  return verifyRecordNode(record, {
    trusted: opts.trusted,
    cited: opts.cited,
    threads: opts.threads ?? defaultThreads(),
    backend: opts.backend ?? 'auto',
    onNotice: (m) => io.stderr(`sealvote: ${m}\n`),
    onProgress: show ? (p) => io.stderr(`\rverifying: ${p.phase.padEnd(12)} ${String(Math.round(p.fraction * 100)).padStart(3)}%${p.fraction >= 1 ? '\n' : ''}`) : undefined,
  });
}

export const VERIFY_USAGE =
  'usage: sealvote verify <record.json> [--cited FILE]... [--trust FILE] [--json] [--progress] [--service-key KEY] [--organization-key KEY] [--discipline-key KEY] [--coissuer-key KEY] [--threads N] [--backend auto|noble|mcl]\n' +
  '  --cited FILE  a standing committee record this (full committee) record cites; repeat for several. Without it a citation is reported not checked\n' +
  '  --trust FILE  keys you obtained elsewhere (sealvote-trust/v1; see sealvote trust); "filed" is reported only with all three pinned\n' +
  '  --service-key / --organization-key / --discipline-key KEY   pin one key (over the trust file)\n' +
  '  --coissuer-key KEY   the discipline commission\'s co-issuer key: the meeting must be co-issued with exactly it\n' +
  '  exit 0 every check holds, 1 a check fails, 2 unusable record, trust file or option\n' +
  '  --threads N   threads for the cryptography, this one included (default: one per core; 1 = this thread only)\n' +
  '  --backend B   token batches by auto (default: mcl-wasm if it passes its self-test, else noble), noble, or mcl (required)\n';

export async function verifyCommand(argv: string[], io: CliIO = processIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        progress: { type: 'boolean' },
        cited: { type: 'string', multiple: true },
        ...TRUST_OPTIONS,
        ...SPEED_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${VERIFY_USAGE}`);
    return EXIT_UNUSABLE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(VERIFY_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) {
    io.stderr(VERIFY_USAGE);
    return EXIT_UNUSABLE;
  }
  const speed = speedOptions(values);
  if (typeof speed === 'string') {
    io.stderr(`${speed}\n${VERIFY_USAGE}`);
    return EXIT_UNUSABLE;
  }
  let trusted: TrustedKeys;
  try {
    trusted = pinnedKeys(values);
  } catch (e) {
    if (!(e instanceof TrustFileError)) throw e;
    io.stderr(`sealvote verify: unusable trust: ${e.message}\n`);
    return EXIT_UNUSABLE;
  }
  let report: VerifyReport;
  try {
    const cited = (values.cited ?? []).map(readRecordFile);
    report = await runVerifier(readRecordFile(positionals[0]!), io, { progress: values.progress, trusted, cited, ...speed });
  } catch (e) {
    if (e instanceof RecordFormatError) {
      io.stderr(`sealvote verify: unusable record: ${e.message}\n`);
      return EXIT_UNUSABLE;
    }
    if (e instanceof McLUnavailableError) {
      io.stderr(`sealvote verify: --backend mcl: ${e.message}\n`);
      return EXIT_UNUSABLE;
    }
    throw e;
  }
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.ok ? EXIT_OK : EXIT_FAILED;
}

/** `sealvote verify`, as src/cli/main.ts registers it. */
export const verifyEntry = {
  summary: 'verify a meeting record offline against pinned keys (exit 0 holds, 1 a check fails, 2 unusable input)',
  run: (args: string[], io: DispatcherIo) => verifyCommand(args, fromCliIo(io)),
};
