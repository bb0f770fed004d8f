/**
 * The procedure checks (issue 14): each record here is signed end to end with the service key —
 * what a dishonest operator can do — and is honest arithmetic, so only the semantic check that
 * names the broken rule can catch it. Meetings come from the fixture builder (the live vote's
 * own entry builders) or from tampering a valid record and re-signing it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEntryObject } from '../../crypto/log-entry';
import { barLiftsOn } from '../../src/rules';
import { verifyRecord, type CheckId, type MeetingRecord } from '../../src/verifier';
import { checkpointNote, entryObject, findEntry, MeetingBuilder, newKeys, standardMeeting, tamper, type Keys } from './fixtures';

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

const members = (n: number) => Array.from({ length: n }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
const approveAll = (nominee: string) => () => ({ [nominee]: 'approve' as const });

describe('R1 at every opening (quorum-at-open)', () => {
  it('a vote opened with 5 of 9 due present fails, though its tally honestly says quorate: false', () => {
    const b = new MeetingBuilder(keys, { due: 9, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
    b.open('itm_a', 'vote', { members: members(5) }).castAll(approveAll('nom_1')).close().announce('itm_a').end();
    const record = b.record();
    const tally = record.entries.findIndex((e) => e.includes('"type":"tally"'));
    expect(record.entries[tally]).toContain('"quorate":false');
    expectFailure(record, 'quorum-at-open', record.entries.findIndex((e) => e.includes('"type":"open"')));
  });

  it('a reconsideration motion opened below quorum fails', () => {
    const b = new MeetingBuilder(keys, { due: 9, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
    b.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    b.open('itm_a', 'motion', { members: members(5) }).castAll(() => ({ reconsider: 'disapprove' })).close().end();
    expectFailure(b.record(), 'quorum-at-open');
  });

  it('exactly two-thirds present passes (due 9, 6 present)', () => {
    const b = new MeetingBuilder(keys, { due: 9, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
    b.open('itm_a', 'vote', { members: members(6) }).castAll(approveAll('nom_1')).close().announce('itm_a').end();
    expect(verifyRecord(b.record()).ok).toBe(true);
  });
});

describe('the agenda (R5, R8)', () => {
  it('31 distinct nominees fail agenda; 30 pass', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `itm_${i}`, nominees: [`nom_${i}`] }));
    expectFailure(new MeetingBuilder(keys, { due: 5, observers: 0, items: items(31) }).end().record(), 'agenda', 0);
    expect(verifyRecord(new MeetingBuilder(keys, { due: 5, observers: 0, items: items(30) }).end().record()).ok).toBe(true);
  });

  it('the same nominee on two items counts once (R15)', () => {
    const items = Array.from({ length: 31 }, (_, i) => ({ id: `itm_${i}`, nominees: [`nom_${i % 30}`] }));
    expect(verifyRecord(new MeetingBuilder(keys, { due: 5, observers: 0, items }).end().record()).ok).toBe(true);
  });

  it('2 seats for 3 nominees fail agenda under the default 1:2 policy; 2 for 4 pass', () => {
    const b3 = new MeetingBuilder(keys, { due: 5, observers: 0, items: [{ id: 'itm_a', nominees: ['n1', 'n2', 'n3'], seats: 2 }] }).end();
    expectFailure(b3.record(), 'agenda', 0);
    const b4 = new MeetingBuilder(keys, { due: 5, observers: 0, items: [{ id: 'itm_a', nominees: ['n1', 'n2', 'n3', 'n4'], seats: 2 }] }).end();
    expect(verifyRecord(b4.record()).ok).toBe(true);
  });

  it('an open selection needs 1:3: the 2-for-1 item marked openSelection fails agenda', () => {
    const r = tamper(clean, keys, (entries) => {
      (entries[0] as E).items.find((i: E) => i.id === 'itm_b').openSelection = true;
    });
    expectFailure(r, 'agenda', 0);
  });
});

describe('R12: every standing result announced before the end (announced-before-end)', () => {
  it('a closed vote never announced fails', () => {
    const r = tamper(clean, keys, (entries) => {
      entries.splice(findEntry(entries, (e) => e.type === 'announce' && e.item === 'itm_b'), 1);
    });
    expectFailure(r, 'announced-before-end');
  });

  it('every tally is announced, a reconsidered round too: a motion on an unannounced result fails reconsideration (R12 before R10)', () => {
    const b = new MeetingBuilder(keys, { due: 9, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
    b.open('itm_a').castAll(approveAll('nom_1')).close();
    b.open('itm_a', 'motion').castAll(() => ({ reconsider: 'approve' })).close();
    b.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    expectFailure(b.end().record(), 'reconsideration');
    const c = new MeetingBuilder(keys, { due: 9, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
    c.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    c.open('itm_a', 'motion').castAll(() => ({ reconsider: 'approve' })).close();
    c.open('itm_a').castAll(approveAll('nom_1')).close();
    expectFailure(c.end().record(), 'announced-before-end');
    const d = new MeetingBuilder(keys, { due: 9, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
    d.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    d.open('itm_a', 'motion').castAll(() => ({ reconsider: 'approve' })).close();
    d.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    expect(verifyRecord(d.end().record()).ok).toBe(true);
  });
});

describe('R3: bars dated on the meeting date (bars)', () => {
  it('a bar dated a year earlier, so that it has already lifted, fails bars', () => {
    let at = -1;
    const r = tamper(clean, keys, (entries) => {
      at = findEntry(entries, (e) => e.type === 'tally' && e.item === 'itm_c');
      const bar = (entries[at] as E).bars[0];
      bar.voteDate = '2025-03-02';
      bar.liftsOn = barLiftsOn('2025-03-02');
    });
    expectFailure(r, 'bars', at);
  });
});

describe('R10: reconsideration', () => {
  function motionMeeting(yes: number) {
    const b = new MeetingBuilder(keys, { due: 10, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
    b.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    b.open('itm_a', 'motion').castAll((_p, i) => ({ reconsider: i < yes ? 'approve' : 'disapprove' })).close();
    return b;
  }

  it('a motion with half of those due in favour, logged as passed, fails reconsideration (2 × yes > due)', () => {
    const record = motionMeeting(5).end().record();
    expect(verifyRecord(record).ok).toBe(true);
    let at = -1;
    const r = tamper(record, keys, (entries) => {
      at = findEntry(entries, (e) => e.type === 'reconsider');
      Object.assign(entries[at] as E, { passed: true, reconsideredRound: 1, nextRound: 2 });
    });
    expectFailure(r, 'reconsideration', at);
  });

  it('a second round without a passed motion fails reconsideration', () => {
    const b = new MeetingBuilder(keys, { due: 9, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
    b.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    // The builder moves to round 2 only after a passed motion; here no motion was held.
    (b as unknown as { items: Map<string, { round: number }> }).items.get('itm_a')!.round = 2;
    b.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a').end();
    const record = b.record();
    const secondOpen = record.entries.findLastIndex((e) => e.includes('"type":"key"'));
    expectFailure(record, 'reconsideration', secondOpen - 1);
  });

  it('a motion on a round that was never tallied fails reconsideration', () => {
    const b = new MeetingBuilder(keys, { due: 9, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }, { id: 'itm_b', nominees: ['nom_2'] }] });
    b.open('itm_b', 'motion').castAll(() => ({ reconsider: 'approve' })).close().end();
    expectFailure(b.record(), 'reconsideration');
  });
});

describe('the issuance roll (issuance-roll)', () => {
  it('two issued entries out of person order fail', () => {
    let at = -1;
    const r = tamper(clean, keys, (entries) => {
      const i = findEntry(entries, (e) => e.type === 'issued' && e.item === 'itm_b');
      [entries[i], entries[i + 1]] = [entries[i + 1]!, entries[i]!];
      at = i + 1;
    });
    expectFailure(r, 'issuance-roll', at);
  });

  it('an issued entry moved before the open of its vote is caught (issued-within-present), after its ballots too (issuance-roll)', () => {
    const r = tamper(clean, keys, (entries) => {
      const i = findEntry(entries, (e) => e.type === 'issued' && e.item === 'itm_b');
      const [issued] = entries.splice(i, 1);
      entries.splice(findEntry(entries, (e) => e.type === 'close' && e.item === 'itm_b'), 0, issued!);
    });
    expectFailure(r, 'issuance-roll');
  });
});

describe('checkpoints exactly at the format points (checkpoint-root)', () => {
  it('an extra checkpoint inside a close write fails', () => {
    const r: MeetingRecord = { ...clean, checkpoints: [...clean.checkpoints] };
    const inside = clean.entries.findIndex((e) => e.includes('"type":"close"'));
    r.checkpoints.push({ size: inside, note: checkpointNote(clean.entries, inside, keys.service.signerKey) });
    r.checkpoints.sort((a, b) => a.size - b.size);
    expectFailure(r, 'checkpoint-root', inside - 1);
  });

  it('a missing checkpoint after an opening write fails', () => {
    const open = clean.entries.findIndex((e) => e.includes('"type":"open"'));
    const r: MeetingRecord = { ...clean, checkpoints: clean.checkpoints.filter((c) => c.size !== open + 1) };
    expect(r.checkpoints.length).toBe(clean.checkpoints.length - 1);
    expectFailure(r, 'checkpoint-root', open);
  });
});

describe('exactly the members the spec lists (entry-format)', () => {
  const cases: Array<[string, (entries: E[]) => void]> = [
    ['an extra member in an announce entry', (es) => void (es.find((e) => e.type === 'announce')!.note = 'x')],
    ['an extra member in the meeting entry', (es) => void (es[0]!.extra = 1)],
    ['an extra member in a nested tally object', (es) => void (es.find((e) => e.type === 'tally')!.A.decision.hint = 'ok')],
    ['a missing member (presentCount)', (es) => void delete es.find((e) => e.type === 'open')!.presentCount],
    ['purpose on a tally', (es) => void (es.find((e) => e.type === 'tally')!.purpose = 'vote')],
    ['a string count', (es) => void (es.find((e) => e.type === 'close')!.issued.A = '9')],
    ['an unknown item status in end', (es) => void (es.find((e) => e.type === 'end')!.items[0].status = 'done')],
  ];
  for (const [name, edit] of cases) {
    it(`${name} fails entry-format`, () => {
      expectFailure(tamper(clean, keys, (entries) => edit(entries as E[])), 'entry-format');
    });
  }
});

describe('the end entry and the order of lists', () => {
  it("an end entry that misstates an item's final status fails announced-before-end", () => {
    const r = tamper(clean, keys, (entries) => {
      (entries.find((e) => e.type === 'end') as E).items[1].status = 'pending';
    });
    expectFailure(r, 'announced-before-end');
  });

  it('a postponed item ends postponed; a round opened by a passed motion and postponed ends postponed at that round', () => {
    const b = new MeetingBuilder(keys, { due: 9, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }, { id: 'itm_b', nominees: ['nom_2'] }] });
    b.postpone('itm_b', '意见分歧较大');
    b.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    b.open('itm_a', 'motion').castAll(() => ({ reconsider: 'approve' })).close();
    b.postpone('itm_a', '需进一步考察');
    const record = b.end().record();
    expect(verifyRecord(record).checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(record.entries.at(-1)).toContain('{"id":"itm_a","round":2,"standingRound":1,"status":"postponed"}');
  });

  it('a present list out of order fails issued-within-present', () => {
    const r = tamper(clean, keys, (entries) => {
      const open = entries.find((e) => e.type === 'open') as E;
      open.present.members.reverse();
    });
    expectFailure(r, 'issued-within-present');
  });
});

describe("the committee's policies, as the meeting entry logs them", () => {
  // Due 10: 5 approve is exactly half.
  const half = (p: string) => (_p: string, i: number) => ({ [p]: i < 5 ? ('approve' as const) : ('disapprove' as const) });

  it("R2 'half-or-more' (000): exactly half approves; the same record read under the default fails tally-decision", () => {
    const b = new MeetingBuilder(keys, { due: 10, observers: 0, policies: { majority: 'half-or-more' }, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
    b.open('itm_a').castAll(half('nom_1')).close().announce('itm_a').end();
    const record = b.record();
    expect(verifyRecord(record).checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(record.entries.find((e) => e.includes('"type":"tally"'))).toContain('"approved":true');
    const r = tamper(record, keys, (entries) => {
      (entries[0] as E).committee.policies.majority = 'more-than-half';
    });
    expectFailure(r, 'tally-decision');
  });

  it("R8 'one-or-two-more' (003): 3 or 4 nominees for 2 seats pass agenda, 5 fail; under the default 3 for 2 fails", () => {
    const item = (n: number) => ({ id: 'itm_a', seats: 2, nominees: Array.from({ length: n }, (_, i) => `nom_${i}`) });
    const under = (n: number, ratio: 'one-or-two-more' | 'proportional') => new MeetingBuilder(keys, { due: 7, observers: 0, policies: { ratio }, items: [item(n)] }).end().record();
    expect(verifyRecord(under(3, 'one-or-two-more')).ok).toBe(true);
    expect(verifyRecord(under(4, 'one-or-two-more')).ok).toBe(true);
    expectFailure(under(5, 'one-or-two-more'), 'agenda', 0);
    expectFailure(under(3, 'proportional'), 'agenda', 0);
    expect(verifyRecord(under(5, 'proportional')).ok).toBe(true);
  });

  it("R10 'half-or-more' (002): a motion with exactly half passes; logged under the default rule it fails reconsideration", () => {
    const b = new MeetingBuilder(keys, { due: 10, observers: 0, policies: { motion: 'half-or-more' }, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
    b.open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a');
    b.open('itm_a', 'motion').castAll(half('reconsider')).close();
    const record = b.end().record();
    expect(verifyRecord(record).checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(record.entries.find((e) => e.includes('"type":"reconsider"'))).toContain('"passed":true');
    let at = -1;
    const r = tamper(record, keys, (entries) => {
      at = findEntry(entries, (e) => e.type === 'reconsider');
      (entries[at] as E).rule = 'more-than-half';
    });
    expectFailure(r, 'reconsideration', at);
    expectFailure(tamper(record, keys, (entries) => void ((entries[0] as E).committee.policies.motion = 'more-than-half')), 'reconsideration');
  });

  it('an unknown policy, or a missing one, fails entry-format', () => {
    expectFailure(tamper(clean, keys, (entries) => void ((entries[0] as E).committee.policies.ratio = '1:2')), 'entry-format');
    expectFailure(tamper(clean, keys, (entries) => void delete (entries[0] as E).committee.policies.motion), 'entry-format');
  });
});

describe('R10: the bars of a reconsidered round stand until the new round replaces them (bars, announced-before-end)', () => {
  // Due 8: 5 disapprove bars (2 × 5 ≥ 8); 5 yes pass the motion (2 × 5 > 8).
  const barredThenMoved = () => {
    const b = new MeetingBuilder(keys, { due: 8, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
    b.open('itm_a').castAll((_p, i) => ({ nom_1: i < 5 ? 'disapprove' : 'approve' })).close().announce('itm_a');
    b.open('itm_a', 'motion').castAll((_p, i) => ({ reconsider: i < 5 ? 'approve' : 'disapprove' })).close();
    return b;
  };

  it('a meeting that ends without round 2: round 1 stands (standingRound 1); claiming otherwise fails', () => {
    const record = barredThenMoved().end().record();
    expect(verifyRecord(record).checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(record.entries.at(-1)).toContain('{"id":"itm_a","round":2,"standingRound":1,"status":"pending"}');
    expectFailure(tamper(record, keys, (entries) => void ((entries.at(-1) as E).items[0].standingRound = null)), 'announced-before-end');
  });

  it("round 2's tally lists the bar it replaces; leaving it out, or replacing a bar in round 1, fails bars", () => {
    const record = barredThenMoved().open('itm_a').castAll(approveAll('nom_1')).close().announce('itm_a').end().record();
    expect(verifyRecord(record).checks.filter((c) => c.status !== 'pass')).toEqual([]);
    const round2 = entryAt(record, (e) => e.type === 'tally' && e.round === 2);
    expect(round2.barsReplaced).toHaveLength(1);
    expectFailure(tamper(record, keys, (entries) => void ((entries.find((e) => e.type === 'tally' && e.round === 2) as E).barsReplaced = [])), 'bars');
    expectFailure(
      tamper(record, keys, (entries) => {
        const r1 = entries.find((e) => e.type === 'tally' && e.round === 1) as E;
        r1.barsReplaced = r1.bars;
      }),
      'bars',
    );
  });
});

describe('R15 and R9 in the meeting entry (identity, agenda)', () => {
  it('two roster rows with the same name fail identity unless one is confirmed distinct from the other', () => {
    const same = tamper(clean, keys, (entries) => {
      const due = (entries[0] as E).due;
      due[1].name = due[0].name;
    });
    expectFailure(same, 'identity', 0);
    const confirmed = tamper(clean, keys, (entries) => {
      const due = (entries[0] as E).due;
      due[1].name = due[0].name;
      due[1].distinctFrom = [due[0].person];
    });
    expect(verifyRecord(confirmed).checks.find((c) => c.id === 'identity')?.status).toBe('pass');
  });

  it('two nominees with the same name and birth date fail identity; a second secretary fails too', () => {
    const nominees = tamper(clean, keys, (entries) => {
      const items = (entries[0] as E).items;
      const [a, b] = [items[0].nominees[0], items[1].nominees[0]];
      Object.assign(b, { name: a.name, birthDate: a.birthDate });
    });
    expectFailure(nominees, 'identity', 0);
    const secretaries = tamper(clean, keys, (entries) => {
      const due = (entries[0] as E).due;
      due[0].role = 'secretary';
      due[1].role = 'secretary';
    });
    expectFailure(secretaries, 'identity', 0);
  });

  it('an item that takes up a postponement of its own meeting fails agenda', () => {
    const r = tamper(clean, keys, (entries) => {
      const m = entries[0] as E;
      m.items[0].followsUp = { meeting: m.meeting.id, item: m.items[1].id, postponeLeaf: '0'.repeat(64) };
    });
    expectFailure(r, 'agenda', 0);
  });
});

function entryAt(record: MeetingRecord, pred: (e: E) => boolean): E {
  const e = record.entries.map((x) => entryObject(x) as E).find(pred);
  if (!e) throw new Error('no such entry');
  return e;
}

describe('R11: the discussion before a vote (discussion)', () => {
  const discussion = (item: string, speakers: string[], round = 1) =>
    ({ type: 'discussion', item, round, introducedBy: '县委组织部部长', speakers: speakers.map((p) => ({ person: p, name: `Member ${p}` })) }) as unknown as LogEntryObject;
  /** The clean meeting with a discussion of itm_a inserted at `where` (before its keys by default), m09 the secretary. */
  const withDiscussion = (speakers: string[], where: (entries: LogEntryObject[]) => number = (es) => findEntry(es, (e) => e.type === 'key' && e.item === 'itm_a')) =>
    tamper(clean, keys, (entries) => {
      (entries[0] as E).due[8].role = 'secretary';
      entries.splice(where(entries), 0, discussion('itm_a', speakers));
    });

  it('a discussion before the vote, the secretary last, passes; it is optional', () => {
    const report = verifyRecord(withDiscussion(['m02', 'm01', 'm09']));
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(verifyRecord(clean).checks.find((c) => c.id === 'discussion')?.status).toBe('pass');
  });

  it('the secretary before another speaker fails', () => {
    expectFailure(withDiscussion(['m02', 'm09', 'm01']), 'discussion');
  });

  it('a discussion after the vote opened, a speaker not on the roster or misnamed, or a second discussion of the round fails', () => {
    expectFailure(withDiscussion(['m01'], (es) => findEntry(es, (e) => e.type === 'open' && e.item === 'itm_a') + 1), 'discussion');
    expectFailure(withDiscussion(['m99']), 'discussion');
    expectFailure(
      tamper(clean, keys, (entries) => {
        const d = discussion('itm_a', ['m01']) as E;
        d.speakers[0].name = 'Someone else';
        entries.splice(1, 0, d);
      }),
      'discussion',
    );
    expectFailure(
      tamper(clean, keys, (entries) => {
        entries.splice(1, 0, discussion('itm_a', ['m01']), discussion('itm_a', ['m02']));
      }),
      'discussion',
    );
  });

  it('nobody introducing the item fails, white space alone (an ideographic space) included: blank, record-spec §6', () => {
    for (const introducedBy of ['', ' ', '\u3000\n']) {
      expectFailure(
        tamper(clean, keys, (entries) => {
          entries.splice(1, 0, { ...(discussion('itm_a', ['m01']) as E), introducedBy } as LogEntryObject);
        }),
        'discussion',
      );
    }
  });
});
