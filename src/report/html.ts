/**
 * The printed sheets as one HTML document (A4, print CSS in kiosk/styles/results.css): per item
 * a 表决结果 / 计票单 — A and B apart; due, present, issued, cast, not cast; each nominee's counts
 * with a bar and the decision; the rule; the tally hash with a QR code; lines for the 监票人, the
 * 计票人 and the presiding officer to sign — a meeting summary, and the minutes draft (会议记录).
 *
 * Paper is Chinese (the committee files it); the page around it switches language, the sheet
 * does not. Every value from the record is escaped; there is no script and no inline style (the
 * console's CSP allows neither): bars are SVG with width attributes.
 */
import qrcode from 'qrcode-generator';
import type { ItemReport, MotionReport, NomineeLine, Report, RoundReport } from './model';

export interface RenderOptions {
  /** Only this item's sheet (the console's per-item print); all items when absent. */
  item?: string;
  /** Which parts: result sheets, the meeting summary, the minutes draft. */
  parts?: Array<'sheets' | 'summary' | 'minutes'>;
  /** Where the QR code leads: the inspector page of this service, given the meeting and hash. */
  inspectorUrl?: (meeting: string, hash: string) => string;
  /** <link rel=stylesheet> hrefs (the console's); the CLI inlines the CSS instead. */
  stylesheets?: string[];
  /** CSS text to inline (the CLI's PDF, printed from a file). */
  css?: string;
}

const esc = (v: string | number) =>
  String(v).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

const RULE: Record<string, string> = { majority: '“同意”票超过应到会成员半数', 'two-thirds': '“同意”票达到应到会成员三分之二' };
/** R2 under 000's policy (src/rules/policies.ts). */
const HALF_OR_MORE = '“同意”票达到应到会成员半数以上';
const BAR_RULE: Record<string, string> = {
  'disapprove-half': '“不同意”票达应到会成员半数的,一年内不得就同一职位提名',
  'not-approved': '未获通过的,一年内不得再次推荐',
};
/** R10's threshold for a reconsideration motion (001 more than half; 002's policy half or more). */
const MOTION_RULE: Record<string, string> = {
  'more-than-half': '复议须经超过应到会成员半数同意',
  'half-or-more': '复议须经应到会成员半数以上(含半数)同意',
};
const DECISION = { approved: '通过', undecided: '未决(票数相同)', rejected: '未通过' } as const;
/**
 * A removal's words (docs/full-committee.md §2, as the pages say them: kiosk/src/messages/committee.ts):
 * its one person is 拟免职人选, "approve" is 同意免职 and the decision 免职通过 / 免职未通过.
 */
const REMOVAL = {
  person: '拟免职人选',
  approve: '同意免职',
  disapprove: '不同意免职',
  decision: { approved: '免职通过', undecided: '未决(票数相同)', rejected: '免职未通过' },
} as const;
const APPOINTMENT = { person: '拟任人选', approve: '同意', disapprove: '不同意', decision: DECISION } as const;
const itemWords = (item: Pick<ItemReport, 'kind'>) => (item.kind === 'removal' ? REMOVAL : APPOINTMENT);
const STATUS: Record<ItemReport['status'], string> = { pending: '未表决', voted: '已表决,未宣布', announced: '已宣布', postponed: '暂缓表决' };

function qrImg(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  return `<img class="qr" alt="核验二维码" src="${esc(qr.createDataURL(4, 2))}">`;
}

/** A horizontal bar of `value` out of `of`, 0–160 px wide, as SVG (no inline style). */
function bar(value: number, of: number, cls: string): string {
  const w = of > 0 ? Math.round((160 * value) / of) : 0;
  return `<svg class="vote-bar ${cls}" width="160" height="12" viewBox="0 0 160 12" aria-hidden="true"><rect class="track" width="160" height="12"></rect><rect class="fill" width="${w}" height="12"></rect></svg>`;
}

