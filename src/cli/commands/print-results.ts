/**
 * `sealvote print-results <record.json> --out <file.pdf|file.html> [--item <id> | --minutes]
 * [--inspector <url>]` — the printed results of a meeting from its record file: per item the
 * 表决结果 / 计票单, the summary and the minutes draft (src/report). An .html file is written
 * directly (CSS inlined); a PDF is printed from it by headless Chromium, the same browser the
 * test suite uses ($CHROMIUM_PATH, else chromium on the PATH). Without Chromium the command says
 * so and exits 2: write the .html and print it from any browser instead.
 *
 * Exit 0 written, 2 unusable input or no Chromium for a PDF.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CliIo as DispatcherIo } from '../io';
import { renderReport, type RenderOptions } from '../../report/html';
import { buildReport, ReportError } from '../../report/model';
import { RecordFormatError } from '../../verifier';
import { EXIT_OK, EXIT_UNUSABLE, fromCliIo, processIO, readRecordFile, type CliIO } from './verify';

export const PRINT_USAGE =
  'usage: sealvote print-results <record.json> --out <file.pdf|file.html> [--item <item id> | --minutes] [--inspector <url of the inspector page>]\n' +
  '  Prints the 表决结果 / 计票单 of every item, the summary and the minutes draft (会议记录) from a record file.\n' +
  '  A PDF needs Chromium ($CHROMIUM_PATH or chromium on the PATH); an .html file needs nothing.\n';

/**
 * The sheets' stylesheet. The built CLI (dist/cli/sealvote.mjs, also in the offline package)
 * carries it inlined by scripts/build.ts, because kiosk/styles/ is not beside it there; run from
 * the sources (bin/sealvote.mjs, tests) it is read from the checkout.
 */
declare const __SEALVOTE_RESULTS_CSS__: string | undefined;
function resultsCss(): string {
  if (typeof __SEALVOTE_RESULTS_CSS__ === 'string') return __SEALVOTE_RESULTS_CSS__;
  return readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../kiosk/styles/results.css'), 'utf8');
}

/** Chromium to print with: $CHROMIUM_PATH, else the first of the usual names on the PATH. */
export function findChromium(env: Record<string, string | undefined>): string | null {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'chrome']) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return null;
}

export async function printResultsCommand(argv: string[], io: CliIO = processIO, env: Record<string, string | undefined> = process.env): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: 'string' }, item: { type: 'string' }, minutes: { type: 'boolean' }, inspector: { type: 'string' }, help: { type: 'boolean' } },
    }));
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${PRINT_USAGE}`);
    return EXIT_UNUSABLE;
  }
  if (values.help) {
    io.stdout(PRINT_USAGE);
    return EXIT_OK;
  }
  const out = values.out;
  if (positionals.length !== 1 || !out || !/\.(pdf|html?)$/i.test(out) || (values.item && values.minutes)) {
    io.stderr(PRINT_USAGE);
    return EXIT_UNUSABLE;
  }
  let html: string;
  try {
    const report = buildReport(readRecordFile(positionals[0]!));
    if (values.item && !report.items.some((i) => i.id === values.item)) throw new ReportError(`no item ${values.item} in this record`);
    const base = values.inspector;
    const opts: RenderOptions = {
      css: resultsCss(),
      ...(values.item ? { item: values.item, parts: ['sheets'] } : values.minutes ? { parts: ['minutes'] } : {}),
      ...(base ? { inspectorUrl: (m: string, h: string) => `${base}${base.includes('?') ? '&' : '?'}meeting=${encodeURIComponent(m)}&hash=${h}` } : {}),
    };
    html = renderReport(report, opts);
    if (!report.final) io.stderr('sealvote print-results: the meeting has not ended: the tally hash printed is not the final one\n');
  } catch (e) {
    if (e instanceof RecordFormatError || e instanceof ReportError) {
      io.stderr(`sealvote print-results: unusable record: ${e.message}\n`);
      return EXIT_UNUSABLE;
    }
    // Anything else (a file that cannot be read, a stylesheet missing) is said, not thrown: exit 2.
    io.stderr(`sealvote print-results: cannot print: ${(e as Error).message}\n`);
    return EXIT_UNUSABLE;
  }
  if (/\.html?$/i.test(out)) {
    try {
      writeFileSync(out, html);
    } catch (e) {
      io.stderr(`sealvote print-results: cannot write ${out}: ${(e as Error).message}\n`);
      return EXIT_UNUSABLE;
    }
    io.stdout(`written: ${out}\n`);
    return EXIT_OK;
  }
  const chromium = findChromium(env);
  if (!chromium) {
    io.stderr('sealvote print-results: no Chromium found for the PDF (set CHROMIUM_PATH, or install chromium); write --out results.html and print it from a browser instead\n');
    return EXIT_UNUSABLE;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sealvote-print-'));
  try {
    const page = join(dir, 'results.html');
    writeFileSync(page, html);
    const res = spawnSync(
      chromium,
      ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--no-pdf-header-footer', `--user-data-dir=${join(dir, 'profile')}`, `--print-to-pdf=${resolve(out)}`, pathToFileURL(page).href],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (res.status !== 0 || !existsSync(resolve(out))) {
      io.stderr(`sealvote print-results: Chromium could not print the PDF: ${(res.stderr || res.error?.message || '').trim().split('\n').slice(-3).join(' ')}\n`);
      return EXIT_UNUSABLE;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  io.stdout(`written: ${out}\n`);
  return EXIT_OK;
}

/** `sealvote print-results`, as src/cli/main.ts registers it. */
export const printResultsEntry = {
  summary: 'print the results, tally sheets and minutes of a record as PDF or HTML',
  run: (args: string[], io: DispatcherIo) => printResultsCommand(args, fromCliIo(io), io.env),
};
