/**
 * Service configuration. Secrets come from the environment (or, for the embedded demo only, a
 * file under ./data created on first start) — never from the repository.
 */
export interface ServiceConfig {
  /** 32 bytes; every issuer key (item, round, class) is derived from it (crypto/issuer-key). */
  masterSecret: Uint8Array;
  /** 32-byte Ed25519 seed of the service's checkpoint-signing key. */
  signingSeed: Uint8Array;
  /** 32-byte HMAC key for slip codes: a stolen database alone cannot test guesses offline. */
  slipPepper: Uint8Array;
  /** Checkpoint origin line and signer key name, e.g. "sealvote.county.example/log". */
  logOrigin: string;
  /** Set the Secure flag on cookies; off only for http://localhost. */
  secureCookies: boolean;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** How long an officer session lives, in milliseconds. */
  sessionTtlMs: number;
}

export const DEFAULTS = {
  maxBodyBytes: 64 * 1024,
  sessionTtlMs: 8 * 60 * 60 * 1000, // one working day
} as const;

const HEX32 = /^[0-9a-f]{64}$/;

export function secretFromHex(name: string, value: string | undefined): Uint8Array {
  if (!value || !HEX32.test(value)) throw new Error(`${name} must be 64 lowercase hex characters (32 bytes)`);
  return Uint8Array.from(value.match(/../g)!.map((b) => parseInt(b, 16)));
}

/**
 * A whole-number setting within [min, max], or the default when unset. A value outside stops the
 * start with a message instead of failing later: a session longer than a cookie may live (RFC
 * 6265bis caps Max-Age at 400 days) made every sign-in answer 500.
 */
export function boundedInt(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  return n;
}

/** Officer sessions: one minute to 30 days (a written consultation's longest window). */
export const SESSION_TTL_RANGE_MS = [60 * 1000, 30 * 24 * 60 * 60 * 1000] as const;
/** Request bodies: 4 KiB to 16 MiB. */
export const MAX_BODY_RANGE = [4 * 1024, 16 * 1024 * 1024] as const;

/** Reads the configuration from environment-like key/value pairs (process.env or a Worker's env). */
export function configFromEnv(env: Record<string, string | undefined>): ServiceConfig {
  return {
    masterSecret: secretFromHex('SEALVOTE_MASTER_SECRET', env.SEALVOTE_MASTER_SECRET),
    signingSeed: secretFromHex('SEALVOTE_SIGNING_SEED', env.SEALVOTE_SIGNING_SEED),
    slipPepper: secretFromHex('SEALVOTE_SLIP_PEPPER', env.SEALVOTE_SLIP_PEPPER),
    logOrigin: env.SEALVOTE_LOG_ORIGIN || 'sealvote.local/log',
    secureCookies: env.SEALVOTE_INSECURE_COOKIES !== '1',
    maxBodyBytes: boundedInt('SEALVOTE_MAX_BODY_BYTES', env.SEALVOTE_MAX_BODY_BYTES, DEFAULTS.maxBodyBytes, ...MAX_BODY_RANGE),
    sessionTtlMs: boundedInt('SEALVOTE_SESSION_TTL_MS', env.SEALVOTE_SESSION_TTL_MS, DEFAULTS.sessionTtlMs, ...SESSION_TTL_RANGE_MS),
  };
}
