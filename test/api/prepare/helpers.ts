import type { TestApp } from '../../support/app';
import type { OfficerAgent } from '../../support/officers';

/**
 * Every row of every table, as text. Throttle counters are left out: counting a refused
 * attempt is the one write a refusal is meant to make.
 */
export function dbSnapshot(t: TestApp): string {
  const tables = t.handle.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name <> 'throttles' ORDER BY name")
    .all() as Array<{ name: string }>;
  return JSON.stringify(tables.map(({ name }) => [name, t.handle.sqlite.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()]));
}

export interface Caller {
  (method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; res: Response }>;
}

/** Requests as an officer (cookie + CSRF), or with no credentials when `agent` is null. */
export function caller(t: TestApp, agent: OfficerAgent | null): Caller {
  return async (method, path, body, headers = {}) => {
    const base: Record<string, string> = agent ? agent.headers() : { 'content-type': 'application/json' };
    const res = await t.app.request(path, {
      method,
      headers: { ...base, ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.clone().text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, res };
  };
}

/** Refused, with problem+json of the given type, and nothing in the database changed. */
export async function expectRefused(t: TestApp, call: () => Promise<{ status: number; body: any; res: Response }>, status: number, code: string) {
  const before = dbSnapshot(t);
  const r = await call();
  if (r.status !== status || r.body?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${r.status} ${JSON.stringify(r.body)}`);
  }
  if (!(r.res.headers.get('content-type') ?? '').startsWith('application/problem+json')) throw new Error('not problem+json');
  if (r.body.type !== `urn:sealvote:problem:${code}`) throw new Error(`type ${r.body.type}`);
  const after = dbSnapshot(t);
  if (after !== before) throw new Error(`the database changed after a refused request (${code})`);
  return r.body;
}
