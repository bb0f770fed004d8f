import { describe, expect, it } from 'vitest';
import { unannouncedResults } from '../../src/rules';

describe('R12: unannouncedResults', () => {
  it('returns the tallied votes not yet announced, in order, and nothing else', () => {
    const votes = [
      { id: 'a', tallied: true, announced: true },
      { id: 'b', tallied: true, announced: false },
      { id: 'c', tallied: false, announced: false },
      { id: 'd', tallied: true, announced: false },
    ];
    expect(unannouncedResults(votes).map((v) => v.id)).toEqual(['b', 'd']);
    expect(unannouncedResults([])).toEqual([]);
    expect(unannouncedResults(votes.slice(0, 1))).toEqual([]);
  });
});
