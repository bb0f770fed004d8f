import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { randomBase32 } from '../../ids';

/** 10 symbols of the 32-symbol alphabet of src/ids.ts: 50 bits, beyond guessing at 10 tries. */
export const SLIP_CODE_LENGTH = 10;
const CODE = /^[0-9a-hjkmnp-tv-z]{10}$/;

export function newSlipCode(): string {
  return randomBase32(SLIP_CODE_LENGTH);
}

/** How a code is printed: two groups of five, easy to read aloud and to type. */
export function formatSlipCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * What a person typed, as the stored code: case ignored, dashes and spaces dropped, and the
 * letters the alphabet leaves out read as the digits they look like (Crockford: o→0, i/l→1).
 * Null when it cannot be a code.
 */
export function normalizeSlipCode(typed: string): string | null {
  const code = typed
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
  return CODE.test(code) ? code : null;
}

/**
 * HMAC-SHA-256(slipPepper, meetingId || code), hex. The pepper lives outside the database, so a
 * copy of the database alone cannot test guesses; the meeting id makes a code of one meeting
 * worthless at another.
 */
export function slipCodeHash(pepper: Uint8Array, meetingId: string, code: string): string {
  return bytesToHex(hmac(sha256, pepper, utf8ToBytes(meetingId + code)));
}
