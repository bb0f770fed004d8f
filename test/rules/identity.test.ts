import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicatesOf, nameKey, nomineeKey, rosterKey, RuleInputError } from '../../src/rules';

describe('R15: who is the same person', () => {
  it.each([
    ['张三', '张 三'],
    ['张三', '张　三'],
    ['张三', ' 张三\t'],
    ['Ma Lin', 'ma lin'],
    ['ＡＢＣ', 'abc'],
    ['李明１', '李明1'],
    // Invisible characters pasted from a word processor or a chat app (Default_Ignorable_Code_Point).
    ['张三', '张三\u200b'],
    ['张三', '张\u200c三\u200d'],
    ['张三', '\ufeff张\u2060三'],
    ['张三', '张\u00ad三'],
  ])('%j and %j are one name', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });

  it.each([
    ['张三', '张山'],
    ['王五', '王五一'],
  ])('%s and %s are two names', (a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });

  it('a nominee is a name and a birth date; a roster entry a name', () => {
    expect(nomineeKey('周 建国', '1974-12-08')).toBe(nomineeKey('周建国', '1974-12-08'));
    expect(nomineeKey('周建国', '1974-12-08')).not.toBe(nomineeKey('周建国', '1974-12-09'));
    expect(rosterKey('委员 3')).toBe(rosterKey('委员3'));
  });

  it('refuses what is not a name or a date', () => {
    expect(() => nameKey('  ')).toThrow(RuleInputError);
    expect(() => nameKey('\u200b\u200d')).toThrow(RuleInputError);
    expect(() => nameKey(3)).toThrow(RuleInputError);
    expect(() => nomineeKey('周建国', '1974-02-30')).toThrow(RuleInputError);
    expect(() => nomineeKey('周建国', undefined)).toThrow(/birthDate/);
  });

  it('duplicatesOf leaves out the records confirmed to be someone else', () => {
    const existing = [
      { id: 'a', key: 'k' },
      { id: 'b', key: 'k' },
      { id: 'c', key: 'other' },
    ];
    expect(duplicatesOf('k', existing).map((e) => e.id)).toEqual(['a', 'b']);
    expect(duplicatesOf('k', existing, ['a']).map((e) => e.id)).toEqual(['b']);
    expect(duplicatesOf('k', existing, ['a', 'b'])).toEqual([]);
    expect(duplicatesOf('new', existing)).toEqual([]);
  });

  it('the key ignores inserted white space anywhere (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('周', '建', '国', 'a', 'B'), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(6)), (chars, gaps) => {
        const spaced: string[] = [...chars];
        for (const g of gaps) spaced.splice(Math.min(g, spaced.length), 0, ' ');
        expect(nameKey(spaced.join(''))).toBe(nameKey(chars.join('')));
      }),
    );
  });
});
