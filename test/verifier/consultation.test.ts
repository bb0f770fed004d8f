/**
 * A written consultation's record (docs/full-committee.md §5, docs/record-spec.md §6, §9): the
 * `quorum-at-open` and `consultation` checks. Every record is re-signed end to end with the
 * service key (tamper), so only the check under test can catch each lie.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEntryObject } from '../../crypto/log-entry';
import { verifyRecord, type CheckId, type MeetingRecord } from '../../src/verifier';
import { MeetingBuilder, newKeys, tamper, type Keys } from './fixtures';

type E = LogEntryObject & Record<string, any>;

let keys: Keys;

/**
 * 9 due (m09 excused), 2 observers, from 2026-03-02 to 2026-03-06; item itm_a answered by all 8
 * asked members and both observers, item itm_b by 5 members only; closed on `closedOn` each.
 */
function consultation(closedOn: { itm_a: string; itm_b: string } = { itm_a: '2026-03-04', itm_b: '2026-03-07' }, edit: (entries: E[]) => void = () => {}, excused = ['m09']): MeetingRecord {
  const b = new MeetingBuilder(keys, { meeting: 'mtg_c', due: 9, observers: 2, excused, date: '2026-03-02', items: [{ id: 'itm_a', nominees: ['nom_a'] }, { id: 'itm_b', nominees: ['nom_b'] }] });
  b.open('itm_a').castAll(() => ({ nom_a: 'approve' })).close().announce('itm_a');
  b.open('itm_b').castAll((p, i) => (i < 5 ? { nom_b: 'approve' } : null)).close().announce('itm_b');
  return tamper(b.end().record(), keys, (entries) => {
    const es = entries as E[];
    // The builder opens one vote at a time, as a sitting does; a consultation opens both items in
    // the first write (record-spec §3): itm_b's keys and open move up behind itm_a's.
    const opening = es.filter((e) => (e.type === 'key' || e.type === 'open') && e.item === 'itm_b');
    es.splice(0, es.length, ...es.slice(0, 4), ...opening, ...es.slice(4).filter((e) => !opening.includes(e)));
    Object.assign(es[0]!.meeting, { kind: 'consultation', closesOn: '2026-03-06' });
    for (const e of es) if (e.type === 'close') e.closedOn = closedOn[e.item as 'itm_a' | 'itm_b'];
    edit(es);
  });
}

function expectFirstFailure(record: MeetingRecord, check: CheckId): void {
  const report = verifyRecord(record);
  expect(report.ok).toBe(false);
  expect(report.firstFailure?.id, report.firstFailure?.detail).toBe(check);
}

beforeAll(() => {
  keys = newKeys();
});

describe('a consultation record', () => {
  it('verifies: no presence quorum, everyone asked, closed early only once all asked answered', () => {
    const report = verifyRecord(consultation());
    expect(report.firstFailure).toBeUndefined();
    expect(report.checks.find((c) => c.id === 'consultation')?.status).toBe('pass');
    expect(report.checks.find((c) => c.id === 'quorum-at-open')?.detail).toMatch(/everyone asked/);
  });

  it('passes quorum-at-open with few answers (present is everyone asked), where a sitting with those present would fail', () => {
    // The same log as a sitting whose open names only the 5 who answered itm_b: R1 fails there.
    const sitting = consultation(undefined, (es) => {
      delete es[0]!.meeting.kind;
      delete es[0]!.meeting.closesOn;
      for (const e of es) if (e.type === 'close') delete e.closedOn;
      const open = es.find((e) => e.type === 'open' && e.item === 'itm_b')!;
      open.present.members = open.present.members.slice(0, 5);
      open.present.observers = [];
      open.presentCount = { A: 5, B: 0 };
    });
    expectFirstFailure(sitting, 'quorum-at-open');
  });
});

describe('R1 on those asked', () => {
  it('passes with 6 of 9 due asked (3 excused), and fails with 5 of 9 (4 excused): 3 × asked ≥ 2 × due', () => {
    expect(verifyRecord(consultation(undefined, undefined, ['m07', 'm08', 'm09'])).firstFailure).toBeUndefined();
    const report = verifyRecord(consultation(undefined, undefined, ['m06', 'm07', 'm08', 'm09']));
    expect(report.firstFailure?.id, report.firstFailure?.detail).toBe('quorum-at-open');
    expect(report.firstFailure?.detail).toMatch(/5 of 9 due asked/);
  });
});

