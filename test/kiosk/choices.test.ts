import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { approveAllowed, approvals, choose, isComplete, missing, type Choices } from '../../kiosk/src/lib/choices';
import { validateBallotChoices, type Choice } from '../../src/rules';

describe('item card choices', () => {
  it('closes "approve" for the others once k nominees are approved (R8)', () => {
    let c: Choices = {};
    c = choose(c, 'a', 'approve', 2);
    c = choose(c, 'b', 'approve', 2);
    expect(approveAllowed(c, 'c', 2)).toBe(false);
    expect(approveAllowed(c, 'a', 2)).toBe(true);
    expect(choose(c, 'c', 'approve', 2)).toBe(c);
    c = choose(c, 'a', 'abstain', 2);
    expect(approveAllowed(c, 'c', 2)).toBe(true);
    expect(approvals(choose(c, 'c', 'approve', 2))).toBe(2);
  });

  it('reports the nominees still without a choice', () => {
    expect(missing(['a', 'b'], { a: 'approve' })).toEqual(['b']);
    expect(isComplete(['a', 'b'], { a: 'approve', b: 'abstain' })).toBe(true);
  });

  it('whatever is tapped, a complete card always passes the rules engine', () => {
    const choice = fc.constantFrom<Choice>('approve', 'disapprove', 'abstain');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.tuple(fc.nat(7), choice), { maxLength: 40 }), (k, taps) => {
        const ids = Array.from({ length: 2 * k }, (_, i) => `n${i}`);
        let c: Choices = {};
        for (const [i, ch] of taps) c = choose(c, ids[i % ids.length]!, ch, k);
        for (const id of ids) if (!c[id]) c = choose(c, id, 'abstain', k);
        expect(approvals(c)).toBeLessThanOrEqual(k);
        expect(() => validateBallotChoices(ids, k, c as Record<string, string>)).not.toThrow();
      }),
    );
  });
});
