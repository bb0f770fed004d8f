/** The human-readable verification report (the CLI prints it; the inspector's page shows it). */
import type { VerifyReport } from './verify';

const MARK = { pass: 'ok  ', fail: 'FAIL', skipped: 'skip' } as const;

export function formatReport(r: VerifyReport): string {
  const lines: string[] = [];
  lines.push(`sealvote verify — ${r.format}, meeting ${r.meeting}`);
  lines.push('');
  for (const c of r.checks) {
    const where = c.entry === undefined ? '' : ` [entry ${c.entry}]`;
    lines.push(`  ${MARK[c.status]}  ${c.id.padEnd(22)} ${c.title}`);
    if (c.detail && c.status !== 'pass') lines.push(`        ${c.detail}${where}`);
  }
  lines.push('');
  const n = r.counts;
  lines.push(
    `entries ${n.entries}, checkpoints ${n.checkpoints}, items ${n.items}, votes ${n.votes}, tokens issued ${n.tokensIssued}, ballots ${n.ballots}`,
  );
  lines.push(`tally hash: ${r.tallyHash ?? '(none: the final checkpoint does not verify)'}${r.finalSize === null ? '' : ` (size ${r.finalSize})`}`);
  if (!r.ended) lines.push('note: the log has no end entry; the meeting was not closed when this record was taken');
  if (r.cosigners.length === 0) lines.push('cosigned by: nobody yet');
  for (const c of r.cosigners) {
    lines.push(`cosigned by: ${c.department} (${c.name}) at ${new Date(c.time * 1000).toISOString()}`);
  }
  lines.push('');
  if (r.ok) lines.push('RESULT: every check holds');
  else if (r.firstFailure) {
    const f = r.firstFailure;
    lines.push(`RESULT: FAILED at ${f.id}${f.entry === undefined ? '' : ` (entry ${f.entry})`}: ${f.detail ?? f.title}`);
  } else lines.push('RESULT: not every check could run');
  return `${lines.join('\n')}\n`;
}
