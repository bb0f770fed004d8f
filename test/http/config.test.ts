// Settings that take numbers are checked when the service starts: a value out of range stops it
// with a message naming the setting, instead of failing later (a session longer than a cookie
// may live made every sign-in answer 500).
import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULTS } from '../../src/config';

const secrets = { SEALVOTE_MASTER_SECRET: '11'.repeat(32), SEALVOTE_SIGNING_SEED: '22'.repeat(32), SEALVOTE_SLIP_PEPPER: '33'.repeat(32) };

describe('configFromEnv', () => {
  it('takes the defaults when unset or empty, and whole numbers within range', () => {
    expect(configFromEnv(secrets)).toMatchObject({ sessionTtlMs: DEFAULTS.sessionTtlMs, maxBodyBytes: DEFAULTS.maxBodyBytes });
    expect(configFromEnv({ ...secrets, SEALVOTE_SESSION_TTL_MS: '', SEALVOTE_MAX_BODY_BYTES: '' })).toMatchObject({ sessionTtlMs: DEFAULTS.sessionTtlMs });
    expect(configFromEnv({ ...secrets, SEALVOTE_SESSION_TTL_MS: '2592000000', SEALVOTE_MAX_BODY_BYTES: '4096' })).toMatchObject({ sessionTtlMs: 2592000000, maxBodyBytes: 4096 });
  });

  it.each([
    ['SEALVOTE_SESSION_TTL_MS', '40000000000'],
    ['SEALVOTE_SESSION_TTL_MS', '2592000001'],
    ['SEALVOTE_SESSION_TTL_MS', '0'],
    ['SEALVOTE_SESSION_TTL_MS', '-5'],
    ['SEALVOTE_SESSION_TTL_MS', '8h'],
    ['SEALVOTE_SESSION_TTL_MS', '90000.5'],
    ['SEALVOTE_MAX_BODY_BYTES', '100'],
    ['SEALVOTE_MAX_BODY_BYTES', '99999999999'],
    ['SEALVOTE_MAX_BODY_BYTES', 'lots'],
  ])('%s=%s stops the start with a message naming it', (name, value) => {
    expect(() => configFromEnv({ ...secrets, [name]: value })).toThrow(new RegExp(`^${name} must be a whole number`));
  });
});
