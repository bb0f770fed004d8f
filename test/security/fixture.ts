/**
 * A meeting prepared through the API (slips and all), opened by a presiding officer, with every
 * attendee signed in on a tablet: the starting point of the adversarial suite. Also the
 * database snapshot that proves a refused request wrote nothing.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { makeTestApp, type TestApp } from '../support/app';
import { officerAgent, type OfficerAgent } from '../support/officers';
import { prepareMeeting, signInWithSlip, type ItemSpec, type PrepareSpec, type PreparedMeeting } from '../support/prepare';
import { fetcherOf, TabletClient } from '../support/tablet';

export interface Room {
  t: TestApp;
  m: PreparedMeeting;
  presiding: OfficerAgent;
  members: TabletClient[];
  observers: TabletClient[];
  /** A request as an officer (cookie + CSRF for state changes) or as nobody. */
  call(method: string, path: string, opts?: { as?: OfficerAgent; body?: unknown; headers?: Record<string, string> }): Promise<Reply>;
}

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

export async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers };
}

export async function openRoom(spec: { members?: number; observers?: number; items?: ItemSpec[]; t?: TestApp; clerkUsername?: string; presidingUsername?: string; policies?: PrepareSpec['policies'] } = {}): Promise<Room> {
  const t = spec.t ?? makeTestApp();
  const m = await prepareMeeting(t, {
    members: spec.members ?? 7,
    observers: spec.observers ?? 2,
    items: spec.items ?? [{ nominees: 1 }, { nominees: 1 }, { nominees: 2, seats: 1 }],
    clerkUsername: spec.clerkUsername ?? 'clerk',
    ...(spec.policies ? { policies: spec.policies } : {}),
  });
  const presiding = await officerAgent(t, 'presiding', spec.presidingUsername ?? 'presiding');
  const call: Room['call'] = async (method, path, opts = {}) => {
    const base = opts.as ? (method === 'GET' ? { cookie: opts.as.cookie } : opts.as.headers()) : {};
    const res = await t.app.request(path, {
      method,
      headers: { ...base, ...(opts.body !== undefined && !opts.as ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      ...(opts.body === undefined ? {} : { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
    });
    return reply(res);
  };
  const opened = await call('POST', `/api/meetings/${m.meetingId}/open`, { as: presiding });
  if (opened.status !== 200) throw new Error(`open meeting: ${opened.status} ${JSON.stringify(opened.body)}`);
  const tablet = async (code: string, klass: 'A' | 'B') => new TabletClient(fetcherOf(t), await signInWithSlip(t, m.meetingId, code), klass);
  const members: TabletClient[] = [];
  for (const p of m.members) members.push(await tablet(p.code, 'A'));
  const observers: TabletClient[] = [];
  for (const p of m.observers) observers.push(await tablet(p.code, 'B'));
  return { t, m, presiding, members, observers, call };
}

/** Opens an item's vote and fails loudly if it does not open. */
export async function openItem(room: Room, itemId: string): Promise<void> {
  const r = await room.call('POST', `/api/items/${itemId}/open`, { as: room.presiding });
  if (r.status !== 200) throw new Error(`open item: ${r.status} ${JSON.stringify(r.body)}`);
}

/**
 * A digest of every row of every table. Throttle counters are left out on purpose: charging an
 * attempt before checking a secret IS the protection (src/auth/throttle.ts), so a refused
 * sign-in or login is expected to write there and nowhere else.
 */
export function snapshot(sqlite: Database.Database, except: readonly string[] = ['throttles']): string {
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>)
    .map((r) => r.name)
    .filter((n) => !except.includes(n));
  const hash = createHash('sha256');
  for (const name of tables) {
    const rows = sqlite.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>;
    // Row order of a table scan is not part of the state: sort the serialized rows.
    const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))).sort();
    hash.update(`${name}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}
