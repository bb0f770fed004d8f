import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalBytes, canonicalize } from '../../crypto/jcs';
import { CryptoInputError, bytesToHex } from '../../crypto/bytes';

function double(bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${bits}`));
  return view.getFloat64(0);
}

describe('RFC 8785 Appendix B: number serialization', () => {
  const table: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  it.each(table)('0x%s → %s', (bits, text) => {
    expect(canonicalize(double(bits))).toBe(text);
  });
  it.each(['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000'])('0x%s (non-finite) is refused', (bits) => {
    expect(() => canonicalize(double(bits))).toThrow(CryptoInputError);
  });
});

describe('RFC 8785 §3.2.2 / §3.2.4 example', () => {
  // The RFC's input text, parsed as any receiver would.
  const input = `{
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
    "literals": [null, true, false]
  }`;
  const output = '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
    '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
  it('serializes to the RFC output', () => {
    expect(canonicalize(JSON.parse(input))).toBe(output);
  });
  it('produces the RFC §3.2.4 UTF-8 bytes', () => {
    const hex = '7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a5b33' +
      '33333333333333332e333333333333332c31652b33302c342e352c302e3030322c31652d32375d2c22737472696e' +
      '67223a22e282ac245c75303030665c6e4127425c225c5c5c5c5c222f227d';
    expect(bytesToHex(canonicalBytes(JSON.parse(input)))).toBe(hex);
  });
});

describe('RFC 8785 §3.2.3 sorting example', () => {
  const input = `{
    "\\u20ac": "Euro Sign",
    "\\r": "Carriage Return",
    "\\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\\ud83d\\ude00": "Emoji: Grinning Face",
    "\\u0080": "Control",
    "\\u00f6": "Latin Small Letter O With Diaeresis"
  }`;
  const member = (name: string, v: string): string => `${JSON.stringify(name)}:${JSON.stringify(v)}`;
  const rest = member('\u00f6', 'Latin Small Letter O With Diaeresis');
  it('puts the names in the RFC order', () => {
    // RFC order: \r, 1, U+0080, U+00F6, U+20AC, U+1F600, U+FB33 (JS object key order would put
    // "1" first, so the order is read from the text, not from a parsed object).
    const text = canonicalize(JSON.parse(input));
    const at = (name: string): number => text.indexOf(`${JSON.stringify(name)}:`);
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'].map(at);
    expect(order.every((p) => p > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
  it('is exactly RFC 8785 §3.2.3: U+FB33 kept as it is (no normalization), sorted last', () => {
    const expected = `{${[
      member('\r', 'Carriage Return'), member('1', 'One'), member('\u0080', 'Control'), rest,
      member('\u20ac', 'Euro Sign'), member('\ud83d\ude00', 'Emoji: Grinning Face'),
      member('\ufb33', 'Hebrew Letter Dalet With Dagesh'),
    ].join(',')}}`;
    expect(canonicalize(JSON.parse(input))).toBe(expected);
  });
});

describe('no profile of ours', () => {
  it('keeps strings and names exactly as given: no Unicode normalization (issue 14)', () => {
    expect(canonicalize({ 'e\u0301': 'Cafe\u0301' })).toBe('{"e\u0301":"Cafe\u0301"}');
    expect(canonicalize('\u00e9')).not.toBe(canonicalize('e\u0301'));
    // Two names that only NFC would merge are two members.
    expect(canonicalize({ '\u00e9': 1, 'e\u0301': 2 })).toBe('{"e\u0301":2,"\u00e9":1}');
  });
  it('sorts by UTF-16 code units, not code points', () => {
    // U+1F600 is D83D DE00 in UTF-16, below U+FF61; code-point order would put it last.
    expect(canonicalize({ '\uff61': 1, '\ud83d\ude00': 2 })).toBe('{"\ud83d\ude00":2,"\uff61":1}');
  });
  it('escapes control characters the ECMAScript way', () => {
    expect(canonicalize('\u0000\b\t\n\f\r\u001f"\\\u007f')).toBe('"\\u0000\\b\\t\\n\\f\\r\\u001f\\"\\\\\u007f"');
  });
  it('has no whitespace and keeps array order', () => {
    expect(canonicalize({ b: [3, 1, 2], a: { d: null, c: true } })).toBe('{"a":{"c":true,"d":null},"b":[3,1,2]}');
  });
  it('accepts null-prototype objects', () => {
    const o = Object.create(null) as Record<string, unknown>;
    o.z = 1;
    o.a = 2;
    expect(canonicalize(o)).toBe('{"a":2,"z":1}');
  });
});

describe('rejections', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  class Thing { x = 1; }
  const cases: [string, unknown][] = [
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity in an array', [-Infinity]],
    ['undefined', undefined],
    ['undefined member', { a: undefined }],
    ['function', () => 1],
    ['function member', { f() { return 1; } }],
    ['bigint', 1n],
    ['symbol', Symbol('s')],
    ['lone high surrogate', 'a\ud800'],
    ['lone low surrogate', '\udc00b'],
    ['lone surrogate in a name', { '\ud800': 1 }],
    ['Date', new Date(0)],
    ['Map', new Map()],
    ['Uint8Array', new Uint8Array(2)],
    ['class instance', new Thing()],
    ['cycle', cyclic],
    ['sparse array', [1, , 3]],
    ['symbol key', { [Symbol('k')]: 1 }],
  ];
  it.each(cases)('%s', (_name, v) => {
    expect(() => canonicalize(v)).toThrow(CryptoInputError);
  });
  it('accepts the same value twice when it is shared, not cyclic', () => {
    const shared = { x: 1 };
    expect(canonicalize([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});

describe('properties', () => {
  it('is a fixed point: canonicalize(parse(canonicalize(v))) = canonicalize(v)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const once = canonicalize(v);
        expect(canonicalize(JSON.parse(once))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
  it('does not depend on member insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (d) => {
        const reversed = Object.fromEntries(Object.entries(d).reverse());
        expect(canonicalize(reversed)).toBe(canonicalize(d));
      }),
    );
  });
});
