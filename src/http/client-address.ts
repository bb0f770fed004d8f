/**
 * The client's address behind trusted reverse proxies, for rate limiting only (deps.ts): never
 * stored with, or logged beside, a ballot or a token request.
 *
 * A forwarding header is believed only when the connection comes from a configured proxy
 * (SEALVOTE_TRUSTED_PROXIES); from anyone else it is ignored, since any client can write one.
 * The chain is read from the right (RFC 7239 §5.2 and the X-Forwarded-For convention: each proxy
 * appends the address it received the request from): the socket's address, then each address the
 * proxies appended, stopping at the first that is not a trusted proxy. That address is the client.
 * A client that sends its own header cannot move that point: whatever it wrote stands to the left
 * of what our proxy appended. Only one header is read (SEALVOTE_PROXY_HEADER): a proxy that appends
 * X-Forwarded-For usually passes a client's own `Forwarded` through untouched, and vice versa.
 */

export type ForwardedHeader = 'x-forwarded-for' | 'forwarded';

export interface ProxyTrust {
  /** True for an address of a reverse proxy whose forwarding header is believed. */
  isTrusted: (address: string) => boolean;
  header: ForwardedHeader;
}

/** Longest address kept as a throttle key: longer header values are not addresses. */
const MAX_ADDRESS = 64;

/** "::ffff:192.0.2.1" (an IPv4 client on a dual-stack socket) is 192.0.2.1. */
export function normalizeAddress(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  return mapped ? mapped[1]! : a;
}

/** One node of a forwarding header without quotes, brackets or port: "[2001:db8::1]:4711" → "2001:db8::1". */
export function nodeAddress(node: string): string {
  let n = node.trim();
  if (n.startsWith('"') && n.endsWith('"') && n.length >= 2) n = n.slice(1, -1).replace(/\\(.)/g, '$1');
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(n);
  if (bracketed) return normalizeAddress(bracketed[1]!);
  // An IPv4 address with a port; a bare IPv6 address has several colons and no port.
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(n);
  if (v4port) return v4port[1]!;
  return normalizeAddress(n);
}

/** X-Forwarded-For: "client, proxy1, proxy2" (several header lines arrive joined by ", "). */
export function parseXForwardedFor(value: string): string[] {
  return value
    .split(',')
    .map((s) => nodeAddress(s))
    .filter((s) => s !== '');
}

/**
 * RFC 7239 §4: `Forwarded: for=192.0.2.60;proto=http, for="[2001:db8:cafe::17]:4711"`. Every
 * element yields its `for` node; an element without one yields "unknown" (§6.2), so the chain
 * keeps its length and a missing hop is never skipped over.
 */
export function parseForwarded(value: string): string[] {
  const out: string[] = [];
  for (const element of splitOutsideQuotes(value, ',')) {
    if (element.trim() === '') continue;
    let node = 'unknown';
    for (const pair of splitOutsideQuotes(element, ';')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      if (pair.slice(0, eq).trim().toLowerCase() === 'for') node = nodeAddress(pair.slice(eq + 1));
    }
    out.push(node === '' ? 'unknown' : node);
  }
  return out;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && quoted && i + 1 < text.length) {
      current += ch + text[++i];
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/**
 * The client address of one request: the socket's own address unless it is a trusted proxy;
 * then the rightmost address in the configured header that is not a trusted proxy (or the
 * leftmost, when every one is).
 */
export function resolveClientAddress(socketAddress: string | undefined, header: (name: string) => string | undefined, trust: ProxyTrust | undefined): string {
  let address = normalizeAddress(socketAddress ?? 'unknown');
  if (!trust || !trust.isTrusted(address)) return clip(address);
  const value = header(trust.header);
  if (value === undefined) return clip(address);
  const chain = trust.header === 'forwarded' ? parseForwarded(value) : parseXForwardedFor(value);
  for (let i = chain.length - 1; i >= 0; i--) {
    address = chain[i]!;
    if (!trust.isTrusted(address)) break;
  }
  return clip(address);
}

function clip(address: string): string {
  return address.length > MAX_ADDRESS ? address.slice(0, MAX_ADDRESS) : address;
}
