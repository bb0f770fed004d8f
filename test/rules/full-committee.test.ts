// Committee kinds, roster kinds and item kinds (docs/full-committee.md §1–2, R3, R4, R13).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ballotClassOf,
  barsApply,
  decideItem,
  removalShapeOk,
  requireCommitteeKind,
  requireItemKind,
  rosterKindAllowed,
  RuleInputError,
  type DecideInput,
} from '../../src/rules/index';
import { voteArb, toInput } from './arbitraries';

const removal = (due: number, approve: number, disapprove: number, over: Partial<DecideInput> = {}): DecideInput => ({
  due,
  present: due,
  cast: approve + disapprove,
  seats: 1,
  passRule: 'majority',
  barRule: 'disapprove-half',
  nominees: [{ id: 'x', approve, disapprove, abstain: 0 }],
  itemKind: 'removal',
  ...over,
});

describe('committee and roster kinds (R4, R13)', () => {
  it('alternates belong to a full committee only', () => {
    expect(rosterKindAllowed('full', 'alternate')).toBe(true);
    expect(rosterKindAllowed('standing', 'alternate')).toBe(false);
    for (const c of ['standing', 'full'] as const) {
      expect(rosterKindAllowed(c, 'member')).toBe(true);
      expect(rosterKindAllowed(c, 'observer')).toBe(true);
    }
  });

  it('members cast A ballots; observers and alternates B ballots', () => {
    expect(ballotClassOf('member')).toBe('A');
    expect(ballotClassOf('observer')).toBe('B');
    expect(ballotClassOf('alternate')).toBe('B');
  });

  it('refuses unknown kinds, naming the field', () => {
    expect(() => requireCommitteeKind('plenary')).toThrow(RuleInputError);
    expect(() => ballotClassOf('guest' as never)).toThrow(/kind/);
    expect(() => rosterKindAllowed('standing', 'guest' as never)).toThrow(/kind/);
    expect(() => requireItemKind('transfer')).toThrow(/kind/);
  });
});

describe('removals (免职)', () => {
  it('bars apply to appointments only', () => {
    expect(barsApply('appointment')).toBe(true);
    expect(barsApply('removal')).toBe(false);
  });

  it('a removal is one person for one post, never competitive', () => {
    expect(removalShapeOk(1, 1, false)).toBe(true);
    expect(removalShapeOk(2, 1, false)).toBe(false);
    expect(removalShapeOk(1, 1, true)).toBe(false);
  });

  it('due 10, 5 disapprove: an appointment bars, a removal does not (R3 is about nominations)', () => {
    expect(decideItem({ ...removal(10, 4, 5), itemKind: 'appointment' }).nominees[0]!.barred).toBe(true);
    expect(decideItem(removal(10, 4, 5)).nominees[0]).toEqual({ id: 'x', approved: false, barred: false });
  });

  it('a rejected removal bars no one even under the not-approved policy', () => {
    expect(decideItem(removal(9, 2, 7, { barRule: 'not-approved' })).nominees[0]!.barred).toBe(false);
  });

  it('a removal passes by R2 exactly as an appointment', () => {
    expect(decideItem(removal(13, 7, 6)).nominees[0]!.approved).toBe(true);
    expect(decideItem(removal(14, 7, 7)).nominees[0]!.approved).toBe(false);
    expect(decideItem(removal(12, 8, 4, { passRule: 'two-thirds' })).nominees[0]!.approved).toBe(true);
  });

  it('refuses a removal of two people', () => {
    const two = { ...removal(10, 3, 0), seats: 1, nominees: [{ id: 'x', approve: 3, disapprove: 0, abstain: 0 }, { id: 'y', approve: 0, disapprove: 3, abstain: 0 }] };
    expect(() => decideItem(two)).toThrow(/removal/);
  });

  it('property: a removal decides approval as the same appointment would, and never bars', () => {
    fc.assert(
      fc.property(voteArb({ maxNominees: 1 }), (vote) => {
        const input = toInput(vote);
        const appointment = decideItem(input);
        const asRemoval = decideItem({ ...input, itemKind: 'removal' });
        expect(asRemoval.quorate).toBe(appointment.quorate);
        expect(asRemoval.nominees.map((n) => n.approved)).toEqual(appointment.nominees.map((n) => n.approved));
        expect(asRemoval.nominees.every((n) => !n.barred)).toBe(true);
      }),
    );
  });
});
