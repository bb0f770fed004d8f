/**
 * The outside tester's report on the printed results and minutes (src/report): each case is a
 * sealed record from test/vectors/records, or one edited entry by entry where no vector has the
 * case (the report is a pure reader of the log: an edited record no longer verifies, so it
 * prints no tally hash, which these tests do not look at).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../crypto/bytes';
import { entryBytes, parseEntry, type LogEntryObject } from '../../crypto/log-entry';
import { renderReport } from '../../src/report/html';
import { buildReport, type Report } from '../../src/report/model';
import { parseRecord } from '../../src/verifier/record';

const decoder = new TextDecoder();

/** A vector's report; `edit` rewrites its log entries first. */
function vector(file: string, edit?: (entries: LogEntryObject[]) => LogEntryObject[]): Report {
  const record = parseRecord(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'vectors', 'records', file), 'utf8')));
  if (!edit) return buildReport(record);
  const entries = edit(record.entries.map((t) => parseEntry(utf8(t))));
  return buildReport({ ...record, entries: entries.map((e) => decoder.decode(entryBytes(e))) });
}

/** The text of one part, tags dropped, so a test reads what the paper says. */
function text(r: Report, part: 'sheets' | 'summary' | 'minutes', item?: string): string {
  return renderReport(r, { parts: [part], ...(item ? { item } : {}) })
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ');
}

describe('R10: a passed reconsideration with no new round leaves the earlier result standing', () => {
  // valid-policies.json: item 2's round 1 (one nominee, not approved) was reconsidered by a
  // passed motion, and the meeting ended without round 2 (end: status pending, standingRound 1).
  const report = vector('valid-policies.json');
  const item = report.items.find((i) => i.motions.length > 0)!;

  it('the summary prints round 1’s result, not "not voted"', () => {
    expect(item).toMatchObject({ status: 'pending', standingRound: 1 });
    const summary = text(report, 'summary');
    const row = summary.slice(summary.indexOf(item.title));
    expect(row.slice(0, 40)).toContain('无人通过');
    expect(row).toContain('复议通过,未重新表决,第 1 轮结果有效');
    expect(row.slice(0, 80)).not.toContain('未表决 ');
  });

  it('the sheet and the minutes say the motion passed but no new round was voted, so round 1 stands', () => {
    const sheet = text(report, 'sheets', item.id);
    expect(sheet).toContain('第 1 轮表决(复议动议通过,但会议结束前未重新表决,本轮结果有效(R10))');
    expect(sheet).toContain('通过,但会议结束前未重新表决,第 1 轮结果有效');
    expect(sheet).not.toContain('取代');
    const minutes = text(report, 'minutes');
    const motion = minutes.indexOf('复议动议(第 1 轮)');
    expect(motion).toBeGreaterThan(-1);
    expect(minutes.slice(motion)).toMatch(/^[^。]*,通过[^。]*。会议结束前未重新表决,第 1 轮结果有效\(R10\)。/);
    expect(minutes).not.toContain('由下一轮取代');
  });

  it('a passed motion followed by postponing round 2 still prints round 1’s result', () => {
    const postponed = vector('valid-policies.json', (entries) => {
      const at = entries.findIndex((e) => e.type === 'end');
      return [...entries.slice(0, at), { type: 'postpone', item: item.id, round: 2, reason: '需进一步考察' }, ...entries.slice(at)];
    });
    const p = postponed.items.find((i) => i.id === item.id)!;
    expect(p.status).toBe('postponed');
    const summary = text(postponed, 'summary');
    const row = summary.slice(summary.indexOf(p.title));
    expect(row.slice(0, 40)).toContain('无人通过');
    expect(row).toContain('复议通过后暂缓表决,第 1 轮结果有效');
    expect(text(postponed, 'sheets', p.id)).toContain('通过,其后暂缓表决,第 1 轮结果有效');
  });

  it('a round that a later round did replace is still said to be replaced, by that round', () => {
    // valid-full-meeting.json: item 3's round 1 was reconsidered and round 2 voted.
    const full = vector('valid-full-meeting.json');
    const again = full.items.find((i) => i.rounds.length === 2)!;
    expect(again.standingRound).toBe(2);
    expect(text(full, 'sheets', again.id)).toContain('第 1 轮表决(已复议,由第 2 轮取代)');
    expect(text(full, 'minutes')).toContain('第 1 轮结果由第 2 轮取代。');
  });
});

