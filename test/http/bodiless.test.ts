/**
 * Bodiless requests over a real socket, as a browser sends them: a DELETE or a POST with no body
 * and no Content-Type reaches the Node server with an empty body stream and no Content-Length.
 * They must reach their handler (issue 17: deleting an item failed with 415), while a real body
 * that is not JSON is still refused.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app';
import { prepareMeeting, type PreparedMeeting } from '../support/prepare';

let t: TestApp;
let p: PreparedMeeting;
let server: ServerType;
let base: string;

beforeAll(async () => {
  t = makeTestApp();
  p = await prepareMeeting(t, { members: 3, observers: 0, items: [{ nominees: 1 }, { nominees: 1 }], slips: false });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  t?.close();
});

const officerHeaders = () => ({ cookie: p.clerk.cookie, 'x-csrf-token': p.clerk.csrf, origin: base });

describe('bodiless requests on the Node server', () => {
  it('a DELETE without body or Content-Type reaches its handler', async () => {
    const res = await fetch(`${base}/api/items/${p.items[0]!.id}`, { method: 'DELETE', headers: officerHeaders() });
    expect(res.status).toBe(204);
    const detail = await (await fetch(`${base}/api/meetings/${p.meetingId}`, { headers: officerHeaders() })).json();
    expect(detail.items.map((i: { id: string }) => i.id)).toEqual([p.items[1]!.id]);
  });

  it('a DELETE sent as an empty stream (chunked, no length) reaches its handler', async () => {
    const empty = new ReadableStream({ start: (c) => c.close() });
    const res = await fetch(`${base}/api/items/${p.items[1]!.id}`, { method: 'DELETE', headers: officerHeaders(), body: empty, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(204);
  });

  it('a POST without body reaches its handler (logout)', async () => {
    const res = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: officerHeaders() });
    expect(res.status).toBe(204);
  });

  it('a body that is not JSON is still refused with 415', async () => {
    const res = await fetch(`${base}/api/committees/${p.committeeId}/posts`, {
      method: 'POST',
      headers: { ...officerHeaders(), 'content-type': 'text/plain' },
      body: 'unit=x',
    });
    expect(res.status).toBe(415);
    expect((await res.json()).code).toBe('unsupported_media_type');
  });
});
