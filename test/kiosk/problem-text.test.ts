/**
 * Issue 17, point 3: every refusal the server can emit and every enum value a page shows has
 * zh-CN and English text, and refusals are worded from their code and numbers — never the
 * server's English title or detail.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../kiosk/src/lib/api';
import { problemText } from '../../kiosk/src/lib/problem-text';
import { nomineeDecision } from '../../kiosk/src/lib/result';
import { isMessageKey, LANGS, MESSAGES, setLang, type MessageKey } from '../../kiosk/src/i18n';
import { PROBLEMS } from '../../src/errors';
import { attendees, BAR_RULES, FILING_DEPARTMENTS, MAJORITY_POLICIES, MOTION_POLICIES, RATIO_POLICIES, items, ITEM_STATUSES, MEETING_STATUSES, OFFICER_ROLES, persons } from '../../src/db/schema';
import { AttendeeSchema } from '../../src/routes/prepare/schemas';
import { installBareDocument } from './bare-document';

beforeAll(installBareDocument);
afterEach(() => setLang('zh-CN'));

const has = (key: string) => isMessageKey(key) && LANGS.every((lang) => MESSAGES[lang][key as MessageKey].trim() !== '');

describe('every server refusal has text in both languages', () => {
  it.each(Object.keys(PROBLEMS))('%s', (code) => {
    expect(has(`problem.${code}`), `problem.${code}`).toBe(true);
    // The Chinese text is Chinese: it does not repeat the English title.
    expect(MESSAGES['zh-CN'][`problem.${code}` as MessageKey]).not.toContain(PROBLEMS[code as keyof typeof PROBLEMS].title);
  });
});

describe('every enum value a page shows has text in both languages', () => {
  const enums: Array<[string, readonly string[], (v: string) => string]> = [
    ['meeting status', MEETING_STATUSES, (v) => `meeting.status.${v}`],
    ['item status', ITEM_STATUSES, (v) => `item.status.${v}`],
    ['officer role', OFFICER_ROLES, (v) => `role.${v}`],
    ['R3 bar policy', BAR_RULES, (v) => `enum.barRule.${v}`],
    ['R8 ratio policy', RATIO_POLICIES, (v) => `enum.ratio.${v}`],
    ['R2 majority policy', MAJORITY_POLICIES, (v) => `enum.majority.${v}`],
    ['R10 motion policy', MOTION_POLICIES, (v) => `enum.motion.${v}`],
    ['pass rule (R2)', items.passRule.enumValues, (v) => `enum.passRule.${v}`],
    ['person kind', persons.kind.enumValues, (v) => `enum.kind.${v}`],
    ['attendee class (R4)', attendees.class.enumValues, (v) => `class.${v}`],
    ['slip state', AttendeeSchema.shape.slip.options, (v) => `console.slip.${v}`],
    ['department', FILING_DEPARTMENTS, (v) => `department.${v}`],
    ['choice (R6)', ['approve', 'disapprove', 'abstain'], (v) => `choice.${v}`],
  ];
  it.each(enums)('%s', (_name, values, key) => {
    expect(values.length).toBeGreaterThan(1);
    for (const v of values) expect(has(key(v)), key(v)).toBe(true);
  });
});

const refusal = (status: number, problem: Record<string, unknown>) => new ApiError(status, { title: 'English title', detail: 'English detail', ...problem });

describe('problemText', () => {
  it('words R1 with the numbers the server sent, in Chinese and in English', () => {
    const e = refusal(422, { code: 'quorum_not_met', present: 4, due: 7, needed: 5 });
    expect(problemText(e)).toBe('实到 4 人,未达到应到 7 人的三分之二(需 5 人),不能开始表决(R1)。');
    setLang('en');
    expect(problemText(e)).toBe('4 of 7 due are present; 5 are needed to open voting (R1).');
  });

  it('falls back to the plain text when the numbers are missing, and never shows the English detail', () => {
    const text = problemText(refusal(422, { code: 'quorum_not_met' }));
    expect(text).toBe('到会人数未达到应到会成员的三分之二,不能开始表决(R1)。');
    for (const code of Object.keys(PROBLEMS)) {
      const shown = problemText(refusal(PROBLEMS[code as keyof typeof PROBLEMS].status, { code }));
      expect(shown).not.toMatch(/English|[A-Za-z]{4,}/);
    }
  });

  it('names the fields of a validation failure in Chinese', () => {
    const e = refusal(400, { code: 'validation_failed', errors: [{ path: ['name'], message: 'must not be empty' }, { path: ['birthDate'], message: "must be a date 'YYYY-MM-DD'" }] });
    expect(problemText(e)).toBe('填写的内容不符合要求:名称或姓名不能为空、出生日期应为日期(年-月-日)。');
  });

  it('says what still uses a row, what bars a nominee, and the wait of a lock', () => {
    expect(problemText(refusal(409, { code: 'in_use', what: 'person', sealedMeetings: 2, bars: 1 }))).toBe('仍在使用中,不能删除或修改:2 个已开始或已结束的会议、1 条一年内不得提名的限制(R3)。');
    expect(problemText(refusal(422, { code: 'nominee_barred', liftsOn: '2027-03-02', barringVote: { voteDate: '2026-03-02' } }))).toBe('该人选因 2026-03-02 的表决,2027-03-02 之前不得就同一职位提名(R3)。');
    expect(
      problemText(refusal(422, { code: 'nominee_barred', scope: 'any-post', liftsOn: '2031-04-09', barringVote: { voteDate: '2030-04-09' } })),
    ).toBe('该人选因 2030-04-09 的表决未获通过,2031-04-09 之前不得再次推荐任何职位(R3,“一年内不得再次推荐”)。');
    expect(problemText(refusal(422, { code: 'follow_up_invalid', reason: 'other-post' }))).toBe('此议题不能接续该暂缓议题:暂缓议题涉及的是另一职位(R9)。');
    expect(problemText(refusal(429, { code: 'rate_limited', retryAfter: 600 }))).toBe('尝试次数过多,请 10 分钟后再试。');
    expect(problemText(refusal(409, { code: 'results_unannounced', items: [{ title: '任命甲' }, { title: '任命乙' }] }))).toBe('请先宣布以下议题的结果,才能散会(R12):任命甲、任命乙。');
  });

  it('an unknown code or a network failure still reads as the page language', () => {
    expect(problemText(refusal(418, { code: 'teapot' }))).toBe('出现未知错误(HTTP 418)。');
    expect(problemText(new TypeError('Failed to fetch'))).toBe('网络连接中断,未完成。请检查网络后再试。');
  });
});

describe('nomineeDecision (R2, R8)', () => {
  const base = { quorate: true, passRule: 'majority', undecidedSeats: 1 };
  const A = (due: number) => ({ due, present: due, issued: due, cast: due, notCast: 0, nominees: [] });
  const n = (approve: number, approved = false) => ({ id: 'x', name: 'x', approve, disapprove: 0, abstain: 0, approved, barred: false });
  it('calls a seat left empty because nobody met R2 not approved, and a tie of those who did undecided', () => {
    expect(nomineeDecision({ ...base, A: A(3) }, n(0))).toBe('rejected');
    expect(nomineeDecision({ ...base, A: A(3) }, n(2))).toBe('undecided');
    expect(nomineeDecision({ ...base, A: A(3), undecidedSeats: 0 }, n(2))).toBe('rejected');
    expect(nomineeDecision({ ...base, A: A(3) }, n(2, true))).toBe('approved');
  });
});