describe('the opening of a consultation: every item in the first write after the meeting entry', () => {
  it('fails when an item is opened later, after another was closed (as a sitting would)', () => {
    expectFirstFailure(
      consultation(undefined, (es) => {
        const opening = es.filter((e) => (e.type === 'key' || e.type === 'open') && e.item === 'itm_b');
        const rest = es.filter((e) => !opening.includes(e));
        const afterA = rest.findIndex((e) => e.type === 'announce' && e.item === 'itm_a') + 1;
        es.splice(0, es.length, ...rest.slice(0, afterA), ...opening, ...rest.slice(afterA));
      }),
      'consultation',
    );
  });

  it('fails when the items open out of agenda order', () => {
    expectFirstFailure(
      consultation(undefined, (es) => {
        const b = es.splice(4, 3);
        es.splice(1, 0, ...b);
      }),
      'consultation',
    );
  });
});

describe('quorum-at-open in a consultation: present = everyone asked', () => {
  it('fails when an opening leaves out a member not excused', () => {
    expectFirstFailure(
      consultation(undefined, (es) => {
        const open = es.find((e) => e.type === 'open' && e.item === 'itm_b')!;
        // m08 never answered itm_b: dropping them from present changes nothing else.
        open.present.members = open.present.members.filter((p: string) => p !== 'm08');
        open.presentCount = { ...open.presentCount, A: open.present.members.length };
      }),
      'quorum-at-open',
    );
  });

  it('fails when an opening leaves out an observer or alternate', () => {
    expectFirstFailure(
      consultation(undefined, (es) => {
        const open = es.find((e) => e.type === 'open' && e.item === 'itm_b')!;
        open.present.observers = open.present.observers.slice(0, 1);
        open.presentCount = { ...open.presentCount, B: 1 };
      }),
      'quorum-at-open',
    );
  });
});

describe('the consultation check', () => {
  it('fails a close inside the window while someone asked had not answered', () => {
    expectFirstFailure(consultation({ itm_a: '2026-03-04', itm_b: '2026-03-06' }), 'consultation');
  });

  it('fails a close before the consultation began', () => {
    expectFirstFailure(consultation({ itm_a: '2026-03-01', itm_b: '2026-03-07' }), 'consultation');
  });

  it('fails a close of a consultation that does not name its day', () => {
    expectFirstFailure(
      consultation(undefined, (es) => {
        delete es.find((e) => e.type === 'close' && e.item === 'itm_b')!.closedOn;
      }),
      'consultation',
    );
  });

  it('fails a window longer than 30 days, or one ending before it begins', () => {
    expectFirstFailure(consultation({ itm_a: '2026-03-04', itm_b: '2026-04-02' }, (es) => (es[0]!.meeting.closesOn = '2026-04-01')), 'consultation');
    expectFirstFailure(consultation(undefined, (es) => (es[0]!.meeting.closesOn = '2026-03-01')), 'consultation');
  });

  it('fails a consultation without a closing day, and a sitting with one', () => {
    expectFirstFailure(consultation(undefined, (es) => (es[0]!.meeting.closesOn = null)), 'consultation');
    expectFirstFailure(
      consultation(undefined, (es) => {
        es[0]!.meeting.kind = 'sitting';
      }),
      'consultation',
    );
  });

  it('fails a sitting whose close names a day', () => {
    expectFirstFailure(
      consultation(undefined, (es) => {
        es[0]!.meeting.kind = 'sitting';
        es[0]!.meeting.closesOn = null;
      }),
      'consultation',
    );
  });

  it('fails a reconsideration motion (R10)', () => {
    const b = new MeetingBuilder(keys, { meeting: 'mtg_m', due: 5, observers: 0, date: '2026-03-02', items: [{ id: 'itm_m', nominees: ['nom_m'] }] });
    b.open('itm_m').castAll(() => ({ nom_m: 'disapprove' })).close().announce('itm_m');
    b.open('itm_m', 'motion').castAll(() => ({ reconsider: 'disapprove' })).close();
    const record = tamper(b.end().record(), keys, (entries) => {
      const es = entries as E[];
      Object.assign(es[0]!.meeting, { kind: 'consultation', closesOn: '2026-03-06' });
      for (const e of es) if (e.type === 'close') e.closedOn = '2026-03-02';
    });
    expectFirstFailure(record, 'consultation');
  });

  it('rejects a meeting kind or a close day of the wrong form (entry-format)', () => {
    expectFirstFailure(consultation(undefined, (es) => (es[0]!.meeting.kind = 'referendum')), 'entry-format');
    expectFirstFailure(consultation(undefined, (es) => (es.find((e) => e.type === 'close')!.closedOn = '2026-02-30')), 'entry-format');
  });
});
