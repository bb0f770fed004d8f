import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app';

let t: TestApp;
afterEach(() => t?.close());

describe('the app shell', () => {
  it('answers /healthz', async () => {
    t = makeTestApp();
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'sealvote' });
  });

  it('answers an unknown route with RFC 9457 problem+json', async () => {
    t = makeTestApp();
    const res = await t.app.request('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ type: 'urn:sealvote:problem:not_found', status: 404, code: 'not_found' });
  });

  it('refuses a non-JSON body with 415 and an oversized one with 413', async () => {
    t = makeTestApp({ config: { maxBodyBytes: 1024 } });
    const text = await t.app.request('/api/anything', { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(text.status).toBe(415);
    const big = await t.app.request('/api/anything', {
      method: 'POST',
      body: JSON.stringify({ x: 'y'.repeat(4096) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect((await big.json()).code).toBe('payload_too_large');
  });

  it('sets security headers and a strict CSP', async () => {
    t = makeTestApp();
    const res = await t.app.request('/healthz');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('serves an OpenAPI 3.1 document', async () => {
    t = makeTestApp();
    const res = await t.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    expect((await res.json()).openapi).toBe('3.1.0');
  });
});
