/**
 * `sealvote receipt <record.json> <receipt | short code | receipt.json> [--json]` — checks that
 * one ballot (its receipt: the leaf hash the service answered when it was cast) is in the
 * meeting's log under the service's final signed checkpoint. The short code the tablet shows
 * ("f7ace 5d076", the first 10 hex digits) is accepted when exactly one ballot matches it.
 * Exit 0 included, 1 not included, 2 unusable input or an ambiguous short code.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIo as DispatcherIo } from '../io';
import { RecordFormatError, resolveReceipt, verifyReceipt } from '../../verifier';
import { EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE, fromCliIo, processIO, readRecordFile, type CliIO } from './verify';

export const RECEIPT_USAGE =
  'usage: sealvote receipt <record.json> <receipt | short code | receipt.json> [--json]\n' +
  '  receipt: 64 hex digits; short code: the first 10 or more, as the tablet shows them ("f7ace 5d076")\n' +
  '  exit 0 included, 1 not included, 2 unusable input or a short code matching several ballots\n';

/** A receipt or short code given as hex digits, or a file holding them or a JSON {receipt} / {leafHash}. */
function receiptArgument(arg: string): string {
  if (/^[0-9a-fA-F\s-]{10,}$/.test(arg) && /^[0-9a-fA-F]{10,64}$/.test(arg.replace(/[\s-]/g, ''))) return arg;
  const text = readFileSync(arg, 'utf8').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return text;
  const json = JSON.parse(text) as { receipt?: unknown; leafHash?: unknown };
  const r = json.receipt ?? json.leafHash;
  if (typeof r !== 'string') throw new Error('the receipt file has no "receipt" or "leafHash"');
  return r;
}

export async function receiptCommand(argv: string[], io: CliIO = processIO): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${RECEIPT_USAGE}`);
    return EXIT_UNUSABLE;
  }
  if (values.help) {
    io.stdout(RECEIPT_USAGE);
    return EXIT_OK;
  }
  // "f7ace 5d076" typed without quotes arrives as two arguments.
  if (positionals.length < 2 || positionals.length > 3) {
    io.stderr(RECEIPT_USAGE);
    return EXIT_UNUSABLE;
  }
  let report;
  try {
    const record = readRecordFile(positionals[0]!);
    const resolved = resolveReceipt(record, receiptArgument(positionals.slice(1).join('')));
    if ('error' in resolved) {
      if (resolved.error === 'ambiguous') {
        io.stderr(`sealvote receipt: the short code is ambiguous: ${resolved.matches} ballots start with it; give the full receipt\n`);
        return EXIT_UNUSABLE;
      }
      if (resolved.error === 'none') {
        if (values.json) io.stdout(`${JSON.stringify({ ok: false, receipt: positionals.slice(1).join(' '), detail: 'no ballot in the record starts with this short code' }, null, 2)}\n`);
        else io.stdout('NOT included: no ballot in the record starts with this short code\n');
        return EXIT_FAILED;
      }
      throw new Error('a receipt is 64 hex digits, a short code 10 or more');
    }
    report = verifyReceipt(record, resolved.receipt);
  } catch (e) {
    const why = e instanceof RecordFormatError ? `unusable record: ${e.message}` : `unusable receipt: ${(e as Error).message}`;
    io.stderr(`sealvote receipt: ${why}\n`);
    return EXIT_UNUSABLE;
  }
  if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(report.ok ? `included: ${report.detail}, root ${report.root}\n` : `NOT included: ${report.detail}\n`);
  return report.ok ? EXIT_OK : EXIT_FAILED;
}

/** `sealvote receipt`, as src/cli/main.ts registers it. */
export const receiptEntry = {
  summary: "check one ballot's receipt is in a record's log",
  run: (args: string[], io: DispatcherIo) => receiptCommand(args, fromCliIo(io)),
};
