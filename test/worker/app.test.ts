import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/worker';
import { env } from './env';

const BASE = 'https://sealvote.test';

describe('the app shell through the Worker (SELF.fetch, D1 behind it)', () => {
  it('answers /healthz with the security headers and strict CSP of the Node service', async () => {
    const res = await SELF.fetch(`${BASE}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'sealvote' });
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('answers an unknown API route with RFC 9457 problem+json, uncacheable', async () => {
    const res = await SELF.fetch(`${BASE}/api/no-such-thing`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ type: 'urn:sealvote:problem:not_found', status: 404, code: 'not_found' });
  });

  it('asks the ASSETS binding for a page, and answers problem+json 404 with the CSP when it has none', async () => {
    const res = await SELF.fetch(`${BASE}/no-such-page.html`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('refuses a non-JSON body with 415 and an oversized one with 413', async () => {
    const form = await SELF.fetch(`${BASE}/api/auth/login`, {
      method: 'POST',
      body: 'username=a&password=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect((await form.json()).code).toBe('unsupported_media_type');
    const big = await SELF.fetch(`${BASE}/api/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'x', password: 'y'.repeat(70 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect((await big.json()).code).toBe('payload_too_large');
  });

  it('serves the OpenAPI 3.1 document', async () => {
    const res = await SELF.fetch(`${BASE}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect((await res.json()).openapi).toBe('3.1.0');
  });
});

describe('the Worker entry', () => {
  const request = () => new Request(`${BASE}/healthz`);

  it('refuses to serve without its secrets, naming no value', async () => {
    const res = await worker.fetch(request(), { DB: env.DB }, {});
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'internal', detail: 'The service is not configured' });
  });

  it('refuses a secret that is not 32 bytes of hex', async () => {
    const res = await worker.fetch(request(), { ...env, SEALVOTE_MASTER_SECRET: 'short' }, {});
    expect(res.status).toBe(500);
  });

  it('serves with the secrets from its environment', async () => {
    const res = await worker.fetch(request(), { ...env }, {});
    expect(res.status).toBe(200);
  });
});

describe('live events on Workers', () => {
  it('refuses the SSE stream with 404 so the kiosk polls the meeting state instead', async () => {
    const res = await SELF.fetch(`${BASE}/api/meetings/mtg_anything/events`, { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await res.json()).detail).toContain('/state');
  });
});
