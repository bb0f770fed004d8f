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

/** Reads the configuration from environment-like key/value pairs (process.env or a Worker's env). */
export function configFromEnv(env: Record<string, string | undefined>): ServiceConfig {
  return {
    masterSecret: secretFromHex('SEALVOTE_MASTER_SECRET', env.SEALVOTE_MASTER_SECRET),
    signingSeed: secretFromHex('SEALVOTE_SIGNING_SEED', env.SEALVOTE_SIGNING_SEED),
    slipPepper: secretFromHex('SEALVOTE_SLIP_PEPPER', env.SEALVOTE_SLIP_PEPPER),
    logOrigin: env.SEALVOTE_LOG_ORIGIN || 'sealvote.local/log',
    secureCookies: env.SEALVOTE_INSECURE_COOKIES !== '1',
    maxBodyBytes: Number(env.SEALVOTE_MAX_BODY_BYTES) || DEFAULTS.maxBodyBytes,
    sessionTtlMs: Number(env.SEALVOTE_SESSION_TTL_MS) || DEFAULTS.sessionTtlMs,
  };
}
