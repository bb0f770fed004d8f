import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { resolve } from 'node:path';
import { createApp } from './app';
import type { AppDeps } from './deps';
import { CAST_LIMITS } from './http/cast-gate';
import { openSqlite } from './db/sqlite';
import { committees } from './db/schema';
import { describeDemo, setupDemo } from './demo/setup';
import { castCryptoSettings, nodeCastCrypto } from './node-crypto/cast';
import { verifyEd25519Fast } from './node-crypto/ed25519';
import { nodeIssuerOps } from './node-crypto/issuer-ops';
import { loadNodeConfig, nodeClientAddress, proxyTrustFromEnv } from './node-config';
import { checkpointKeys } from './record/signer';
import { keyFingerprint } from '../crypto/signed-note';
import { findKioskDist, nodeKioskAssets } from './node-assets';

const dbPath = resolve(process.env.SEALVOTE_DB ?? 'data/sealvote.sqlite');
const secretsFile = resolve(process.env.SEALVOTE_SECRETS_FILE ?? resolve(dbPath, '../secrets.json'));
const port = Number(process.env.PORT ?? 8787);
const hostname = process.env.HOST ?? '127.0.0.1';

/** A setting that cannot be honoured stops the start with one line naming it, not a stack trace. */
function orStop<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    console.error(`sealvote: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

const { config, generated } = orStop(() => loadNodeConfig(process.env, secretsFile));
const clientAddress = orStop(() => nodeClientAddress(proxyTrustFromEnv(process.env)));
if (generated) console.log(`sealvote: generated new secrets in ${secretsFile} (mode 0600); set SEALVOTE_* in production`);

// The departments pin this key in their trust files (docs/inspector.md): give it to them on paper.
const serviceKey = checkpointKeys(config).verifierKey;
console.log(`sealvote: checkpoint key ${serviceKey} (fingerprint ${keyFingerprint(serviceKey)})`);

// Settings that cannot be honoured stop the start before anything listens.
const { wanted: pairingWanted } = castCryptoSettings(process.env);
const handle = openSqlite(dbPath);
const kioskDist = findKioskDist();
if (!kioskDist) console.warn('sealvote: the kiosk pages are not built (run `npm run build`); serving the API only');
const deps: AppDeps = {
  db: handle.db,
  config,
  now: () => new Date(),
  clientAddress: (c) => clientAddress(getConnInfo(c).remote.address, (name) => c.req.header(name)),
  ...(kioskDist ? { assets: nodeKioskAssets(kioskDist) } : {}),
  castLimits: CAST_LIMITS,
  ed25519: verifyEd25519Fast,
};
const app = createApp(deps);

// The faster cast checks (OpenSSL Ed25519, mcl-wasm on a thread of its own) start while the
// server already listens: until they are ready a cast is checked by noble, as on a Worker —
// the same answers, more slowly. SEALVOTE_CAST_CRYPTO=reference keeps noble for good: the
// benchmark's same-run baseline (bench/cast.ts), never needed in production.
const castCrypto =
  process.env.SEALVOTE_CAST_CRYPTO === 'reference'
    ? Promise.resolve(undefined)
    : nodeCastCrypto(process.env, { onNotice: (m) => console.warn(`sealvote: ${m}`) }).then((cc) => (deps.castCrypto = cc));
castCrypto.then(
  (cc) => console.log(`sealvote: cast checks by ${cc ? `OpenSSL Ed25519 (the one rule) and ${cc.pairing} token batches${cc.thread ? ' on a thread of their own' : ''}, noble deciding every token refusal` : 'noble (reference)'}`),
  (err) => {
    // A setting that cannot be honoured (e.g. SEALVOTE_PAIRING=mcl without mcl-wasm) stops the service.
    console.error(`sealvote: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);

// The service's half of every token, S' = sk·B, by mcl-wasm once it is loaded (noble's bytes and
// refusals; src/node-crypto/issuer-ops.ts); by noble until then, as on a Worker.
nodeIssuerOps(pairingWanted, (m) => console.warn(`sealvote: ${m}`)).then(
  ({ ops, pairing }) => {
    deps.issuerOps = ops;
    console.log(`sealvote: blind signatures and proofs of possession by ${pairing}`);
  },
  (err) => {
    console.error(`sealvote: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`sealvote: listening on http://${hostname}:${info.port} (database ${dbPath})`);
  seedDemoIfEmpty(`http://${hostname}:${info.port}`).catch((err) => console.error('sealvote: demo setup failed:', err));
});

/** A fresh database gets the demo committee and meeting, printed once (SEALVOTE_NO_DEMO=1 skips it). */
async function seedDemoIfEmpty(baseUrl: string): Promise<void> {
  if (process.env.SEALVOTE_NO_DEMO === '1') return;
  const existing = await handle.db.select({ id: committees.id }).from(committees).limit(1);
  if (existing.length > 0) return;
  const demo = await setupDemo({ db: handle.db, config, now: () => new Date(), clientAddress: () => 'local' }, { coissuerKeyFile: resolve(dbPath, '../coissuer-demo.key') });
  console.log(describeDemo(demo, baseUrl).join('\n'));
}

function shutdown() {
  server.close(() => {
    void castCrypto.then((cc) => cc?.close()).catch(() => {});
    handle.close();
    process.exit(0);
  });
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
