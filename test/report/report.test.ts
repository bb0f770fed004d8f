/**
 * Issue 17, point 4: the printed results and the minutes, built from a real meeting's record.
 * A and B apart, every count, each nominee's decision, the rule, the final tally hash (the one
 * the record's last signed checkpoint gives) with its QR code, the signature lines; the minutes'
 * attendance and each item's procedure; every value escaped.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findChromium, printResultsCommand } from '../../src/cli/commands/print-results';
import { renderReport } from '../../src/report/html';
import { buildReport } from '../../src/report/model';
import { parseRecord } from '../../src/verifier/record';
import { ballotsOf, liveMeeting, type Live } from '../api/live/harness';

let live: Live;
afterEach(() => live?.t.close());

async function record(): Promise<unknown> {
  const res = await live.t.app.request(`/api/meetings/${live.m.meetingId}/record`, { headers: { cookie: live.presiding.cookie } });
  expect(res.status).toBe(200);
  return res.json();
}

describe('the printed report', () => {
  it('prints a whole meeting: sheets per item, the summary and the minutes, with the final tally hash', async () => {
    live = await liveMeeting({ members: 7, observers: 2, items: [{ nominees: 1 }, { nominees: 2, seats: 1 }, { nominees: 1 }] });
    const [plain, competitive, later] = live.m.items as [(typeof live.m.items)[0], (typeof live.m.items)[0], (typeof live.m.items)[0]];
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members, observers } = await live.signIn(6, 2);
    await live.post(`/api/items/${plain.id}/open`);
    await live.voteAll(plain.id, members.slice(0, 5), ballotsOf(plain.nomineeIds[0]!, { approve: 4, disapprove: 1 }));
    await live.voteAll(plain.id, observers, ballotsOf(plain.nomineeIds[0]!, { approve: 1, abstain: 1 }));
    await live.closeAndRead(plain.id);
    await live.post(`/api/items/${plain.id}/announce`);
    await live.post(`/api/items/${competitive.id}/open`);
    const [a, b] = competitive.nomineeIds as [string, string];
    await live.voteAll(competitive.id, members, [
      ...Array.from({ length: 5 }, () => ({ [a]: 'approve' as const, [b]: 'disapprove' as const })),
      { [a]: 'disapprove' as const, [b]: 'approve' as const },
    ]);
    await live.closeAndRead(competitive.id);
    await live.post(`/api/items/${competitive.id}/announce`);
    await live.post(`/api/items/${later.id}/postpone`, { reason: '人选材料需补充<核实>' });
    expect((await live.post(`/api/meetings/${live.m.meetingId}/close`)).status).toBe(200);

    const report = buildReport(parseRecord(await record()));
    expect(report.ended).toBe(true);
    expect(report.final).toBe(true);
    expect(report.tallyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.checkpointSize).toBe(report.entries);
    const [p, c, l] = report.items as [(typeof report.items)[0], (typeof report.items)[0], (typeof report.items)[0]];
    // A and B apart: 4 approve of 7 due is more than half (R2); B is counted, never decides.
    expect(p.rounds[0]!.A).toMatchObject({ due: 7, present: 6, issued: 5, cast: 5, notCast: 1 });
    expect(p.rounds[0]!.A.nominees[0]).toMatchObject({ approve: 4, disapprove: 1, abstain: 0, decision: 'approved' });
    expect(p.rounds[0]!.B).toMatchObject({ due: null, present: 2, cast: 2 });
    expect(p.rounds[0]!.B.nominees[0]).toMatchObject({ approve: 1, abstain: 1, decision: null });
    expect(p.status).toBe('announced');
    expect(c.rounds[0]!.A.nominees.map((x) => x.decision)).toEqual(['approved', 'rejected']);
    expect(l).toMatchObject({ status: 'postponed', postponed: '人选材料需补充<核实>' });
    expect([...report.attended].length).toBe(8);

    const html = renderReport(report, { inspectorUrl: (m, h) => `https://sealvote.example/inspector/?meeting=${m}&hash=${h}` });
    expect(html.match(/class="sheet"/g)).toHaveLength(3);
    for (const text of ['表决结果 / 计票单', 'A 票(常委,决定结果)', 'B 票(列席,仅供参考,不影响结果)', '应到', '实到', '发出选票', '收回选票', '未投', '“同意”票超过应到会成员半数', '最终计票哈希', '监票人(签名)', '计票人(签名)', '会议主持人(签名)', '表决结果汇总', '会议记录(草稿)']) {
      expect(html, text).toContain(text);
    }
    expect(html).toContain(report.tallyHash!.slice(0, 8));
    expect(html).toMatch(/<img class="qr" alt="核验二维码" src="data:image\/gif;base64,/);
    // The minutes: attendance and each item's procedure.
    expect(html).toContain('应到会常委 7 人,实到 6 人');
    expect(html).toContain('缺席 1 人:');
    expect(html).toContain('第 1 轮无记名投票:应到 7 人,实到 6 人,发出选票 5 张,收回 5 张。');
    expect(html).toContain('会议主持人当场宣布了结果。');
    expect(html).toContain('暂缓表决,原因:人选材料需补充&lt;核实&gt;。');
    // Escaped, and nothing a CSP would refuse.
    expect(html).not.toContain('<核实>');
    expect(html).not.toMatch(/<script|style=/i);

    // The CLI: an HTML file with the CSS inlined, and a PDF printed by Chromium when there is one.
    const dir = mkdtempSync(join(tmpdir(), 'sealvote-report-'));
    try {
      const file = join(dir, 'record.json');
      writeFileSync(file, JSON.stringify(await record()));
      const out: string[] = [];
      const err: string[] = [];
      const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), stderrIsTTY: false, now: () => new Date() };
      expect(await printResultsCommand([file, '--out', join(dir, 'r.html')], io)).toBe(0);
      const written = readFileSync(join(dir, 'r.html'), 'utf8');
      expect(written).toContain('<style>');
      expect(written).toContain('表决结果汇总');
      expect(await printResultsCommand([file, '--out', join(dir, 'r.pdf')], io, { CHROMIUM_PATH: join(dir, 'no-such-chromium') })).toBe(2);
      expect(err.join('')).toContain('no Chromium found');
      expect(await printResultsCommand([file, '--out', join(dir, 'r.pdf'), '--item', 'itm_nope'], io)).toBe(2);
      if (findChromium(process.env)) {
        expect(await printResultsCommand([file, '--out', join(dir, 'r.pdf'), '--inspector', 'https://sealvote.example/inspector/'], io)).toBe(0);
        const pdf = readFileSync(join(dir, 'r.pdf'));
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        if (process.env.SEALVOTE_KEEP_PDF) writeFileSync(process.env.SEALVOTE_KEEP_PDF, pdf);
      }
      expect(existsSync(join(dir, 'r.html'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // One item's sheet only.
    const one = renderReport(report, { item: competitive.id, parts: ['sheets'] });
    expect(one.match(/class="sheet"/g)).toHaveLength(1);
    expect(one).toContain('差额票决,2 名人选竞争 1 个职位');
  });

  it('says the hash is not final while the meeting runs, and prints no hash whose checkpoint does not verify', async () => {
    live = await liveMeeting({ members: 3, items: [{ nominees: 1 }] });
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const json = (await record()) as { checkpoints: Array<{ size: number; note: string }> };
    const report = buildReport(parseRecord(json));
    expect(report.final).toBe(false);
    expect(renderReport(report)).toContain('会议尚未结束,不是最终哈希');
    const forged = { ...json, checkpoints: json.checkpoints.map((c) => ({ ...c, note: c.note.replace(/\n\n— /, '\n\n— x') })) };
    expect(buildReport(parseRecord(forged)).tallyHash).toBeNull();
  });
});

describe('every policy that decided the results is printed (issue 15)', () => {
  const vector = (file: string) => buildReport(parseRecord(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'vectors', 'records', file), 'utf8'))));

  it('names the committee’s R2, R3 and R10 policies on the summary, and R10 on an item with a motion', () => {
    // valid-policies.json: majority and motion 'half-or-more' (000, 002), bar 'disapprove-half'.
    const report = vector('valid-policies.json');
    expect(report.committee).toMatchObject({ majority: 'half-or-more', motion: 'half-or-more', barRule: 'disapprove-half' });
    const html = renderReport(report);
    expect(html).toContain('表决规则:“同意”票达到应到会成员半数以上(R2,除另定三分之二的议题);“不同意”票达应到会成员半数的,一年内不得就同一职位提名(R3);复议须经应到会成员半数以上(含半数)同意(R10)。');
    const withMotion = report.items.find((i) => i.motions.length > 0)!;
    expect(withMotion.motions[0]!.rule).toBe('half-or-more');
    const sheet = renderReport(report, { item: withMotion.id, parts: ['sheets'] });
    expect(sheet).toContain('“同意”票达到应到会成员半数以上(R2);“不同意”票达应到会成员半数的,一年内不得就同一职位提名(R3);复议须经应到会成员半数以上(含半数)同意(R10)');
    expect(sheet).toContain('(R10:复议须经应到会成员半数以上(含半数)同意)');
    // An item without a motion names R2 and R3 only.
    const plain = report.items.find((i) => i.motions.length === 0)!;
    expect(renderReport(report, { item: plain.id, parts: ['sheets'] })).not.toContain('(R10)</td>');
  });

  it('prints the defaults for the default policies, and for a record sealed before policies (§6.1)', () => {
    for (const file of ['valid-full-meeting.json', 'valid-first-form.json']) {
      const report = vector(file);
      expect(report.committee, file).toMatchObject({ majority: 'more-than-half', motion: 'more-than-half', barRule: 'disapprove-half' });
      const html = renderReport(report);
      expect(html, file).toContain('表决规则:“同意”票超过应到会成员半数(R2,除另定三分之二的议题);“不同意”票达应到会成员半数的,一年内不得就同一职位提名(R3);复议须经超过应到会成员半数同意(R10)。');
      expect(html, file).toContain('(R10:复议须经超过应到会成员半数同意)');
    }
  });
});
