import { describe, expect, it } from 'vitest';
import { decideItem, RuleInputError, type DecideInput } from '../../src/rules/index';

const base = (): DecideInput => ({
  due: 11,
  present: 9,
  cast: 8,
  seats: 1,
  passRule: 'majority',
  barRule: 'disapprove-half',
  nominees: [
    { id: 'a', approve: 5, disapprove: 2, abstain: 1 },
    { id: 'b', approve: 2, disapprove: 4, abstain: 2 },
    { id: 'c', approve: 1, disapprove: 6, abstain: 1 },
  ],
});

type Mutation = (input: DecideInput) => void;
const n = (input: DecideInput, i: number) => input.nominees[i]!;

// Every way the counts can fail to describe one real vote, and the field the error must name.
const cases: Array<[string, Mutation, string]> = [
  ['due 0', (x) => { x.due = 0; }, 'due'],
  ['due negative', (x) => { x.due = -3; }, 'due'],
  ['due fractional', (x) => { x.due = 10.5; }, 'due'],
  ['due NaN', (x) => { x.due = Number.NaN; }, 'due'],
  ['due a string', (x) => { (x as unknown as Record<string, unknown>).due = '11'; }, 'due'],
  ['due beyond exact arithmetic', (x) => { x.due = 2 ** 53; }, 'due'],
  ['present above due', (x) => { x.present = 12; }, 'present'],
  ['present negative', (x) => { x.present = -1; }, 'present'],
  ['present fractional', (x) => { x.present = 8.5; }, 'present'],
  ['cast above present', (x) => { x.cast = 10; }, 'cast'],
  ['cast negative', (x) => { x.cast = -1; }, 'cast'],
  ['seats 0', (x) => { x.seats = 0; }, 'seats'],
  ['seats fractional', (x) => { x.seats = 1.5; }, 'seats'],
  ['seats as many as nominees on a competitive item', (x) => { x.seats = 3; }, 'seats'],
  ['seats more than a single nominee', (x) => { x.nominees = [n(x, 0)]; x.seats = 2; }, 'seats'],
  ['unknown pass rule', (x) => { (x as unknown as Record<string, unknown>).passRule = 'half'; }, 'passRule'],
  ['unknown bar rule', (x) => { (x as unknown as Record<string, unknown>).barRule = 'forever'; }, 'barRule'],
  ['no nominees', (x) => { x.nominees = []; }, 'nominees'],
  ['nominees not an array', (x) => { (x as unknown as Record<string, unknown>).nominees = {}; }, 'nominees'],
  ['a nominee that is null', (x) => { (x.nominees as unknown[])[1] = null; }, 'nominees[1]'],
  ['a nominee without id', (x) => { n(x, 1).id = ''; }, 'nominees[1].id'],
  ['duplicate nominee ids', (x) => { n(x, 2).id = 'a'; }, 'nominees[2].id'],
  ['negative approve', (x) => { n(x, 2).approve = -1; }, 'nominees[2].approve'],
  ['fractional disapprove', (x) => { n(x, 1).disapprove = 0.5; }, 'nominees[1].disapprove'],
  ['missing abstain', (x) => { delete (n(x, 0) as Partial<DecideInput['nominees'][0]>).abstain; }, 'nominees[0].abstain'],
  ['more choices than ballots cast', (x) => { n(x, 0).abstain = 2; }, 'nominees[0]'],
  ['more approvals than k per ballot', (x) => { n(x, 1).approve = 4; n(x, 1).disapprove = 2; n(x, 1).abstain = 0; }, 'nominees'],
  ['input not an object', (x) => { void x; }, 'input'],
];

describe('decideItem refuses inconsistent input (never answers it)', () => {
  it('accepts the unmutated input, so each case below fails for its own reason', () => {
    expect(() => decideItem(base())).not.toThrow();
  });

  it.each(cases)('%s → RuleInputError naming %s', (_name, mutate, field) => {
    const input = field === 'input' ? (null as unknown as DecideInput) : base();
    if (input) mutate(input);
    const call = () => decideItem(input);
    expect(call).toThrowError(RuleInputError);
    expect(call).toThrowError(expect.objectContaining({ field }));
  });

  it('names the field in the message too', () => {
    const input = base();
    n(input, 2).approve = -1;
    expect(() => decideItem(input)).toThrowError(/nominees\[2\]\.approve/);
  });

  it('is an Error with its own name', () => {
    const e = new RuleInputError('due', 'must be positive');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('RuleInputError');
    expect(e.field).toBe('due');
    expect(e.message).toContain('due');
  });
});
