import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { resolve } from 'node:path';
import { createApp } from './app';
import { openSqlite } from './db/sqlite';
import { loadNodeConfig } from './node-config';
import { ensureKioskBuilt, nodeKioskAssets } from './node-assets';

const dbPath = resolve(process.env.SEALVOTE_DB ?? 'data/sealvote.sqlite');
const secretsFile = resolve(process.env.SEALVOTE_SECRETS_FILE ?? resolve(dbPath, '../secrets.json'));
const port = Number(process.env.PORT ?? 8787);
const hostname = process.env.HOST ?? '127.0.0.1';

const { config, generated } = loadNodeConfig(process.env, secretsFile);
if (generated) console.log(`sealvote: generated new secrets in ${secretsFile} (mode 0600); set SEALVOTE_* in production`);

const handle = openSqlite(dbPath);
const app = createApp({
  db: handle.db,
  config,
  now: () => new Date(),
  clientAddress: (c) => getConnInfo(c).remote.address ?? 'unknown',
  assets: nodeKioskAssets(await ensureKioskBuilt()),
});

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`sealvote: listening on http://${hostname}:${info.port} (database ${dbPath})`);
});

function shutdown() {
  server.close(() => {
    handle.close();
    process.exit(0);
  });
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
