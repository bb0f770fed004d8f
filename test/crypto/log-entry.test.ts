import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { entryBytes, entryLeafHash, parseEntry } from '../../crypto/log-entry';
import { CryptoInputError, bytesToHex, concatBytes, utf8 } from '../../crypto/bytes';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('entry bytes', () => {
  it('is the prefix followed by canonical JSON', () => {
    const bytes = entryBytes({ type: 'open', present: 9, item: 'i1' });
    expect(new TextDecoder().decode(bytes)).toBe('sealvote/v1\n{"item":"i1","present":9,"type":"open"}');
  });
  it('leaf hash is SHA-256(0x00 || entry), computed independently', () => {
    const obj = { type: 'close', issued: 8, cast: 7 };
    const expected = sha256(concatBytes(Uint8Array.of(0), enc('sealvote/v1\n{"cast":7,"issued":8,"type":"close"}')));
    expect(bytesToHex(entryLeafHash(obj))).toBe(bytesToHex(expected));
  });
  it('needs a non-empty string type', () => {
    expect(() => entryBytes({ type: '' })).toThrow(CryptoInputError);
    expect(() => entryBytes({ type: 3 } as never)).toThrow(CryptoInputError);
    expect(() => entryBytes([] as never)).toThrow(CryptoInputError);
  });
});

describe('parseEntry', () => {
  it('keeps a non-NFC string as its bytes: verifiers compare bytes, never normalize (issue 14)', () => {
    const bytes = enc('sealvote/v1\n{"n":"e\u0301","type":"x"}');
    expect(parseEntry(bytes)).toEqual({ type: 'x', n: 'e\u0301' });
  });
  it('round-trips', () => {
    const obj = { type: 'tally', counts: { approve: 6, disapprove: 3 }, name: '张三' };
    expect(parseEntry(entryBytes(obj))).toEqual(obj);
  });
  const bad: [string, Uint8Array][] = [
    ['wrong prefix', enc('sealvote/v2\n{"type":"x"}')],
    ['no prefix', enc('{"type":"x"}')],
    ['too short', enc('seal')],
    ['whitespace', enc('sealvote/v1\n{"type": "x"}')],
    ['unsorted names', enc('sealvote/v1\n{"type":"x","a":1}')],
    ['duplicate names', enc('sealvote/v1\n{"a":1,"a":1,"type":"x"}')],
    ['number spelling', enc('sealvote/v1\n{"n":1.0,"type":"x"}')],
    ['an escaped character that needs no escape', enc('sealvote/v1\n{"n":"\\u00e9","type":"x"}')],
    ['trailing newline', enc('sealvote/v1\n{"type":"x"}\n')],
    ['invalid UTF-8', concatBytes(utf8('sealvote/v1\n{"n":"'), Uint8Array.of(0xff), utf8('","type":"x"}'))],
    ['not JSON', enc('sealvote/v1\n{type:x}')],
    ['no type', enc('sealvote/v1\n{"a":1}')],
    ['an array', enc('sealvote/v1\n[]')],
    ['non-finite number', enc('sealvote/v1\n{"n":1e400,"type":"x"}')],
  ];
  it.each(bad)('refuses %s', (_name, bytes) => {
    expect(() => parseEntry(bytes)).toThrow(CryptoInputError);
  });
});