describe('R3: a barred nominee is worded by the bar policy', () => {
  // valid-policies.json item 1: a nominee barred under 'disapprove-half' (same post).
  it('same post under disapprove-half', () => {
    const sheets = text(vector('valid-policies.json'), 'sheets');
    expect(sheets).toContain('一年内不得就同一职位提名(R3)');
    expect(sheets).not.toContain('任何职位');
  });

  it('any post under not-approved (002), as the tally’s rule names it', () => {
    const report = vector('valid-policies.json', (entries) =>
      entries.map((e) => {
        if (e.type === 'meeting') return { ...e, committee: { ...(e.committee as object), policies: { ...((e.committee as { policies: object }).policies), bar: 'not-approved' } } };
        if (e.type !== 'tally') return e;
        const A = e.A as { rule: object };
        return { ...e, A: { ...A, rule: { ...A.rule, barRule: 'not-approved' } }, bars: (e.bars as object[]).map((b) => ({ ...b, rule: 'not-approved' })) };
      }),
    );
    expect(report.items[0]!.rounds[0]!.barRule).toBe('not-approved');
    const sheets = text(report, 'sheets', report.items[0]!.id);
    expect(sheets).toContain('一年内不得再次推荐任何职位(R3)');
    expect(sheets).not.toContain('一年内不得就同一职位提名(R3)');
  });
});

describe('R13: a full committee’s people are worded as it has them', () => {
  // valid-nomination-full.json: a full committee's sitting; its class B is one alternate member.
  const report = vector('valid-nomination-full.json');

  it('the sheet: A 委员, B 候补委员、列席', () => {
    expect(report.committee.kind).toBe('full');
    const sheets = text(report, 'sheets');
    expect(sheets).toContain('A 票(委员,决定结果)');
    expect(sheets).toContain('B 票(候补委员、列席,仅供参考,不影响结果)');
    expect(sheets).not.toContain('常委');
  });

  it('the summary and the minutes: 应到会委员, and the alternate counted as 候补委员, not 列席', () => {
    const summary = text(report, 'summary');
    expect(summary).toContain(`应到会委员 ${report.due.length} 人;候补委员 1 人;列席 0 人。`);
    const minutes = text(report, 'minutes');
    expect(minutes).toContain(`应到会委员 ${report.due.length} 人,实到`);
    expect(minutes).toContain('候补委员 1 人:候补委员1。');
    expect(minutes).toContain('列席 0 人:无。');
    expect(minutes).not.toContain('常委');
  });

  it('a standing committee keeps 常委 and 列席', () => {
    const standing = vector('valid-nomination-standing.json');
    expect(text(standing, 'sheets')).toContain('A 票(常委,决定结果)');
    expect(text(standing, 'minutes')).toContain('应到会常委');
    expect(text(standing, 'minutes')).not.toContain('候补委员');
  });
});

