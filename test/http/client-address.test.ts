/**
 * The client address behind trusted proxies (src/http/client-address.ts, src/node-config.ts):
 * a forwarding header is believed only from a configured proxy, and read from the right.
 */
import { describe, expect, it } from 'vitest';
import { nodeAddress, parseForwarded, parseXForwardedFor, resolveClientAddress } from '../../src/http/client-address';
import { nodeClientAddress, proxyTrustFromEnv } from '../../src/node-config';

const headers = (h: Record<string, string>) => (name: string) => h[name];
const trust = (list: string, header?: string) => proxyTrustFromEnv({ SEALVOTE_TRUSTED_PROXIES: list, ...(header ? { SEALVOTE_PROXY_HEADER: header } : {}) })!;

describe('forwarding headers', () => {
  it('reads X-Forwarded-For nodes without ports, brackets or case', () => {
    expect(parseXForwardedFor('203.0.113.7, 10.0.0.2')).toEqual(['203.0.113.7', '10.0.0.2']);
    expect(parseXForwardedFor('203.0.113.7:51234,[2001:DB8::1]:443, 2001:db8::2')).toEqual(['203.0.113.7', '2001:db8::1', '2001:db8::2']);
    expect(parseXForwardedFor(' , ::ffff:192.0.2.9')).toEqual(['192.0.2.9']);
  });

  it('reads the for= node of every Forwarded element (RFC 7239), "unknown" where one is missing', () => {
    expect(parseForwarded('for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8:cafe::17]:4711"')).toEqual(['192.0.2.60', '2001:db8:cafe::17']);
    expect(parseForwarded('For="_gazonk", proto=https, for=198.51.100.17')).toEqual(['_gazonk', 'unknown', '198.51.100.17']);
    expect(parseForwarded('for="a,b;c"')).toEqual(['a,b;c']);
    expect(nodeAddress('"[::1]"')).toBe('::1');
  });
});

describe('resolveClientAddress', () => {
  it('ignores every forwarding header when no proxy is trusted', () => {
    expect(resolveClientAddress('198.51.100.4', headers({ 'x-forwarded-for': '203.0.113.1' }), undefined)).toBe('198.51.100.4');
    expect(resolveClientAddress('::ffff:198.51.100.4', headers({}), undefined)).toBe('198.51.100.4');
    expect(resolveClientAddress(undefined, headers({}), undefined)).toBe('unknown');
  });

  it('believes the header only from a trusted proxy: a client that writes one itself is its socket address', () => {
    const t = trust('10.0.0.1');
    expect(resolveClientAddress('10.0.0.1', headers({ 'x-forwarded-for': '203.0.113.1' }), t)).toBe('203.0.113.1');
    expect(resolveClientAddress('198.51.100.4', headers({ 'x-forwarded-for': '203.0.113.1' }), t)).toBe('198.51.100.4');
    expect(resolveClientAddress('10.0.0.1', headers({}), t)).toBe('10.0.0.1');
  });

  it('reads from the right, so what a client wrote before the proxy appended cannot move it', () => {
    const t = trust('10.0.0.0/24, 127.0.0.1');
    // The client sent "X-Forwarded-For: 192.0.2.66"; the proxy 10.0.0.5 appended the real client.
    expect(resolveClientAddress('127.0.0.1', headers({ 'x-forwarded-for': '192.0.2.66, 203.0.113.9, 10.0.0.5' }), t)).toBe('203.0.113.9');
    // Every hop trusted: the leftmost.
    expect(resolveClientAddress('127.0.0.1', headers({ 'x-forwarded-for': '10.0.0.7, 10.0.0.5' }), t)).toBe('10.0.0.7');
  });

  it('reads only the configured header: Forwarded, when the proxy writes that one', () => {
    const t = trust('::1', 'forwarded');
    const h = headers({ forwarded: 'for="[2001:db8::5]:1234"', 'x-forwarded-for': '192.0.2.66' });
    expect(resolveClientAddress('::1', h, t)).toBe('2001:db8::5');
    expect(resolveClientAddress('::1', h, trust('::1'))).toBe('192.0.2.66');
  });

  it('keeps no more than 64 characters of what a proxy passed on', () => {
    expect(resolveClientAddress('10.0.0.1', headers({ 'x-forwarded-for': 'x'.repeat(500) }), trust('10.0.0.1'))).toHaveLength(64);
  });
});

describe('SEALVOTE_TRUSTED_PROXIES', () => {
  it('takes addresses and CIDR ranges of both families, including IPv4 on a dual-stack socket', () => {
    const t = trust('192.0.2.0/28 2001:db8::/32,127.0.0.1');
    expect(['192.0.2.1', '192.0.2.15', '::ffff:192.0.2.3', '2001:db8:1::9', '127.0.0.1'].map(t.isTrusted)).toEqual([true, true, true, true, true]);
    expect(['192.0.2.16', '127.0.0.2', '2001:db9::1', 'unknown', ''].map(t.isTrusted)).toEqual([false, false, false, false, false]);
    expect(proxyTrustFromEnv({})).toBeUndefined();
    expect(proxyTrustFromEnv({ SEALVOTE_TRUSTED_PROXIES: '  ' })).toBeUndefined();
  });

  it('refuses to start on a malformed entry or header name', () => {
    for (const bad of ['localhost', '10.0.0.1/33', '10.0.0.0/8/1', '2001:db8::/129', '10.0.0.1/x']) {
      expect(() => trust(bad), bad).toThrow(/SEALVOTE_TRUSTED_PROXIES/);
    }
    expect(() => proxyTrustFromEnv({ SEALVOTE_PROXY_HEADER: 'x-real-ip' })).toThrow(/SEALVOTE_PROXY_HEADER/);
  });

  it('warns once, without naming any address, when forwarding headers arrive and are ignored', () => {
    const said: string[] = [];
    const resolve = nodeClientAddress(undefined, (m) => said.push(m));
    expect(resolve('198.51.100.4', headers({}))).toBe('198.51.100.4');
    expect(said).toEqual([]);
    expect(resolve('198.51.100.4', headers({ 'x-forwarded-for': '203.0.113.1' }))).toBe('198.51.100.4');
    expect(resolve('198.51.100.5', headers({ forwarded: 'for=203.0.113.1' }))).toBe('198.51.100.5');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/SEALVOTE_TRUSTED_PROXIES/);
    expect(said[0]).not.toMatch(/198\.51|203\.0/);
    const quiet: string[] = [];
    expect(nodeClientAddress(trust('10.0.0.1'), (m) => quiet.push(m))('10.0.0.1', headers({ 'x-forwarded-for': '203.0.113.1' }))).toBe('203.0.113.1');
    expect(quiet).toEqual([]);
  });
});
