/**
 * The projector words a barred nominee by the bar policy the result was decided under (R3):
 * 000's 'disapprove-half' bars the same post, 002's 'not-approved' any post (src/rules/bar.ts);
 * it said "barred from this post" under both. zh-CN and English.
 */
import { describe, expect, it } from 'vitest';
import { translate } from '../../kiosk/src/i18n';
import { readItemResult } from '../../kiosk/src/lib/result';
import { barredKey } from '../../kiosk/src/messages/projector';

const result = (barRule: string) =>
  readItemResult({
    item: { id: 'i1', title: '任免甲', kind: 'appointment' },
    round: 1,
    nominees: [{ id: 'n1', name: '甲' }],
    A: {
      due: 10, present: 10, issued: 10, cast: 10, notCast: 0,
      nominees: [{ id: 'n1', approve: 2, disapprove: 6, abstain: 2, approved: false, barred: true }],
      decision: { quorate: true, undecidedSeats: 0 },
      rule: { passRule: 'majority', majority: 'more-than-half', barRule, seats: 1 },
    },
    B: { present: 0, issued: 0, cast: 0, notCast: 0, nominees: [] },
    policies: { ratio: 'proportional', majority: 'more-than-half', bar: barRule, motion: 'more-than-half' },
  });

describe('the projector’s bar words (R3)', () => {
  it('same post under disapprove-half', () => {
    const key = barredKey(result('disapprove-half').barRule);
    expect(translate('zh-CN', key)).toBe('一年内不得就同一职位提名');
    expect(translate('en', key)).toBe('Barred from this post for one year');
  });

  it('any post under not-approved', () => {
    const key = barredKey(result('not-approved').barRule);
    expect(translate('zh-CN', key)).toBe('一年内不得再次推荐任何职位');
    expect(translate('en', key)).toBe('Not to be recommended for any post for one year');
  });
});
