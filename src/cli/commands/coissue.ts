/**
 * `sealvote coissue keygen` and `sealvote coissue run`: the discipline commission's co-issuer on
 * its own machine (docs/coissuance.md). The key file never leaves it; the service only ever sees
 * the verifier key, the shares' public halves, and signatures.
 *
 *   sealvote coissue keygen --name NAME [--out FILE]
 *   sealvote coissue run --url URL --meeting ID --key FILE [--user NAME] [--password-stdin]
 *                        [--state FILE] [--present FILE]
 *
 * `run` logs in as the commission's inspector, registers the key for the meeting (a draft), prints
 * the fingerprint to read aloud in the room, and co-signs tokens until the meeting ends. The
 * officer confirms each person who signs in: on a terminal it asks, one person at a time; with
 * --present FILE (person ids or names, one a line, read again at every turn) the people listed
 * are confirmed as they sign in. Nobody else gets a co-signature.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { coissuerFingerprint, generateCoissuerKey, parseCoissuerSignerKey } from '../../../crypto/coissuer-statements';
import { isValidKeyName } from '../../../crypto/signed-note';
import { seedKeys } from '../../coissuer/core';
import { Coissuer, CoissuerApiError, type CoissuerApi, type CoissuerEvent, type CoissuerStore } from '../../coissuer/driver';
import type { CoissuerState } from '../../coissuer/state';
import { readAll, readHidden, type CliIo } from '../io';
import { ed25519Signer } from '../../node-crypto/ed25519';
import { nodeIssuerOps } from '../../node-crypto/issuer-ops';

export const COISSUE_KEYGEN_USAGE = 'usage: sealvote coissue keygen --name <key name, e.g. sealvote-coissuer-example-county> [--out <file>]\n';
export const COISSUE_RUN_USAGE =
  'usage: sealvote coissue run --url <service URL> --meeting <meeting id> --key <key file>\n' +
  '         [--user <inspector username, default inspector>] [--password-stdin]\n' +
  '         [--state <file, default <key file>.<meeting>.state.json>] [--present <file of person ids or names>]\n';

/** Writes the whole file next to itself, fsyncs it, then renames it over the old one. */
export function writeDurably(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  const fd = openSync(tmp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some file systems cannot open a directory for fsync; the rename is still atomic.
  }
}

export function fileStore(path: string): CoissuerStore {
  return {
    load: async () => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : null),
    save: async (state: CoissuerState) => writeDurably(path, JSON.stringify(state)),
  };
}

export async function coissueKeygen(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { name: { type: 'string' }, out: { type: 'string' } } }));
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n${COISSUE_KEYGEN_USAGE}`);
    return 2;
  }
  if (!values.name || !isValidKeyName(values.name)) {
    io.stderr.write(`sealvote coissue keygen: --name must be a key name without spaces or "+"\n${COISSUE_KEYGEN_USAGE}`);
    return 2;
  }
  const out = values.out ?? `${values.name}.key`;
  const { signerKey, verifierKey } = generateCoissuerKey(values.name);
  try {
    // 'wx': an existing key is never overwritten; 0600: its owner only.
    writeFileSync(out, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    io.stderr.write(`sealvote coissue keygen: cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  io.stderr.write(`私钥已写入 private key written to ${out} (mode 0600); keep it on this machine\n`);
  io.stdout.write(`${verifierKey}\n`);
  io.stderr.write(`指纹 fingerprint: ${coissuerFingerprint(verifierKey)}\n`);
  return 0;
}

