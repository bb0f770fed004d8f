import { adminCreate } from './admin-create';
import { backupEntry } from './commands/backup';
import { restoreEntry } from './commands/restore';
import { coissueKeygenEntry, coissueRunEntry } from './commands/coissue';
import { cosignEntry } from './commands/cosign';
import { keygenEntry } from './commands/keygen';
import { printResultsEntry } from './commands/print-results';
import { receiptEntry } from './commands/receipt';
import { trustEntry } from './commands/trust';
import { verifyEntry } from './commands/verify';
import { UsageError, type CliIo } from './io';

/**
 * One entry per command. Later commands (`verify`, `keygen`, `cosign`, `backup`) add a line
 * here and a file of their own beside this one.
 */
export const COMMANDS: Record<string, { summary: string; run: (args: string[], io: CliIo) => Promise<number> }> = {
  'admin create': { summary: 'create an admin officer account (the first one of an installation)', run: adminCreate },
  verify: verifyEntry,
  receipt: receiptEntry,
  keygen: keygenEntry,
  cosign: cosignEntry,
  trust: trustEntry,
  backup: backupEntry,
  restore: restoreEntry,
  'coissue keygen': coissueKeygenEntry,
  'coissue run': coissueRunEntry,
  'print-results': printResultsEntry,
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  sealvote ${name.padEnd(16)} ${c.summary}`);
  return `usage:\n${lines.join('\n')}\n\nAdd --help after a command for its options.\n`;
}

/** Runs the command named by the leading words of argv; returns the exit status. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const name = Object.keys(COMMANDS)
    .sort((a, b) => b.split(' ').length - a.split(' ').length)
    .find((n) => n.split(' ').every((word, i) => argv[i] === word));
  if (!name) {
    const wantsHelp = argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help';
    if (!wantsHelp) io.stderr.write(`sealvote: unknown command "${argv.join(' ')}"\n\n`);
    (wantsHelp ? io.stdout : io.stderr).write(usage());
    return wantsHelp ? 0 : 2;
  }
  try {
    return await COMMANDS[name]!.run(argv.slice(name.split(' ').length), io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`sealvote ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** Called by bin/sealvote.mjs. */
export async function run(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
}
