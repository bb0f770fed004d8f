import type { Context } from 'hono';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { buildKiosk, KIOSK_DIST, KIOSK_ROOT, kioskIsStale } from '../kiosk/build';

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

/** Builds kiosk/dist when it is missing or older than its sources; returns the dist directory. */
export async function ensureKioskBuilt(distDir: string = KIOSK_DIST): Promise<string> {
  if (kioskIsStale(KIOSK_ROOT, distDir)) await buildKiosk(KIOSK_ROOT, distDir);
  return distDir;
}