describe('a written consultation’s minutes say what it was (docs/full-committee.md §5)', () => {
  // valid-consultation.json: a full committee asked in writing, two items, closed after answers.
  const report = vector('valid-consultation.json');
  const minutes = text(report, 'minutes');

  it('asked and answered, not 实到; no sitting, no announcing on the spot, no rounds', () => {
    expect(report.meeting).toMatchObject({ kind: 'consultation', closesOn: '2026-03-04' });
    expect(minutes).toContain('书面征求意见记录(草稿)');
    expect(minutes).toContain('征求意见情况');
    expect(minutes).toContain('时间为2026年3月2日至2026年3月4日');
    expect(minutes).toMatch(/征求意见 \d+ 人,作答 4 人,未作答 \d+ 人,2026年3月2日结束征求意见。/);
    expect(minutes).toContain('会议主持人宣布了结果。');
    expect(minutes).toContain('会议主持人宣布书面征求意见结束。');
    for (const sitting of ['实到', '当场宣布', '无记名投票:', '第 1 轮', '散会', '出席情况']) expect(minutes, sitting).not.toContain(sitting);
  });

  it('no reconsideration in its rules line, and the sheet counts answers', () => {
    const summary = text(report, 'summary');
    expect(summary).toContain('表决规则:');
    expect(summary).not.toContain('复议');
    const sheet = text(report, 'sheets', report.items[0]!.id);
    expect(sheet).toContain('书面征求意见(2026年3月2日至2026年3月4日');
    expect(sheet).toContain('作答');
    expect(sheet).not.toContain('当场宣布');
    expect(sheet).not.toContain('复议');
  });

  it('a sitting keeps its words', () => {
    const sitting = text(vector('valid-full-meeting.json'), 'minutes');
    expect(sitting).toContain('出席情况');
    expect(sitting).toContain('第 1 轮无记名投票:应到');
    expect(sitting).toContain('会议主持人当场宣布了结果。');
  });
});

describe('the minutes tell each item in log order, and a removal in its own words', () => {
  it('the motion comes between round 1 and the round it opened', () => {
    // valid-full-meeting.json: item 3 — round 1, a passed motion, round 2.
    const full = vector('valid-full-meeting.json');
    const again = full.items.find((i) => i.rounds.length === 2)!;
    expect(again.steps.map((s) => s.kind)).toEqual(['round', 'motion', 'round']);
    const minutes = text(full, 'minutes');
    const round1 = minutes.indexOf('第 1 轮无记名投票', minutes.indexOf(again.title));
    const motion = minutes.indexOf('复议动议(第 1 轮)', round1);
    const round2 = minutes.indexOf('第 2 轮无记名投票', round1);
    expect(round1).toBeGreaterThan(-1);
    expect(motion).toBeGreaterThan(round1);
    expect(round2).toBeGreaterThan(motion);
  });

  it('a removal’s person is 拟免职人选 and its result 免职通过 / 免职未通过, never 无人通过', () => {
    // valid-nomination-full.json's one item, made a removal (one person, one seat, §2).
    const removal = (approved: boolean) =>
      vector('valid-nomination-full.json', (entries) =>
        entries.map((e) => {
          if (e.type === 'meeting') return { ...e, items: (e.items as object[]).map((i) => ({ ...i, kind: 'removal' })) };
          if (e.type !== 'tally') return e;
          const A = e.A as { nominees: object[] };
          return { ...e, A: { ...A, nominees: A.nominees.map((x) => ({ ...x, approved })) } };
        }),
      );
    const rejected = removal(false);
    const person = rejected.items[0]!.nominees[0]!.name;
    expect(rejected.items[0]!.kind).toBe('removal');
    const summary = text(rejected, 'summary');
    expect(summary).toContain(`${person} 免职未通过`);
    expect(summary).not.toContain('无人通过');
    const minutes = text(rejected, 'minutes');
    expect(minutes).toContain(`拟免职人选:${person}`);
    expect(minutes).not.toContain('拟任人选');
    expect(minutes).toMatch(/同意免职 \d+ 票、不同意免职 \d+ 票、弃权 \d+ 票,免职未通过/);
    const sheet = text(rejected, 'sheets');
    expect(sheet).toContain('拟免职人选');
    expect(sheet).toContain('免职未通过');
    expect(text(removal(true), 'summary')).toContain(`${person} 免职通过`);
  });
});
