/**
 * Gaps an independent verifier written from docs/record-spec.md found (conformance review):
 * records the rules forbid that `sealvote verify` accepted, and records it wrongly refused.
 * Each record is tampered and re-signed with the service key (what a dishonest operator can
 * do), so only the check that names the broken rule can catch it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEntryObject } from '../../crypto/log-entry';
import { verifyRecord, type CheckId, type MeetingRecord } from '../../src/verifier';
import { entryObject, findEntry, MeetingBuilder, newKeys, standardMeeting, tamper, type Keys } from './fixtures';

type E = LogEntryObject & Record<string, any>;

let keys: Keys;
let clean: MeetingRecord;

beforeAll(() => {
  keys = newKeys();
  clean = standardMeeting(keys).record();
});

function expectFailure(record: MeetingRecord, check: CheckId, entry?: number): void {
  const report = verifyRecord(record);
  expect(report.ok).toBe(false);
  expect(report.firstFailure?.id, report.firstFailure?.detail).toBe(check);
  if (entry !== undefined) expect(report.firstFailure?.entry).toBe(entry);
}

describe('records filed before the kind members (sealvote-record/v1 unchanged)', () => {
  it('a meeting entry without committee.kind, observers[].kind, items[].kind, meeting.kind and meeting.closesOn verifies (standing, observer, appointment, sitting)', () => {
    const meeting = entryObject(clean.entries[0]!) as E;
    expect(meeting.committee.kind).toBe('standing');
    expect(meeting.meeting).toMatchObject({ kind: 'sitting', closesOn: null });
    const r = tamper(clean, keys, (entries) => {
      const m = entries[0] as E;
      delete m.committee.kind;
      delete m.meeting.kind;
      delete m.meeting.closesOn;
      for (const o of m.observers) delete o.kind;
      for (const it of m.items) delete it.kind;
    });
    expect(r.entries[0]).not.toContain('"kind"');
    const report = verifyRecord(r);
    expect(report.ok, report.firstFailure?.detail).toBe(true);
  });

  it('a kind present with a value outside its list still fails entry-format', () => {
    const r = tamper(clean, keys, (entries) => {
      (entries[0] as E).committee.kind = 'plenary';
    });
    expectFailure(r, 'entry-format', 0);
  });
});

describe('a removal is one person for one post (agenda), voted or not', () => {
  // Never voted: the tally, which would refuse it, is not there to.
  const unvoted = () => new MeetingBuilder(keys, { due: 5, observers: 1, items: [{ id: 'itm_r', nominees: ['nom_1', 'nom_2'], seats: 1 }] }).end().record();

  it('a removal item with 2 nominees and 1 seat, never voted, fails agenda', () => {
    const r = tamper(unvoted(), keys, (entries) => {
      (entries[0] as E).items[0].kind = 'removal';
    });
    expectFailure(r, 'agenda', 0);
  });

  it('the same unvoted item as an appointment (1:2) verifies', () => {
    const report = verifyRecord(unvoted());
    expect(report.ok, `${report.firstFailure?.id}: ${report.firstFailure?.detail}`).toBe(true);
  });

  it('a removal with one nominee marked openSelection fails agenda', () => {
    const r = tamper(clean, keys, (entries) => {
      const it = (entries[0] as E).items.find((i: E) => i.id === 'itm_a');
      it.kind = 'removal';
      it.openSelection = true;
    });
    expectFailure(r, 'agenda', 0);
  });
});

describe('the agenda: one item per position; alternates only in a full committee (R13)', () => {
  it('two items with the same position fail agenda', () => {
    const r = tamper(clean, keys, (entries) => {
      const items = (entries[0] as E).items;
      items[1].position = items[0].position;
    });
    expectFailure(r, 'agenda', 0);
  });

  it('an alternate observer in a standing committee fails agenda; in a full committee it passes that check', () => {
    const alt = (kind: string) =>
      tamper(clean, keys, (entries) => {
        const m = entries[0] as E;
        m.committee.kind = kind;
        m.observers[0].kind = 'alternate';
      });
    expectFailure(alt('standing'), 'agenda', 0);
    expect(verifyRecord(alt('full')).checks.find((c) => c.id === 'agenda')?.status).toBe('pass');
  });
});

describe('log order (docs/record-spec.md §6 "Order of the log", §8)', () => {
  const approveAll = (nominee: string) => () => ({ [nominee]: 'approve' as const });
  const twoItems = () => new MeetingBuilder(keys, { due: 5, observers: 1, items: [{ id: 'itm_a', nominees: ['nom_1'] }, { id: 'itm_b', nominees: ['nom_2'] }] });

  it('an item voted after it was postponed fails tally-decision, even when end calls it postponed (R9)', () => {
    const b = twoItems();
    b.postpone('itm_b', '需进一步考察');
    b.open('itm_b').castAll(approveAll('nom_2')).close().announce('itm_b');
    b.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    const r = tamper(b.end().record(), keys, (entries) => {
      // end as the log's postpone would have it: postponed at round 1, its round-1 tally standing.
      const end = entries.find((e) => e.type === 'end') as E;
      end.items[1] = { id: 'itm_b', round: 1, standingRound: 1, status: 'postponed' };
    });
    const postponed = r.entries.findIndex((e) => e.includes('"type":"postpone"'));
    expectFailure(r, 'tally-decision', postponed + 1);
  });

  it('a round postponed after a passed motion, the meeting going on with other items, verifies (R9, R10)', () => {
    const b = twoItems();
    b.open('itm_b').castAll(approveAll('nom_2')).close().announce('itm_b');
    b.open('itm_b', 'motion').castAll(() => ({ reconsider: 'approve' })).close();
    b.postpone('itm_b', '需进一步考察');
    b.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    const report = verifyRecord(b.end().record());
    expect(report.ok, `${report.firstFailure?.id}: ${report.firstFailure?.detail}`).toBe(true);
  });

  it('a class B key logged before the class A key of the same vote fails key-before-token', () => {
    const r = tamper(clean, keys, (entries) => {
      const a = findEntry(entries, (e) => e.type === 'key' && e.class === 'A');
      expect(entries[a + 1]!.type).toBe('key');
      [entries[a], entries[a + 1]] = [entries[a + 1]!, entries[a]!];
    });
    const b = r.entries.findIndex((e) => e.includes('"type":"key"'));
    expectFailure(r, 'key-before-token', b);
  });

  it('a vote opened without its class B key fails key-before-token, even with no observers on the roster', () => {
    const b = new MeetingBuilder(keys, { due: 5, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
    const valid = b.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a').end().record();
    expect(verifyRecord(valid).ok).toBe(true);
    const r = tamper(valid, keys, (entries) => entries.filter((e) => !(e.type === 'key' && (e as E).class === 'B')));
    const open = r.entries.findIndex((e) => e.includes('"type":"open"'));
    expectFailure(r, 'key-before-token', open);
  });

  it('a motion with a class B key fails key-before-token', () => {
    const b = twoItems();
    b.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    b.open('itm_a', 'motion').castAll(() => ({ reconsider: 'disapprove' })).close();
    const valid = b.open('itm_b').castAll(approveAll('nom_2')).close().announce('itm_b').end().record();
    expect(verifyRecord(valid).ok).toBe(true);
    const r = tamper(valid, keys, (entries) => {
      // A class B key for the motion: a valid key of an item this meeting does not have
      // (itm_c of the standard meeting), so its id is new here and only the motion's B key is wrong.
      const other = entryObject(clean.entries.find((e) => e.includes('"type":"key"') && e.includes('"class":"B"') && e.includes('"item":"itm_c"'))!) as E;
      const motionKey = findEntry(entries, (e) => e.type === 'key' && e.purpose === 'motion');
      const extra = { ...(entries[motionKey] as E), class: 'B', public_key: other.public_key, key_id: other.key_id };
      entries.splice(motionKey + 1, 0, extra as LogEntryObject);
    });
    expectFailure(r, 'key-before-token', r.entries.findIndex((e) => e.includes('"purpose":"motion"') && e.includes('"class":"B"')));
  });

  it('an entry between a close and its tally fails tally-counts (the close write is one write)', () => {
    let between = -1;
    const r = tamper(clean, keys, (entries) => {
      // A discussion of an item voted later: allowed anywhere before that item's keys, but not
      // inside another vote's close write.
      const close = findEntry(entries, (e) => e.type === 'close');
      expect(entries[close + 1]!.type).toBe('tally');
      entries.splice(close + 1, 0, { type: 'discussion', item: 'itm_c', round: 1, introducedBy: '组织部', speakers: [] } as LogEntryObject);
      between = close + 1;
    });
    expectFailure(r, 'tally-counts', between);
  });

  it('an entry between the close of a motion and its result fails tally-counts', () => {
    const b = twoItems();
    b.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    b.open('itm_a', 'motion').castAll(() => ({ reconsider: 'disapprove' })).close();
    const valid = b.open('itm_b').castAll(approveAll('nom_2')).close().announce('itm_b').end().record();
    let between = -1;
    const r = tamper(valid, keys, (entries) => {
      const close = findEntry(entries, (e) => e.type === 'close' && e.purpose === 'motion');
      expect(entries[close + 1]!.type).toBe('reconsider');
      entries.splice(close + 1, 0, { type: 'discussion', item: 'itm_b', round: 1, introducedBy: '组织部', speakers: [] } as LogEntryObject);
      between = close + 1;
    });
    expectFailure(r, 'tally-counts', between);
  });
});
