/** JSON over fetch, with RFC 9457 problem details turned into ApiError. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  [extension: string]: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
  get code(): string {
    return this.problem.code ?? `http_${this.status}`;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Tablet session token, sent as `Authorization: Bearer` (never a cookie). */
  bearer?: string;
  /** The officer session's CSRF token, required on every state change. */
  csrf?: string;
  credentials?: RequestCredentials;
}

/**
 * Every string in a request body, NFC-normalized. The server refuses text that is not already
 * NFC (docs/record-spec.md: the record is compared byte for byte, never normalized), and what
 * a keyboard or a paste produces is not always NFC.
 */
export function toNfc(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(toNfc);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.normalize('NFC'), toNfc(v)]));
  }
  return value;
}

export async function apiRequest<T>(fetchFn: FetchLike, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  const res = await fetchFn(path, {
    method: opts.method ?? 'GET',
    headers,
    credentials: opts.credentials ?? 'same-origin',
    cache: 'no-store',
    ...(opts.body !== undefined ? { body: JSON.stringify(toNfc(opts.body)) } : {}),
  });
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const problem = json && typeof json === 'object' ? (json as Problem) : { title: text.slice(0, 200) };
    throw new ApiError(res.status, problem);
  }
  return json as T;
}

/** The browser's fetch, bound (an unbound window.fetch throws "Illegal invocation"). */
export const browserFetch: FetchLike = (input, init) => fetch(input, init);
