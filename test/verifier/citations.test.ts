/**
 * The citations check (docs/full-committee.md §4): a full committee's item citing a standing
 * committee's vote, checked against that committee's record. Every record is signed end to end
 * with the service key (tamper re-signs), so only the citations check can catch a lie.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEntryObject } from '../../crypto/log-entry';
import { verifyRecord, type MeetingRecord } from '../../src/verifier';
import { MeetingBuilder, newKeys, tamper, type Keys } from './fixtures';

type E = LogEntryObject & Record<string, any>;

let keys: Keys;
let standing: MeetingRecord;
let full: MeetingRecord;

/** The standing committee: 7 due, item itm_n nominates nom_1 (5 approve: approved), item itm_r rejects nom_2. */
function standingRecord(mark: (items: E[]) => void = (items) => items.forEach((i) => (i.nominates = true))): MeetingRecord {
  const b = new MeetingBuilder(keys, { meeting: 'mtg_standing', due: 7, observers: 0, items: [{ id: 'itm_n', nominees: ['nom_1'] }, { id: 'itm_r', nominees: ['nom_2'] }] });
  b.open('itm_n').castAll((_, i) => ({ nom_1: i < 5 ? 'approve' : 'disapprove' })).close().announce('itm_n');
  b.open('itm_r').castAll((_, i) => ({ nom_2: i < 2 ? 'approve' : 'disapprove' })).close().announce('itm_r');
  return tamper(b.end().record(), keys, (entries) => {
    mark((entries[0] as E).items);
  });
}

function tallyHashOf(record: MeetingRecord): string {
  return verifyRecord(record).tallyHash!;
}

/** The full committee: 9 due, item itm_f decides nom_f, who is the standing committee's nom_1 (same name and birth date). */
function fullRecord(citation: (c: E) => void = () => {}, item: (it: E) => void = () => {}, cited: MeetingRecord = standing): MeetingRecord {
  const b = new MeetingBuilder(keys, { meeting: 'mtg_full', due: 9, observers: 0, items: [{ id: 'itm_f', nominees: ['nom_f'] }] });
  b.open('itm_f').castAll(() => ({ nom_f: 'approve' })).close().announce('itm_f');
  return tamper(b.end().record(), keys, (entries) => {
    const it = (entries[0] as E).items[0] as E;
    it.nominees[0].name = 'Nominee nom_1';
    it.cites = {
      committee: 'cmt_1',
      meeting: 'mtg_standing',
      item: 'itm_n',
      round: 1,
      tallyHash: tallyHashOf(cited),
      kind: 'appointment',
      nominee: { id: 'nom_1', name: 'Nominee nom_1', birthDate: '1980-01-01' },
      post: { id: 'post_itm_n', unit: 'Bureau', title: 'Director' },
    };
    citation(it.cites);
    item(it);
  });
}

function citations(record: MeetingRecord, cited: MeetingRecord[]) {
  const report = verifyRecord(record, { cited });
  return { report, check: report.checks.find((c) => c.id === 'citations')! };
}

beforeAll(() => {
  keys = newKeys();
  standing = standingRecord();
  full = fullRecord();
});

describe('citations', () => {
  it('hold when the cited record approved exactly that nominee for that post, announced, at that tally hash', () => {
    const { report, check } = citations(full, [standing]);
    expect(check.status, check.detail).toBe('pass');
    expect(report.ok).toBe(true);
  });

  it('hold when both items lack `kind` (records sealed before removals: an appointment, record-spec §6)', () => {
    const oldStanding = standingRecord((items) => items.forEach((i) => ((i.nominates = true), delete i.kind)));
    const oldFull = fullRecord(() => {}, (it) => delete it.kind, oldStanding);
    const { report, check } = citations(oldFull, [oldStanding]);
    expect(check.status, check.detail).toBe('pass');
    expect(report.ok, report.firstFailure?.detail).toBe(true);
  });

  it('are reported as not checked without the cited record, and a record citing nothing passes', () => {
    const { report, check } = citations(full, []);
    expect(check.status).toBe('skipped');
    expect(check.detail).toContain('mtg_standing');
    expect(report.ok).toBe(false);
    expect(report.firstFailure).toBeUndefined();
    expect(citations(standing, []).check.status).toBe('pass');
  });

  let only: MeetingRecord | undefined;
  // Only itm_r is marked as a nomination: itm_n's approval decides, and nominates nobody.
  const unmarked = () => (only ??= standingRecord((items) => void (items[1]!.nominates = true)));
  const lies: Array<[string, () => MeetingRecord, () => MeetingRecord[]]> = [
    ['another tally hash', () => fullRecord((c) => (c.tallyHash = 'ab'.repeat(32))), () => [standing]],
    ['another round', () => fullRecord((c) => (c.round = 2)), () => [standing]],
    ['another committee', () => fullRecord((c) => (c.committee = 'cmt_2')), () => [standing]],
    ['a rejected nominee', () => fullRecord((c) => Object.assign(c, { item: 'itm_r', nominee: { id: 'nom_2', name: 'Nominee nom_1', birthDate: '1980-01-01' }, post: { id: 'post_itm_r', unit: 'Bureau', title: 'Director' } })), () => [standing]],
    ['a nominee not on the cited item', () => fullRecord((c) => (c.nominee.id = 'nom_9')), () => [standing]],
    ['another post', () => fullRecord((c) => (c.post.id = 'post_itm_r')), () => [standing]],
    ['a removal for an appointment', () => fullRecord((c) => (c.kind = 'removal'), (it) => (it.kind = 'removal')), () => [standing]],
    ['an item that did not nominate', () => fullRecord(() => {}, () => {}, unmarked()), () => [unmarked()]],
    ['a citing item about someone else', () => fullRecord(() => {}, (it) => (it.nominees[0].birthDate = '1981-01-01')), () => [standing]],
    ['a citing item for another post', () => fullRecord(() => {}, (it) => (it.post.title = 'Deputy director')), () => [standing]],
    ['a cited record that does not verify', () => full, () => [{ ...standing, entries: standing.entries.map((e, i) => (i === 1 ? `${e} ` : e)) }]],
  ];
  for (const [name, record, cited] of lies) {
    it(`fail on ${name}`, () => {
      const { report, check } = citations(record(), cited());
      expect(check.status, check.detail).toBe('fail');
      expect(check.detail).toContain(name === 'a cited record that does not verify' ? 'does not verify' : 'item itm_f');
      expect(report.firstFailure?.id).toBe('citations');
    });
  }
});
