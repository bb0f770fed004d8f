import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSlipCode, newSlipCode, normalizeSlipCode, slipCodeHash } from '../../../src/domain/prepare/slip-code';

describe('slip codes', () => {
  it('are 10 symbols of the unambiguous alphabet (50 bits)', () => {
    const codes = Array.from({ length: 200 }, newSlipCode);
    for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{10}$/);
    expect(new Set(codes).size).toBe(200);
  });

  it('read back whatever way they are typed: case, dashes and spaces ignored', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'0123456789abcdefghjkmnpqrstvwxyz'.split('')), { minLength: 10, maxLength: 10 }), (chars) => {
        const code = chars.join('');
        expect(normalizeSlipCode(formatSlipCode(code))).toBe(code);
        expect(normalizeSlipCode(` ${formatSlipCode(code).toUpperCase().replace('-', ' - ')} `)).toBe(code);
      }),
    );
    expect(normalizeSlipCode('4K2XM-9QR7T')).toBe('4k2xm9qr7t');
  });

  it('read the letters left out of the alphabet as the digits they look like', () => {
    expect(normalizeSlipCode('O1I1L-00000')).toBe('01111' + '00000');
  });

  it('refuse anything that cannot be a code', () => {
    for (const typed of ['', '4k2xm', '4k2xm-9qr7tt', '4k2xm-9qr7u', '4k2xm_9qr7t', '４k2xm-9qr7t']) expect(normalizeSlipCode(typed)).toBeNull();
  });

  it('hash per meeting: the same code at another meeting is another hash', () => {
    const pepper = new Uint8Array(32).fill(7);
    const a = slipCodeHash(pepper, 'mtg_a', '4k2xm9qr7t');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(slipCodeHash(pepper, 'mtg_b', '4k2xm9qr7t')).not.toBe(a);
    expect(slipCodeHash(new Uint8Array(32).fill(8), 'mtg_a', '4k2xm9qr7t')).not.toBe(a);
    // HMAC-SHA-256(pepper, meetingId || code), checked against node:crypto.
    expect(a).toBe(createHmac('sha256', pepper).update('mtg_a4k2xm9qr7t').digest('hex'));
  });
});
