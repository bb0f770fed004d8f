import { chmodSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { configFromEnv, type ServiceConfig } from './config';

const SECRET_KEYS = ['SEALVOTE_MASTER_SECRET', 'SEALVOTE_SIGNING_SEED', 'SEALVOTE_SLIP_PEPPER'] as const;

/**
 * Node configuration: the environment first. On a machine with no secrets configured (the
 * embedded demo), secrets are generated once into a 0600 file beside the database, so a restart
 * keeps verifying the same meetings. Production sets the environment variables instead.
 */
export function loadNodeConfig(env: NodeJS.ProcessEnv, secretsFile: string): { config: ServiceConfig; generated: boolean } {
  const merged: Record<string, string | undefined> = { ...env };
  let generated = false;
  if (SECRET_KEYS.some((k) => !env[k])) {
    let stored: Record<string, string> = {};
    if (existsSync(secretsFile)) stored = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;
    for (const key of SECRET_KEYS) {
      if (!stored[key]) {
        stored[key] = randomBytes(32).toString('hex');
        generated = true;
      }
      merged[key] ??= stored[key];
    }
    if (generated) {
      mkdirSync(dirname(secretsFile), { recursive: true });
      writeFileSync(secretsFile, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
      chmodSync(secretsFile, 0o600);
    }
  }
  // Cookies need Secure except on plain-http loopback, which is how the embedded service runs.
  merged.SEALVOTE_INSECURE_COOKIES ??= env.SEALVOTE_PUBLIC_URL?.startsWith('https://') ? '0' : '1';
  return { config: configFromEnv(merged), generated };
}
