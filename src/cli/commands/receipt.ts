/**
 * `sealvote receipt <record.json> <receipt> [--json]` — checks that one ballot (its receipt:
 * the leaf hash the service answered when it was cast) is in the meeting's log under the
 * service's final signed checkpoint. Exit 0 included, 1 not included, 2 unusable input.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIo as DispatcherIo } from '../io';
import { RecordFormatError, verifyReceipt } from '../../verifier';
import { EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE, fromCliIo, processIO, readRecordFile, type CliIO } from './verify';

export const RECEIPT_USAGE = 'usage: sealvote receipt <record.json> <receipt | receipt.json> [--json]\n';

/** A receipt given as 64 hex digits, or a file holding them or a JSON {receipt} / {leafHash}. */
function receiptArgument(arg: string): string {
  if (/^[0-9a-fA-F]{64}$/.test(arg)) return arg;
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
    ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } }));
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${RECEIPT_USAGE}`);
    return EXIT_UNUSABLE;
  }
  if (positionals.length !== 2) {
    io.stderr(RECEIPT_USAGE);
    return EXIT_UNUSABLE;
  }
  let report;
  try {
    const receipt = receiptArgument(positionals[1]!);
    report = verifyReceipt(readRecordFile(positionals[0]!), receipt);
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
