import { Hono } from 'hono';
import type { AppEnv } from '../../http/env';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

interface Operation {
  summary?: string;
  tags?: string[];
  'x-roles'?: string[];
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
}

/** A plain HTML page listing every operation of the OpenAPI document: no script, no CDN. */
export function renderDocs(doc: OpenApiDocument): string {
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [method, op] of Object.entries(ops)) {
      rows.push(
        `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td>` +
          `<td>${escapeHtml(op.summary ?? '')}</td><td>${escapeHtml((op['x-roles'] ?? ['(not stated)']).join(', '))}</td></tr>`,
      );
    }
  }
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)} ${escapeHtml(doc.info.version)}</title></head>
<body>
<h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${escapeHtml(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are RFC 9457
<code>application/problem+json</code> with a stable <code>type</code> (<code>urn:sealvote:problem:&lt;code&gt;</code>).
Officers send the <code>sealvote_session</code> cookie and, on every POST/PUT/PATCH/DELETE, the
<code>x-csrf-token</code> from <code>/api/auth/session</code>. Tablets send <code>Authorization: Bearer &lt;tabletToken&gt;</code>.</p>
<p>Officer passwords are hashed with scrypt (N = 2<sup>15</sup>, r = 8, p = 1, 32-byte salt); sessions are HttpOnly,
SameSite=Strict cookies, rotated at every login. Five failed logins for one account from one address in 15 minutes lock
that account from that address for 15 minutes (other addresses are unaffected; an admin lifts it with
<code>POST /api/officers/{id}/unlock</code>); 20 failures from one address, whatever the accounts, lock that address.
Every lock answers 429 with <code>retryAfter</code> (seconds) in the problem and a <code>Retry-After</code> header.</p>
<table border="1" cellpadding="4">
<thead><tr><th>Method</th><th>Path</th><th>Summary</th><th>Roles</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</body>
</html>`;
}

/**
 * `GET /docs`, mounted by the app under /api. `document` is the app's own OpenAPI document,
 * given by the app that mounts this router; the page is rendered once, at the first request.
 */
export function docsRoutes(document: () => OpenApiDocument) {
  let html: string | undefined;
  return new Hono<AppEnv>().get('/docs', (c) => {
    html ??= renderDocs(document());
    return c.html(html);
  });
}