/** A consultation's counts are of those asked and those who answered, not of a room (docs/full-committee.md §5). */
function countsTable(c: RoundReport['A'], withDue: boolean, consultation = false): string {
  const cells: Array<[string, number]> = [
    ...(withDue && c.due !== null ? ([['应到', c.due]] as Array<[string, number]>) : []),
    [consultation ? '征求意见' : '实到', c.present],
    ['发出选票', c.issued],
    [consultation ? '作答' : '收回选票', c.cast],
    [consultation ? '未作答' : '未投', c.notCast],
  ];
  return `<table class="counts"><tr>${cells.map(([k]) => `<th scope="col">${k}</th>`).join('')}</tr><tr>${cells.map(([, v]) => `<td>${v}</td>`).join('')}</tr></table>`;
}

/** A barred nominee's words by the policy (R3): 000's bar is on the same post, 002's on any post (src/rules/bar.ts). */
const BARRED: Record<RoundReport['barRule'], string> = {
  'disapprove-half': '一年内不得就同一职位提名(R3)',
  'not-approved': '一年内不得再次推荐任何职位(R3)',
};

function nomineeTable(lines: NomineeLine[], cast: number, decisive: boolean, barRule: RoundReport['barRule'] = 'disapprove-half', w: ReturnType<typeof itemWords> = APPOINTMENT): string {
  const head = `<tr><th scope="col">${w === REMOVAL ? w.person : '人选'}</th><th scope="col">${w.approve}</th><th scope="col">${w.disapprove}</th><th scope="col">弃权</th>${decisive ? '<th scope="col">决定</th>' : ''}</tr>`;
  const rows = lines
    .map(
      (l) => `<tr>
<th scope="row">${esc(l.name)}</th>
<td class="num">${l.approve} ${bar(l.approve, cast, 'approve')}</td>
<td class="num">${l.disapprove} ${bar(l.disapprove, cast, 'disapprove')}</td>
<td class="num">${l.abstain}</td>
${decisive ? `<td class="decision ${l.decision ?? ''}">${l.decision ? w.decision[l.decision] : ''}${l.barred ? `<br><small>${BARRED[barRule]}</small>` : ''}</td>` : ''}
</tr>`,
    )
    .join('');
  return `<table class="nominees"><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}

function hashBlock(r: Report, opts: RenderOptions): string {
  if (!r.tallyHash) return '<div class="hash"><p>计票哈希:无(记录中没有可验证的检查点)</p></div>';
  const grouped = r.tallyHash.match(/.{1,8}/g)!.join(' ');
  const state = r.final ? '最终计票哈希(会议已结束,供组织部和纪检委分别会签存档)' : `截至第 ${r.checkpointSize} 条记录的计票哈希(会议尚未结束,不是最终哈希)`;
  const target = opts.inspectorUrl ? opts.inspectorUrl(r.meeting.id, r.tallyHash) : r.tallyHash;
  return `<div class="hash${r.final ? ' final' : ''}">
${qrImg(target)}
<div><p class="hash-label">${state}</p><p class="hash-hex"><code>${esc(grouped)}</code></p><p class="hash-help">扫码或在核验页面输入会议编号 <code>${esc(r.meeting.id)}</code>,可独立核对本结果。</p></div>
</div>`;
}

const SIGNATURES = `<div class="signatures">
<p>监票人(签名):<span class="line"></span></p>
<p>计票人(签名):<span class="line"></span></p>
<p>会议主持人(签名):<span class="line"></span></p>
<p>日期:<span class="line short"></span></p>
</div>`;

function header(r: Report, title: string): string {
  return `<header class="sheet-head"><p class="committee">${esc(r.committee.name)}</p><h1>${title}</h1><p class="meeting">${esc(r.meeting.title)} · ${esc(chineseDate(r.meeting.date))} · 会议编号 <code>${esc(r.meeting.id)}</code></p></header>`;
}

/**
 * R10: what became of a round a reconsideration motion moved against. Only a later tallied round
 * replaces it; if none was voted before the meeting ended, its result (and bars) stand.
 */
function roundFate(item: ItemReport, round: RoundReport, r: Report): string {
  if (!round.reconsidered) return '';
  if (round.replaced) return `已复议,由第 ${item.rounds.find((x) => x.round > round.round)?.round ?? round.round + 1} 轮取代`;
  return r.ended ? '复议动议通过,但会议结束前未重新表决,本轮结果有效(R10)' : '复议动议通过,待重新表决';
}

/**
 * The committee's words for its people (R13, docs/full-committee.md §1): a standing committee's
 * members are 常委 and its class B 列席; a full committee's members are 委员 and its class B
 * 候补委员 (alternates) and 列席 (observers) — as the pages say (kiosk/src/lib/ballot-class-word.ts).
 */
function words(r: Report): { member: string; classB: string } {
  return r.committee.kind === 'full' ? { member: '委员', classB: '候补委员、列席' } : { member: '常委', classB: '列席' };
}

/** Class B present, by kind: alternates (候补委员) apart from observers (列席). */
function classBLines(r: Report, list: Report['observers'], sep: string): string {
  const names = (l: Report['observers']) => (l.length ? l.map((p) => esc(p.name)).join('、') : '无');
  const alternates = list.filter((p) => p.kind === 'alternate');
  const observers = list.filter((p) => p.kind !== 'alternate');
  return [...(r.committee.kind === 'full' ? [`候补委员 ${alternates.length} 人:${names(alternates)}`] : []), `列席 ${observers.length} 人:${names(observers)}`].join(sep);
}

/** The minutes' sentence after a passed motion: what became of round r (R10). */
function afterMotion(item: ItemReport, round: RoundReport, r: Report): string {
  const next = item.rounds.find((x) => x.round > round.round);
  if (next) return `第 ${round.round} 轮结果由第 ${next.round} 轮取代`;
  if (item.status === 'postponed') return `其后暂缓表决,第 ${round.round} 轮结果有效(R10)`;
  return r.ended ? `会议结束前未重新表决,第 ${round.round} 轮结果有效(R10)` : '待重新表决';
}

function roundBlock(item: ItemReport, round: RoundReport, r: Report): string {
  const w = words(r);
  const label = item.rounds.length > 1 || round.round > 1 || round.reconsidered ? `<h3>第 ${round.round} 轮表决${roundFate(item, round, r) ? `(${roundFate(item, round, r)})` : ''}</h3>` : '';
  // Headings only one level below the last (h2 item, h3 round): A and B are h3 without a round heading.
  const sub = label ? 'h4' : 'h3';
  const quorum = round.quorate || r.meeting.kind === 'consultation' ? '' : '<p class="warning">到会不足应到会成员三分之二(R1),本轮不作决定。</p>';
  const consultation = r.meeting.kind === 'consultation';
  // A consultation has no sitting to announce in: the presiding officer announces each result (R12, §5).
  const announced = round.announced ? `<p class="announced">${consultation ? '会议主持人已宣布结果(R12)。' : '会议主持人已当场宣布结果(R12)。'}</p>` : '<p class="warning">本轮结果尚未宣布。</p>';
  return `<section class="round">
${label}
<${sub} class="ballot-class">A 票(${w.member},决定结果)</${sub}>
${countsTable(round.A, true, consultation)}
${nomineeTable(round.A.nominees, round.A.cast, true, round.barRule, itemWords(item))}
${quorum}
<${sub} class="ballot-class">B 票(${w.classB},仅供参考,不影响结果)</${sub}>
${round.B.present > 0 || round.B.cast > 0 ? `${countsTable(round.B, false, consultation)}${nomineeTable(round.B.nominees, round.B.cast, false, round.barRule, itemWords(item))}` : `<p>本轮无${w.classB}人员投票。</p>`}
${announced}
</section>`;
}

/** R2 for the item: its pass rule, "majority" read under the committee's majority policy. */
function passWords(item: ItemReport, r: Report): string {
  return item.passRule === 'majority' && r.committee.majority === 'half-or-more' ? HALF_OR_MORE : RULE[item.passRule] ?? esc(item.passRule);
}

/** Every policy that decided the meeting's results: R2, R3 and R10 as the committee chose them. */
function policyLine(r: Report): string {
  // A written consultation has no reconsideration (docs/full-committee.md §5): R10 is not printed.
  const motion = r.meeting.kind === 'consultation' ? '' : `;${MOTION_RULE[r.committee.motion]}(R10)`;
  return `<p class="policies">表决规则:${r.committee.majority === 'half-or-more' ? HALF_OR_MORE : RULE.majority}(R2,除另定三分之二的议题);${BAR_RULE[r.committee.barRule] ?? esc(r.committee.barRule)}(R3)${motion}。</p>`;
}

/** A motion's outcome: passed and voted again, passed with no new round (the result stands, R10), or failed. */
function motionOutcome(item: ItemReport, m: MotionReport, r: Report): string {
  if (!m.passed) return '未通过,原结果有效';
  if (item.rounds.some((x) => x.round > m.round)) return '通过,重新表决';
  if (item.status === 'postponed') return `通过,其后暂缓表决,第 ${m.round} 轮结果有效`;
  return r.ended ? `通过,但会议结束前未重新表决,第 ${m.round} 轮结果有效` : '通过,待重新表决';
}

function itemSheet(item: ItemReport, r: Report, opts: RenderOptions): string {
  const shape = item.nominees.length > item.seats ? `差额票决,${item.nominees.length} 名人选竞争 ${item.seats} 个职位${item.openSelection ? '(公开选拔 1:3)' : ''}` : `${item.seats} 个职位`;
  const motions = item.motions
    .map((m) => `<p class="motion">复议动议(第 ${m.round} 轮):应到 ${m.due},实到 ${m.present},收回 ${m.cast};同意 ${m.yes},不同意 ${m.no},弃权 ${m.abstain} — ${motionOutcome(item, m, r)}(R10:${MOTION_RULE[m.rule]})</p>`)
    .join('');
  const body = item.rounds.length
    ? item.rounds.map((round) => roundBlock(item, round, r)).join('')
    : item.postponed !== null
      ? `<p class="postponed">暂缓表决(R9)。原因:${esc(item.postponed)}</p>`
      : '<p>本议题尚未表决。</p>';
  return `<section class="sheet" data-item="${esc(item.id)}">
${header(r, '表决结果 / 计票单')}
<h2>议题 ${item.position}:${esc(item.title)}</h2>
<table class="facts">
<tr><th scope="row">职位</th><td>${esc(item.post.unit)} ${esc(item.post.title)}</td></tr>
<tr><th scope="row">${item.kind === 'removal' ? REMOVAL.person : '人选'}</th><td>${item.nominees.map((x) => `${esc(x.name)}(${esc(x.currentPost)})`).join('、')}</td></tr>
<tr><th scope="row">表决方式</th><td>${r.meeting.kind === 'consultation' ? `书面征求意见(${esc(chineseDate(r.meeting.date))}至${esc(chineseDate(r.meeting.closesOn ?? ''))},委员在各自设备上无记名作答)` : '无记名投票'};${shape}</td></tr>
<tr><th scope="row">通过规则</th><td>${passWords(item, r)}(R2);${BAR_RULE[r.committee.barRule] ?? esc(r.committee.barRule)}(R3)${item.motions.length ? `;${MOTION_RULE[r.committee.motion]}(R10)` : ''}</td></tr>
</table>
${body}
${motions}
${item.postponed !== null && item.rounds.length ? `<p class="postponed">暂缓表决(R9)。原因:${esc(item.postponed)}</p>` : ''}
${hashBlock(r, opts)}
${SIGNATURES}
</section>`;
}

/** The item's result: the standing round's (R10 — a passed motion with no new round leaves it standing). */
function decided(item: ItemReport): string {
  const last = item.rounds.find((x) => x.round === item.standingRound) ?? item.rounds.at(-1);
  if (!last) return item.status === 'postponed' ? '暂缓表决' : '未表决';
  const approved = last.A.nominees.filter((x) => x.decision === 'approved').map((x) => x.name);
  const undecided = last.A.nominees.some((x) => x.decision === 'undecided');
  // A removal's one person: 免职通过 / 免职未通过, never "无人通过" (docs/full-committee.md §2).
  if (item.kind === 'removal') return last.A.nominees.map((x) => `${x.name} ${x.decision ? REMOVAL.decision[x.decision] : ''}`).join('、');
  return [approved.length ? `${approved.join('、')} 通过` : '无人通过', undecided ? '(有职位因票数相同未决)' : ''].join('');
}

/** The item's state; after a passed motion with no new round, the round whose result stands (R10). */
function statusWords(item: ItemReport, r: Report): string {
  const standing = item.rounds.find((x) => x.round === item.standingRound);
  if (standing?.reconsidered && !standing.replaced) {
    if (item.status === 'postponed') return `复议通过后暂缓表决,第 ${standing.round} 轮结果有效`;
    if (r.ended) return `复议通过,未重新表决,第 ${standing.round} 轮结果有效`;
    return '复议通过,待重新表决';
  }
  return STATUS[item.status];
}

function summarySheet(r: Report, opts: RenderOptions): string {
  const rows = r.items
    .map((i) => `<tr><td>${i.position}</td><td>${esc(i.title)}</td><td>${esc(i.post.unit)} ${esc(i.post.title)}</td><td>${esc(decided(i))}</td><td>${statusWords(i, r)}</td></tr>`)
    .join('');
  return `<section class="sheet summary">
${header(r, '表决结果汇总')}
<p>应到会${words(r).member} ${r.due.length} 人;${r.committee.kind === 'full' ? `候补委员 ${r.observers.filter((p) => p.kind === 'alternate').length} 人;` : ''}列席 ${r.observers.filter((p) => p.kind !== 'alternate').length} 人。</p>
${policyLine(r)}
<table class="list"><thead><tr><th scope="col">序号</th><th scope="col">议题</th><th scope="col">职位</th><th scope="col">结果(A 票)</th><th scope="col">状态</th></tr></thead><tbody>${rows}</tbody></table>
${hashBlock(r, opts)}
${SIGNATURES}
</section>`;
}

function minutes(r: Report): string {
  const present = r.due.filter((p) => !p.excused && r.attended.has(p.id));
  const excused = r.due.filter((p) => p.excused);
  const absent = r.due.filter((p) => !p.excused && !r.attended.has(p.id));
  const observers = r.observers.filter((p) => r.attended.has(p.id));
  const names = (list: Array<{ name: string }>) => (list.length ? list.map((p) => esc(p.name)).join('、') : '无');
  const consultation = r.meeting.kind === 'consultation';
  const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const itemText = (item: ItemReport, k: number) => {
    const lines: string[] = [];
    const roundLine = (round: RoundReport) => {
      const w = itemWords(item);
      const counts = round.A.nominees.map((x) => `${esc(x.name)}${w.approve} ${x.approve} 票、${w.disapprove} ${x.disapprove} 票、弃权 ${x.abstain} 票,${x.decision ? w.decision[x.decision] : ''}`).join(';');
      if (consultation) {
        // §5: one round, answered between the date and closesOn; counted against all due (R2).
        lines.push(
          `书面征求意见:应到 ${round.A.due ?? '-'} 人,征求意见 ${round.A.present} 人,作答 ${round.A.cast} 人,未作答 ${round.A.notCast} 人${round.closedOn ? `,${esc(chineseDate(round.closedOn))}结束征求意见` : ''}。${counts}。` +
            (round.B.cast > 0 ? `${words(r).classB}作答 ${round.B.cast} 人(B 票),仅供参考。` : '') +
            (round.announced ? '会议主持人宣布了结果。' : '结果未宣布。'),
        );
        return;
      }
      lines.push(
        `第 ${round.round} 轮无记名投票:应到 ${round.A.due ?? '-'} 人,实到 ${round.A.present} 人,发出选票 ${round.A.issued} 张,收回 ${round.A.cast} 张。${counts}。` +
          (round.B.cast > 0 ? `${words(r).classB}人员 B 票收回 ${round.B.cast} 张,仅供参考。` : '') +
          (round.announced ? '会议主持人当场宣布了结果。' : '结果未宣布。'),
      );
    };
    // In log order: a round, the motion against it, the round it opened (or the postponement).
    for (const step of item.steps) {
      if (step.kind === 'round') {
        const round = item.rounds.find((x) => x.round === step.round);
        if (round) roundLine(round);
      } else if (step.kind === 'motion') {
        const m = item.motions[step.index]!;
        const round = item.rounds.find((x) => x.round === m.round);
        lines.push(
          `复议动议(第 ${m.round} 轮):同意 ${m.yes} 票、不同意 ${m.no} 票、弃权 ${m.abstain} 票(应到 ${m.due} 人),${m.passed ? '通过' : '未通过'}(${MOTION_RULE[m.rule]})。` +
            (m.passed && round ? `${afterMotion(item, round, r)}。` : ''),
        );
      } else if (item.postponed !== null) {
        lines.push(`暂缓表决,原因:${esc(item.postponed)}。`);
      }
    }
    if (!lines.length) lines.push('未表决。');
    const label = numerals[k] ?? String(k + 1);
    return `<li><p><strong>${label}、${esc(item.title)}</strong>(${esc(item.post.unit)} ${esc(item.post.title)};${itemWords(item).person}:${item.nominees.map((x) => esc(x.name)).join('、')})</p>${lines.map((l) => `<p>${l}</p>`).join('')}</li>`;
  };
  const excusedLine = `请假 ${excused.length} 人:${excused.length ? excused.map((p) => `${esc(p.name)}(${esc(p.excused ?? '')})`).join('、') : '无'}。`;
  // A consultation's `open` lists everyone asked, not who was in a room or who answered
  // (docs/full-committee.md §5): its minutes say asked and, per item, answered — never 实到.
  const attendance = consultation
    ? `<h2>征求意见情况</h2>
<p>本次为书面征求委员意见(R13),时间为${esc(chineseDate(r.meeting.date))}至${esc(chineseDate(r.meeting.closesOn ?? ''))};委员凭一次性代码在各自设备上无记名作答,各议题结果由会议主持人宣布。</p>
<p>应到${words(r).member} ${r.due.length} 人,征求意见 ${present.length} 人:${names(present)}。各议题作答人数见下。</p>
<p>${excusedLine}</p>
<p>征求意见${classBLines(r, observers, '。</p><p>征求意见')}。</p>`
    : `<h2>出席情况</h2>
<p>应到会${words(r).member} ${r.due.length} 人,实到 ${present.length} 人:${names(present)}。</p>
<p>${excusedLine}</p>
<p>缺席 ${absent.length} 人:${names(absent)}。</p>
<p>${classBLines(r, observers, '。</p><p>')}。</p>`;
  return `<section class="sheet minutes">
${header(r, consultation ? '书面征求意见记录(草稿)' : '会议记录(草稿)')}
<p class="draft-note">本记录由会议日志自动生成,供整理正式会议记录使用。</p>
${attendance}
<h2>议题与表决</h2>
<ol class="minutes-items">${r.items.map(itemText).join('')}</ol>
<p>${r.ended ? (consultation ? '会议主持人宣布书面征求意见结束。' : '会议主持人宣布散会。') : consultation ? '书面征求意见尚未结束。' : '会议尚未结束。'}${r.tallyHash ? `计票哈希:<code>${esc(r.tallyHash)}</code>${r.final ? '(最终)' : ''}。` : ''}</p>
<div class="signatures"><p>记录人(签名):<span class="line"></span></p><p>会议主持人(签名):<span class="line"></span></p></div>
</section>`;
}

/** The whole document; the console imports its <body> into the page, the CLI prints it to PDF. */
export function renderReport(r: Report, opts: RenderOptions = {}): string {
  const parts = opts.parts ?? ['sheets', 'summary', 'minutes'];
  const items = opts.item ? r.items.filter((i) => i.id === opts.item) : r.items;
  const body = [
    ...(parts.includes('sheets') ? items.map((i) => itemSheet(i, r, opts)) : []),
    ...(parts.includes('summary') && !opts.item ? [summarySheet(r, opts)] : []),
    ...(parts.includes('minutes') && !opts.item ? [minutes(r)] : []),
  ].join('\n');
  const links = (opts.stylesheets ?? []).map((href) => `<link rel="stylesheet" href="${esc(href)}">`).join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>表决结果 — ${esc(r.meeting.title)}</title>
${links}${opts.css ? `<style>${opts.css}</style>` : ''}
</head>
<body class="results-print">
${body}
</body>
</html>`;
}
