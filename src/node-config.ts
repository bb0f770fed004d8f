import { chmodSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { configFromEnv, type ServiceConfig } from './config';
import { normalizeAddress, resolveClientAddress, type ForwardedHeader, type ProxyTrust } from './http/client-address';

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

/**
 * SEALVOTE_TRUSTED_PROXIES: the reverse proxies whose forwarding header names the client
 * (src/http/client-address.ts), as addresses or CIDR ranges separated by commas or spaces, e.g.
 * "127.0.0.1, ::1" or "10.0.0.0/24". Unset: no header is believed and every client is its
 * socket address. SEALVOTE_PROXY_HEADER picks the header the proxy appends to:
 * `x-forwarded-for` (default) or `forwarded` (RFC 7239). A malformed entry stops the start.
 */
export function proxyTrustFromEnv(env: NodeJS.ProcessEnv): ProxyTrust | undefined {
  const raw = env.SEALVOTE_TRUSTED_PROXIES?.trim();
  const headerSetting = (env.SEALVOTE_PROXY_HEADER ?? 'x-forwarded-for').trim().toLowerCase();
  if (headerSetting !== 'x-forwarded-for' && headerSetting !== 'forwarded') {
    throw new Error(`SEALVOTE_PROXY_HEADER must be x-forwarded-for or forwarded, got ${env.SEALVOTE_PROXY_HEADER}`);
  }
  if (!raw) return undefined;
  const list = new BlockList();
  for (const entry of raw.split(/[\s,]+/).filter(Boolean)) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const bits = prefix === undefined ? undefined : Number(prefix);
    if (family === 0 || extra !== undefined || (bits !== undefined && (!/^\d{1,3}$/.test(prefix!) || bits > (family === 4 ? 32 : 128)))) {
      throw new Error(`SEALVOTE_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, bits, type);
  }
  return {
    header: headerSetting as ForwardedHeader,
    isTrusted: (address) => {
      const a = normalizeAddress(address);
      const family = isIP(a);
      if (family === 0) return false;
      return list.check(a, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/**
 * AppDeps.clientAddress for Node. When requests carry a forwarding header that is not believed
 * (no trusted proxy configured, or one not listed), says so once on the console: behind a proxy
 * every tablet would then share the proxy's address and its limits (THREAT_MODEL.md).
 */
export function nodeClientAddress(
  trust: ProxyTrust | undefined,
  warn: (message: string) => void = (m) => console.warn(`sealvote: ${m}`),
): (socketAddress: string | undefined, header: (name: string) => string | undefined) => string {
  let warned = false;
  return (socketAddress, header) => {
    const address = resolveClientAddress(socketAddress, header, trust);
    if (!warned && address === normalizeAddress(socketAddress ?? 'unknown') && (header('x-forwarded-for') !== undefined || header('forwarded') !== undefined)) {
      const believed = trust && trust.isTrusted(address);
      if (!believed) {
        warned = true;
        warn(
          // No address in the message: this may be a cast, and nothing may log who sent one (R7).
          `requests carry a forwarding header that is ignored (${trust ? 'the sender is not' : 'no proxy is'} listed in SEALVOTE_TRUSTED_PROXIES); behind a reverse proxy, list the proxy there, or every client counts as the proxy's address for rate limits`,
        );
      }
    }
    return address;
  };
}
