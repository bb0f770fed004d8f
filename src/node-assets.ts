import type { Context } from 'hono';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Content types of everything kiosk/build.ts writes; anything else is not served. */
export const KIOSK_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Maps a request path to a file under distDir, or null. "/tablet" and "/tablet/" are the
 * page's index.html; "/" is the landing page. Paths with "..", backslashes, NUL or a
 * dot-segment are refused before touching the disk, and the resolved file must stay in distDir.
 */
export function kioskFilePath(distDir: string, requestPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return null;
  const segments = path.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.' || (s !== '' && s.startsWith('.')))) return null;
  if (path.endsWith('/')) path += 'index.html';
  else if (!extname(path)) path += '/index.html';
  const root = resolve(distDir);
  const file = resolve(join(root, path));
  if (!file.startsWith(root + sep)) return null;
  if (!KIOSK_CONTENT_TYPES[extname(file)]) return null;
  return file;
}

/** AppDeps.assets for Node: serves kiosk/dist inside the app, so the app's CSP covers every page. */
export function nodeKioskAssets(distDir: string): (c: Context) => Promise<Response | null> {
  return async (c) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return null;
    const file = kioskFilePath(distDir, c.req.path);
    if (!file) return null;
    try {
      const st = await stat(file);
      if (!st.isFile()) return null;
      const body = c.req.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': KIOSK_CONTENT_TYPES[extname(file)] as string,
          // Revalidate every time: a stale tablet script after an upgrade could mis-handle a ballot.
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return null;
    }
  };
}

/**
 * Where the built kiosk pages are: SEALVOTE_KIOSK_DIR, else kiosk/dist beside the sources (this
 * file in src/) or beside the build (dist/server/server.mjs, two folders down, as in the offline
 * package). The server never builds them: `npm run build` does, once (house note: build once,
 * serve files). Null when none is built.
 */
export function findKioskDist(env: NodeJS.ProcessEnv = process.env, here: string = dirname(fileURLToPath(import.meta.url))): string | null {
  const root = basename(here) === 'src' ? resolve(here, '..') : resolve(here, '../..');
  const dir = env.SEALVOTE_KIOSK_DIR ? resolve(env.SEALVOTE_KIOSK_DIR) : join(root, 'kiosk', 'dist');
  return existsSync(join(dir, 'tablet', 'index.html')) ? dir : null;
}
