import { describe, expect, it } from 'vitest';
import { itemActions, notYetCast, progressNumbers, quorumView } from '../../kiosk/src/lib/live-panel';
import type { CurrentVote } from '../../kiosk/src/lib/meeting-state';
import { quorumMet } from '../../src/rules';

const vote = (over: Partial<CurrentVote> = {}): CurrentVote => ({
  item: 'i1', purpose: 'vote', round: 1, status: 'open', cast: 2, issued: 7, present: 9,
  classes: { A: { cast: 2, issued: 5, present: 7 }, B: { cast: 0, issued: 2, present: 2 } },
  ...over,
});

describe('quorumView (R1)', () => {
  it('names the smallest number present that meets two-thirds of those due', () => {
    // rules.md examples: due 11 → 8, due 9 → 6, due 12 → 8, due 7 → 5.
    expect([11, 9, 12, 7].map((due) => quorumView(due, 0).needed)).toEqual([8, 6, 8, 5]);
    expect(quorumView(11, 7).met).toBe(false);
    expect(quorumView(11, 8).met).toBe(true);
    for (let due = 1; due <= 40; due++) {
      const { needed } = quorumView(due, 0);
      expect(quorumMet(due, needed)).toBe(true);
      expect(quorumMet(due, needed - 1)).toBe(false);
    }
  });
});

describe('itemActions', () => {
  it('offers nothing before the meeting opens or while another item is voted', () => {
    expect(itemActions({ id: 'i1', status: 'pending' }, 'draft', null)).toEqual([]);
    expect(itemActions({ id: 'i2', status: 'pending' }, 'open', vote())).toEqual([]);
  });

  it('follows an item through its states', () => {
    expect(itemActions({ id: 'i1', status: 'pending' }, 'open', null)).toEqual(['open', 'postpone']);
    expect(itemActions({ id: 'i1', status: 'open' }, 'open', vote())).toEqual(['close']);
    expect(itemActions({ id: 'i1', status: 'open' }, 'open', vote({ status: 'closing' }))).toEqual([]);
    expect(itemActions({ id: 'i1', status: 'closed' }, 'open', vote({ status: 'closed' }))).toEqual(['announce']);
    expect(itemActions({ id: 'i1', status: 'announced' }, 'open', null)).toEqual(['reconsider']);
    expect(itemActions({ id: 'i1', status: 'announced' }, 'open', vote({ purpose: 'motion', status: 'motion-open' }))).toEqual(['close']);
    expect(itemActions({ id: 'i1', status: 'postponed' }, 'open', null)).toEqual([]);
  });
});

describe('progressNumbers (R11)', () => {
  it('gives n of m and nothing else, only for the item being voted', () => {
    // A against the members present, B apart: never 2 of 9 when 7 members are present.
    expect(progressNumbers(vote(), 'i1')).toEqual({ a: { n: 2, m: 7 }, b: { n: 0, m: 2 } });
    expect(progressNumbers(vote(), 'i2')).toBeNull();
    expect(progressNumbers(null, 'i1')).toBeNull();
  });
});

describe('notYetCast', () => {
  it('counts the members and observers present who have not cast', () => {
    expect(notYetCast(vote())).toEqual({ members: 5, observers: 2 });
    expect(notYetCast(null)).toEqual({ members: 0, observers: 0 });
  });
});
