import { randomBytes } from 'node:crypto';
import { createApp } from '../../src/app';
import type { ServiceConfig } from '../../src/config';
import type { AppDeps } from '../../src/deps';
import { openSqlite, type SqliteHandle } from '../../src/db/sqlite';

export interface TestClock {
  now: () => Date;
  set(iso: string | Date): void;
  advance(ms: number): void;
}

export function testClock(start = '2026-03-02T09:00:00+08:00'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso) => void (t = new Date(iso).getTime()),
    advance: (ms) => void (t += ms),
  };
}

export function testConfig(overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  return {
    masterSecret: randomBytes(32),
    signingSeed: randomBytes(32),
    slipPepper: randomBytes(32),
    logOrigin: 'sealvote.test/log',
    secureCookies: false,
    maxBodyBytes: 64 * 1024,
    sessionTtlMs: 8 * 60 * 60 * 1000,
    ...overrides,
  };
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  handle: SqliteHandle;
  clock: TestClock;
  close(): void;
}

/** A fresh app over a fresh in-memory database with migrations applied. */
export function makeTestApp(opts: { path?: string; config?: Partial<ServiceConfig>; address?: string; castCrypto?: AppDeps['castCrypto']; castLimits?: AppDeps['castLimits']; ed25519?: AppDeps['ed25519'] } = {}): TestApp {
  const handle = openSqlite(opts.path ?? ':memory:');
  const clock = testClock();
  const deps: AppDeps = {
    db: handle.db,
    config: testConfig(opts.config),
    now: clock.now,
    clientAddress: (c) => c.req.header('x-test-address') ?? opts.address ?? '192.0.2.1',
    ...(opts.castCrypto ? { castCrypto: opts.castCrypto } : {}),
    ...(opts.castLimits ? { castLimits: opts.castLimits } : {}),
    ...(opts.ed25519 ? { ed25519: opts.ed25519 } : {}),
  };
  return { app: createApp(deps), deps, handle, clock, close: () => handle.close() };
}
