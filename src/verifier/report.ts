/** The human-readable verification report (the CLI prints it; the inspector's page shows it). */
import type { KeyReport } from './trust';
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
  // docs/record-spec.md §6.1: read under the rules of its time, which the inspector should know.
  if (r.firstForm) lines.push('form: the first form of sealvote-record/v1 (sealed before committee policies): default policies, and R10 as it was then — a passed motion withdrew the round\'s bars at once');
  // docs/coissuance.md: who could issue tokens is part of what the tally means.
  if (r.issuance?.mode === 'service') lines.push('issuance: service only (no co-issuer: the service alone could issue tokens)');
  else if (r.issuance) lines.push(`issuance: co-issued with the discipline commission, co-issuer fingerprint ${r.issuance.fingerprint} ${r.issuance.pinned ? 'pinned' : 'FROM THE FILE'}`);
  const k = r.keys;
  const row = (label: string, key: KeyReport | undefined) =>
    `  ${label.padEnd(13)} ${key ? `${key.fingerprint}  ${key.pinned ? 'pinned' : 'FROM THE FILE'}  ${key.key.split('+')[0]}` : '(none in the record)'}`;
  if (k.allPinned) {
    lines.push('keys: pinned — the record names exactly the service and department keys you trust');
  } else {
    // Issue 14: without pins, anyone can replace a key in the file and cosign under it.
    lines.push('KEYS NOT PINNED: keys marked FROM THE FILE were taken from the record being checked, so anyone');
    lines.push('could have replaced them. Compare their fingerprints with the keys your department holds, or');
    lines.push('verify with --trust <trust file> (or --service-key / --organization-key / --discipline-key).');
  }
  lines.push(row('service', k.service));
  lines.push(row('organization', k.departments.organization));
  lines.push(row('discipline', k.departments.discipline));
  const under = k.allPinned ? '' : ' (under the key the file names)';
  if (r.cosigners.length === 0) lines.push('cosigned by: nobody yet');
  for (const c of r.cosigners) {
    lines.push(`cosigned by: ${c.department} (${c.name}) at ${new Date(c.time * 1000).toISOString()}${under}`);
  }
  if (r.filed) lines.push('FILED: both departments cosigned the tally hash under the pinned keys');
  else if (k.allPinned && r.ok && r.ended) lines.push('not filed yet: both departments must cosign');
  lines.push('');
  if (r.ok) lines.push('RESULT: every check holds');
  else if (r.firstFailure) {
    const f = r.firstFailure;
    lines.push(`RESULT: FAILED at ${f.id}${f.entry === undefined ? '' : ` (entry ${f.entry})`}: ${f.detail ?? f.title}`);
  } else lines.push('RESULT: not every check could run');
  return `${lines.join('\n')}\n`;
}
