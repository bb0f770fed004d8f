import { describe, expect, it } from 'vitest';
import { PASSWORD_KDF, hashPassword, verifyPassword } from '../../src/auth/password';
import { equalSecrets, sha256Hex } from '../../src/auth/tokens';

describe('officer passwords (scrypt)', () => {
  it('uses N = 2^15, r = 8, p = 1 and a 32-byte salt unless told otherwise', async () => {
    const encoded = await hashPassword('a long enough passphrase');
    const [name, logN, r, p, salt, key] = encoded.split('$');
    expect([name, logN, r, p]).toEqual(['scrypt', '15', '8', '1']);
    expect(PASSWORD_KDF).toMatchObject({ logN: 15, r: 8, p: 1, saltBytes: 32 });
    expect(atob(salt!).length).toBe(32);
    expect(atob(key!).length).toBe(32);
    expect(await verifyPassword('a long enough passphrase', encoded)).toBe(true);
  });

  it('accepts the right password and refuses any other', async () => {
    const encoded = await hashPassword('correct horse battery staple', { logN: 10 });
    expect(encoded.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse battery staple', encoded)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', encoded)).toBe(false);
    expect(await verifyPassword('', encoded)).toBe(false);
  });

  it('salts every hash', async () => {
    const a = await hashPassword('same password here', { logN: 4 });
    const b = await hashPassword('same password here', { logN: 4 });
    expect(a).not.toBe(b);
  });

  it('treats the NFC and NFD spellings of a password as the same', async () => {
    const encoded = await hashPassword('caf\u00e9 au lait 1234', { logN: 4 });
    expect(await verifyPassword('cafe\u0301 au lait 1234', encoded)).toBe(true);
  });

  it('never matches a malformed or tampered stored hash', async () => {
    const encoded = await hashPassword('correct horse battery staple', { logN: 4 });
    expect(await verifyPassword('correct horse battery staple', 'plain-text')).toBe(false);
    expect(await verifyPassword('correct horse battery staple', encoded.replace('scrypt$4$', 'scrypt$5$'))).toBe(false);
    expect(await verifyPassword('correct horse battery staple', encoded.replace('$8$', '$99$'))).toBe(false);
  });

  it('refuses a cost outside 1..20', async () => {
    await expect(hashPassword('x', { logN: 0 })).rejects.toThrow();
    await expect(hashPassword('x', { logN: 21 })).rejects.toThrow();
  });
});

describe('token helpers', () => {
  it('compares secrets exactly', () => {
    expect(equalSecrets('abc', 'abc')).toBe(true);
    expect(equalSecrets('abc', 'abd')).toBe(false);
    expect(equalSecrets('abc', 'abcd')).toBe(false);
    expect(equalSecrets('', '')).toBe(true);
  });

  it('hashes with SHA-256 (FIPS 180-4 "abc" vector)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
