/**
 * Request framing over a real socket (the Node server, as src/node.ts runs it): bodies whose
 * Content-Length and Transfer-Encoding disagree or lie are refused and write nothing. These
 * cannot be sent through app.request, which frames the body itself.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRoom, snapshot, type Room } from './fixture';

let room: Room;
let server: ServerType;
let port: number;
/** What the app itself answered, delivered or not: a hang-up must not be an internal error. */
const appStatuses: number[] = [];

beforeAll(async () => {
  room = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }] });
  await new Promise<void>((resolve) => {
    server = serve({
      fetch: async (req, env) => {
        const res = await room.t.app.fetch(req, env);
        appStatuses.push(res.status);
        return res;
      },
      port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  room?.t.close();
});

/** Sends raw bytes, half-closes, and returns every status line the server answered with. */
function exchange(bytes: string | Buffer): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve([...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1])));
    });
    socket.setTimeout(5000, () => socket.destroy());
    socket.end(bytes);
  });
}

const personsPath = () => `/api/committees/${room.m.committeeId}/persons`;
const head = (lines: string[]) =>
  [`POST ${personsPath()} HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Cookie: ${room.m.clerk.cookie}`, `X-CSRF-Token: ${room.m.clerk.csrf}`, 'Content-Type: application/json', ...lines, '', ''].join('\r\n');
const body = JSON.stringify({ kind: 'member', name: '赵六', unit: '县委', title: '常委' });

async function refusedOnTheWire(bytes: string, allowed: number[]): Promise<number[]> {
  const before = snapshot(room.t.handle.sqlite);
  appStatuses.length = 0;
  const statuses = await exchange(bytes);
  for (const s of [...statuses, ...appStatuses]) expect(allowed, `answered ${s}`).toContain(s);
  expect(snapshot(room.t.handle.sqlite)).toBe(before);
  return statuses;
}

describe('framing over a real socket', () => {
  it('accepts a well-framed request (so the refusals below are about framing only)', async () => {
    const statuses = await exchange(head([`Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close']) + body);
    expect(statuses).toEqual([201]);
  });

  it('refuses Content-Length together with Transfer-Encoding: chunked (request smuggling) with 400', async () => {
    const chunked = `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const statuses = await refusedOnTheWire(head(['Content-Length: 4', 'Transfer-Encoding: chunked']) + chunked, [400]);
    expect(statuses).toEqual([400]);
  });

  it('refuses two different Content-Length headers and an unreadable one with 400', async () => {
    expect(await refusedOnTheWire(head(['Content-Length: 10', `Content-Length: ${Buffer.byteLength(body)}`]) + body, [400])).toEqual([400]);
    expect(await refusedOnTheWire(head(['Content-Length: 1e3']) + body, [400])).toEqual([400]);
    expect(await refusedOnTheWire(head(['Content-Length: -1']) + body, [400])).toEqual([400]);
  });

  it('reads no further than a Content-Length shorter than the body: a cut-off body is malformed, the rest is not a request', async () => {
    const statuses = await refusedOnTheWire(head(['Content-Length: 12']) + body, [400]);
    expect(statuses[0]).toBe(400);
  });

  it('acknowledges nothing when the body ends before its Content-Length', async () => {
    const statuses = await refusedOnTheWire(head([`Content-Length: ${Buffer.byteLength(body) + 50}`]) + body, [400]);
    expect(statuses.every((s) => s === 400)).toBe(true);
  });

  it('refuses an oversized chunked body with 413 though no Content-Length announced it', async () => {
    const piece = 'x'.repeat(16 * 1024);
    const chunks = Array.from({ length: 6 }, () => `${piece.length.toString(16)}\r\n${piece}\r\n`).join('');
    const statuses = await refusedOnTheWire(head(['Transfer-Encoding: chunked']) + `1\r\n{\r\n` + chunks + '0\r\n\r\n', [413, 400]);
    expect(statuses[0]).toBe(413);
  });

  it('refuses a declared oversized Content-Length with 413 without waiting for the body', async () => {
    const statuses = await refusedOnTheWire(head([`Content-Length: ${10 * 1024 * 1024}`]) + body, [413, 400]);
    expect(statuses[0]).toBe(413);
  });
});
