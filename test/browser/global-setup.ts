/**
 * Builds once what production runs (scripts/build.ts: the kiosk pages and dist/server), so the
 * browser tests drive the same files a deployment serves: `node dist/server/server.mjs`.
 */
import { buildAll } from '../../scripts/build';

export default async function globalSetup(): Promise<void> {
  await buildAll();
}