/** An HTTP client of the service as a signed-in officer (cookie and CSRF token), logging in again on 401. */
export function officerApi(url: string, login: () => Promise<{ cookie: string; csrf: string }>, fetchFn: typeof fetch = fetch): CoissuerApi {
  let session: { cookie: string; csrf: string } | null = null;
  return async (method, path, body) => {
    for (let attempt = 0; ; attempt++) {
      session ??= await login();
      const res = await fetchFn(url + path, {
        method,
        headers: { accept: 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (res.status === 401 && attempt === 0) {
        session = null;
        continue;
      }
      if (!res.ok) throw new CoissuerApiError(res.status, json.code as string | undefined, String(json.detail ?? json.title ?? `HTTP ${res.status}`));
      return json;
    }
  };
}

export function passwordLogin(url: string, username: string, password: string, fetchFn: typeof fetch = fetch) {
  return async () => {
    const res = await fetchFn(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const json = (await res.json().catch(() => ({}))) as { csrfToken?: string; detail?: string; code?: string };
    if (res.status !== 200 || !json.csrfToken) throw new CoissuerApiError(res.status, json.code, `login as ${username} failed: ${json.detail ?? res.status}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { cookie, csrf: json.csrfToken };
  };
}

/** Person ids or names, one a line; `#` starts a comment. */
/** The terminal's words for a person's ballot class (R4, R13), zh-CN then English. */
export function classWords(r: { class: 'A' | 'B'; kind: string }, committeeKind: string): string {
  if (r.class === 'A') return committeeKind === 'full' ? '委员 member' : '常委 member';
  return r.kind === 'alternate' ? '候补委员 alternate member' : '列席 observer';
}

export function readPresentFile(path: string): Set<string> {
  return new Set(
    readFileSync(path, 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean),
  );
}

export async function coissueRun(args: string[], io: CliIo, opts: { fetch?: typeof fetch; sleep?: (ms: number) => Promise<void> } = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        url: { type: 'string' },
        meeting: { type: 'string' },
        key: { type: 'string' },
        user: { type: 'string' },
        state: { type: 'string' },
        present: { type: 'string' },
        'password-stdin': { type: 'boolean' },
      },
    }));
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n${COISSUE_RUN_USAGE}`);
    return 2;
  }
  if (!values.url || !values.meeting || !values.key) {
    io.stderr.write(`sealvote coissue run: --url, --meeting and --key are required\n${COISSUE_RUN_USAGE}`);
    return 2;
  }
  const pairing = io.env.SEALVOTE_PAIRING ?? 'auto';
  if (pairing !== 'auto' && pairing !== 'mcl' && pairing !== 'noble') {
    io.stderr.write(`sealvote coissue run: SEALVOTE_PAIRING must be auto, mcl or noble, got ${pairing}\n`);
    return 2;
  }
  const url = values.url.replace(/\/+$/, '');
  let identity;
  try {
    identity = parseCoissuerSignerKey(readFileSync(values.key, 'utf8'));
  } catch (e) {
    io.stderr.write(`sealvote coissue run: ${values.key} is not a co-issuer key file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return 2;
  }
  const user = values.user ?? 'inspector';
  let password: string;
  if (values['password-stdin']) password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
  else if (io.stdin.isTTY) password = await readHidden(io, `${user} 的密码 password: `);
  else {
    io.stderr.write('sealvote coissue run: no terminal to ask for the password: use --password-stdin\n');
    return 2;
  }
  const statePath = resolve(values.state ?? `${values.key}.${values.meeting}.state.json`);
  const say = (line: string) => void io.stderr.write(`${line}\n`);
  const presentFile = values.present;
  const interactive = !values['password-stdin'] && Boolean(io.stdin.isTTY);

  const asked = new Set<string>();
  let asking: Promise<void> = Promise.resolve();
  const rl = interactive ? createInterface({ input: io.stdin, output: io.stderr }) : null;
  const question = (q: string) => new Promise<string>((res) => rl!.question(q, res));

  // S'_c = sk_c·B for every token by mcl-wasm when it loads (noble's bytes and refusals:
  // src/node-crypto/issuer-ops.ts); SEALVOTE_PAIRING=noble keeps noble.
  let ops;
  try {
    ({ ops } = await nodeIssuerOps(pairing, say));
  } catch (e) {
    io.stderr.write(`sealvote coissue run: ${(e as Error).message}\n`);
    return 2;
  }
  const signAnswer = ed25519Signer(identity.seed);
  const coissuer: Coissuer = new Coissuer({
    ops,
    api: officerApi(url, passwordLogin(url, user, password, opts.fetch), opts.fetch),
    meetingId: values.meeting,
    // Each answer is signed: OpenSSL's Ed25519, the same bytes as noble's (deterministic, RFC 8032).
    keys: { ...seedKeys(identity), sign: async (bytes) => signAnswer(bytes) },
    store: fileStore(statePath),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    onEvent: (e) => void onEvent(e).catch((err: unknown) => say(`出错 error: ${(err as Error).message}`)),
  });

  const nameOf = (person: string) => {
    const view = coissuer.view;
    const r = view?.roster.find((x) => x.person === person);
    return r ? `${r.name}（${classWords(r, view!.committee.kind)}, ${r.unit} ${r.title}）` : person;
  };

  async function onEvent(e: CoissuerEvent): Promise<void> {
    switch (e.type) {
      case 'connected':
        say(`已连接 connected: ${e.meeting.date} ${e.meeting.title} (${e.meeting.id})`);
        return;
      case 'offline':
        say(`服务暂不可达,重试中 service unreachable, retrying: ${e.message}`);
        return;
      case 'fatal':
        say(`已停止 stopped: ${e.message}`);
        return;
      case 'keys':
        say(`已接受 ${e.count} 个表决密钥 accepted ${e.count} vote key(s)`);
        return;
      case 'answered':
        say(`已联合签发 co-signed: ${nameOf(e.person)}`);
        return;
      case 'refused':
        say(`已拒绝 refused (${e.reason}): ${nameOf(e.person)}`);
        return;
      case 'roll':
        say(`已签署签发名册 roll signed: ${e.item} round ${e.round} ${e.purpose} ${e.class}: ${e.issued} issued${e.matchesService ? '' : ' — 与服务端名册不一致 DIFFERS from the service’s roll'}`);
        return;
      case 'work': {
        const listed = presentFile ? readPresentFile(presentFile) : new Set<string>();
        for (const person of e.unconfirmed) {
          const r = e.view.roster.find((x) => x.person === person);
          if (listed.has(person) || (r && listed.has(r.name))) {
            await coissuer.confirm(person);
            say(`确认到会 confirmed present (from ${presentFile}): ${nameOf(person)}`);
          } else if (rl && !asked.has(person)) {
            asked.add(person);
            asking = asking.then(async () => {
              const a = (await question(`${nameOf(person)} 已签到。本人是否在会场? signed in — in the room? [y 到会 present / n 未到 absent / Enter 稍后 later] `)).trim().toLowerCase();
              if (a === 'y') await coissuer.confirm(person);
              else if (a === 'n') await coissuer.absent(person);
              else asked.delete(person);
            });
          } else if (!asked.has(person)) {
            asked.add(person);
            say(`待确认 waiting for the officer: ${nameOf(person)} signed in (add the id or name to --present)`);
          }
        }
        if (e.view.meeting.status === 'closed' && e.view.rollsDue.length === 0) {
          say('会议已结束,全部名册已签署 the meeting has ended and every roll is signed');
          coissuer.stop();
        }
        return;
      }
    }
  }

  try {
    await coissuer.init();
  } catch (e) {
    say(`sealvote coissue run: ${(e as Error).message}`);
    rl?.close();
    return 1;
  }
  say(`联合签发密钥 co-issuer key: ${identity.verifierKey}`);
  say(`指纹 fingerprint (请在会场宣读核对 read it aloud in the room): ${coissuerFingerprint(identity.verifierKey)}`);
  say(`状态文件 state file: ${statePath}`);
  await coissuer.run();
  await asking;
  rl?.close();
  return 0;
}

export const coissueKeygenEntry = { summary: "make the discipline commission's co-issuer key (file 0600) and print its verifier key and fingerprint", run: coissueKeygen };
export const coissueRunEntry = { summary: "co-sign ballot tokens for a meeting as the discipline commission's co-issuer", run: (args: string[], io: CliIo) => coissueRun(args, io) };
