import { describe, expect, it } from 'vitest';
import { verifyRecord } from '../../src/verifier';
import { standardMeeting } from './fixtures';

describe('verifyRecord on an untouched meeting', () => {
  it('passes every check and reports the tally hash', () => {
    const b = standardMeeting();
    const report = verifyRecord(b.record({ cosign: ['organization', 'discipline'] }));
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.tallyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.cosigners.map((c) => c.department)).toEqual(['organization', 'discipline']);
    expect(report.counts.ballots).toBe(b.ballots.length);
    expect(report.ended).toBe(true);
  });
});
