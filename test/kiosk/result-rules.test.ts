/**
 * Issue 15: the projector and the console name every policy that decided a result — R2 under the
 * committee's majority policy, R3's bar, and R10's threshold when a motion was moved — in
 * zh-CN with the English twin; and a tie is judged under the majority policy too.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setLang } from '../../kiosk/src/i18n';
import { nomineeDecision, readItemResult } from '../../kiosk/src/lib/result';
import { resultRuleLines } from '../../kiosk/src/lib/result-rules';
import { installBareDocument } from './bare-document';

beforeAll(installBareDocument);
afterEach(() => setLang('zh-CN'));

// GET /api/items/:id/result (src/domain/live/item-result.ts), a committee on 000's and 002's policies.
const result = (over: Record<string, unknown> = {}) => ({
  item: { id: 'i1', title: '任免甲', kind: 'appointment' },
  round: 1,
  nominees: [{ id: 'n1', name: '甲' }, { id: 'n2', name: '乙' }, { id: 'n3', name: '丙' }],
  A: {
    due: 10, present: 10, issued: 10, cast: 10, notCast: 0,
    nominees: [
      { id: 'n1', approve: 10, disapprove: 0, abstain: 0, approved: true, barred: false },
      { id: 'n2', approve: 5, disapprove: 0, abstain: 5, approved: false, barred: false },
      { id: 'n3', approve: 5, disapprove: 0, abstain: 5, approved: false, barred: false },
    ],
    decision: { quorate: true, undecidedSeats: 1 },
    rule: { passRule: 'majority', majority: 'half-or-more', barRule: 'not-approved', seats: 2 },
  },
  B: { present: 0, issued: 0, cast: 0, notCast: 0, nominees: [] },
  motion: { motion: { due: 10, yes: 5, no: 5 }, passed: true },
  policies: { ratio: 'one-or-two-more', majority: 'half-or-more', bar: 'not-approved', motion: 'half-or-more' },
  ...over,
});

describe('the rules a result names', () => {
  it('R2 under half-or-more, R3 not-approved, R10 half-or-more, in Chinese and in English', () => {
    const r = readItemResult(result());
    expect(r).toMatchObject({ majority: 'half-or-more', barRule: 'not-approved', motionRule: 'half-or-more', hasMotion: true });
    expect(resultRuleLines(r)).toEqual([
      { rule: 'R2', text: '规则:达到应到会成员半数以上(含半数)' },
      { rule: 'R3', text: '限制提名:未获通过的,一年内不得再次推荐' },
      { rule: 'R10', text: '复议:须经应到会成员半数以上(含半数)同意' },
    ]);
    setLang('en');
    expect(resultRuleLines(r).map((l) => l.text)).toEqual([
      'Rule: half or more of those due',
      'Bar: not approved: not recommended for any post for a year',
      'Reconsideration: needs yes from half or more of those due',
    ]);
  });

  it('the defaults, and no R10 line without a motion', () => {
    const r = readItemResult(result({ motion: null, policies: undefined, A: { ...result().A, rule: { passRule: 'majority', seats: 1 } } }));
    expect(resultRuleLines(r)).toEqual([
      { rule: 'R2', text: '规则:超过应到会成员半数' },
      { rule: 'R3', text: '限制提名:“不同意”票达应到会成员半数的,一年内不得就同一职位提名' },
    ]);
  });

  it('a tie at exactly half is undecided under half-or-more (000), not approved under the default', () => {
    const r = readItemResult(result());
    expect(r.A.nominees.slice(1).map((n) => nomineeDecision(r, n))).toEqual(['undecided', 'undecided']);
    const strict = readItemResult(result({ A: { ...result().A, rule: { ...result().A.rule, majority: 'more-than-half' } } }));
    expect(strict.A.nominees.slice(1).map((n) => nomineeDecision(strict, n))).toEqual(['rejected', 'rejected']);
  });
});
