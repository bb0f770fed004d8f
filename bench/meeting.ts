/**
 * A whole meeting over HTTP against the real server in a child process: the source of the
 * casting, issuance and server-memory figures, and of the record the verifier is measured on.
 * Per item every tablet first gets its token (all at once), then every tablet casts (all at
 * once); the server's CPU is read from /proc around each phase, so CPU per token and per ballot
 * include HTTP parsing, the database write and the crypto — everything the server does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { newBallotKey, signBallot, type Choice } from '../crypto/ballot';
import { bytesToHex } from '../crypto/bytes';
import { cast, finishBallot, Officer, pool, Tablet, tabletAddress, type ReadyBallot } from './lib/client';
import { startCoissuer, type CoissuerChild } from './lib/coissuer';
import { seedMeeting } from './lib/seed';
import { newSecrets, startServer } from './lib/server';
import { watchLikeKiosk, type Watcher } from './lib/watcher';

export interface MeetingSpec {
  members: number;
  observers: number;
  items: number;
  log?: (line: string) => void;
  /** Extra server environment (bench/lib/server.ts). */
  serverEnv?: Record<string, string>;
  /**
   * 0 (default): every tablet casts at the same instant, the worst case. Otherwise each tablet
   * casts at a uniformly random moment within this many ms of the first, as members who read the
   * ballot and press at different times do; latency is still from each cast's own send.
   */
  castSpreadMs?: number;
  /** Every tablet follows the meeting as the kiosk does (SSE, state fetches, a 2 s poll). */
  watchers?: boolean;
  /**
   * Per item, this many ballots with forged tokens from one address, sent at the same instant as
   * the genuine casts (anyone on the network can: casts carry no credential). Each has its own
   * ballot key and a valid Ed25519 signature over valid choices under the item's logged key id,
   * and a token signature that is a real G1 point but no token: only the pairing check refuses it.
   */
  flood?: number;
  /**
   * A checkout whose server (and seeding, against its own schema) is measured, run from its
   * sources: a same-run baseline of an earlier commit, or this one run the same way (bench/storage.ts).
   */
  repo?: string;
  /**
   * 'coissued' (docs/coissuance.md): the committee co-issues; the commission's co-issuer runs as
   * the built CLI in a process of its own (bench/lib/coissuer.ts) and confirms everyone present.
   */
  issuance?: 'service' | 'coissued';
}

/** The flood's one address (RFC 2544 benchmarking range, like the tablets'). */
export const FLOOD_ADDRESS = '198.19.255.254';

export interface FloodOutcome {
  sent: number;
  /** 400 invalid_ballot: refused after its checks. */
  refusedInvalid: number;
  /** 429 rate_limited: refused by the per-source limits before any check. */
  refusedLimited: number;
  /** Anything else; must be 0 (a forged ballot accepted would be a failure of the run). */
  other: number;
}

export interface MeetingRun {
  tablets: number;
  items: number;
  tokens: number;
  ballots: number;
  /** Every cast latency (ms), all items. */
  castLatencies: number[];
  /** Ballots per second in each item's cast phase (cast count / wall time of the phase). */
  castRates: number[];
  serverCpuPerTokenMs: number;
  serverCpuPerBallotMs: number;
  /** The main thread's share (the event loop: HTTP, SQLite, JSON, Ed25519), per accepted ballot. */
  serverMainThreadCpuPerBallotMs: number;
  /** Server CPU per ballot including the item's close (close runs whatever was deferred). */
  serverCpuPerBallotWithCloseMs: number;
  closeWallMs: number[];
  serverPeakRss: number;
  /** Accepted ballots counted by the server at close, summed over items; must equal `ballots`. */
  countedAtClose: number;
  refused: number;
  /** Casts resent after a connection reset (the tablet's resend: same ballot, same receipt). */
  castRetries: number;
  /** State fetches by watching tablets during the cast phases (0 without watchers). */
  stateFetchesWhileCasting: number;
  /** The forged ballots' answers, all items (spec.flood). */
  flood?: FloodOutcome;
  /** Every token request's latency (ms), send to 200, all items: every tablet asks at once per item. */
  tokenLatencies: number[];
  /** 202 "waiting" answers on the way (co-issued: the co-issuer had not answered within the service's wait). */
  tokenWaits: number;
  /** Co-issued: the co-issuer process's CPU per token during the token phases (/proc utime+stime). */
  coissuerCpuPerTokenMs?: number;
  record: unknown;
}

export async function runMeeting(spec: MeetingSpec): Promise<MeetingRun> {
  const log = spec.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'sealvote-bench-'));
  const dbPath = join(dir, 'bench.sqlite');
  const secrets = newSecrets();
  const seed: typeof seedMeeting = spec.repo ? ((await import(pathToFileURL(join(spec.repo, 'bench/lib/seed.ts')).href)) as { seedMeeting: typeof seedMeeting }).seedMeeting : seedMeeting;
  const coissued = spec.issuance === 'coissued';
  const seeded = await seed(dbPath, secrets, coissued ? { ...spec, issuance: 'coissued' } : spec);
  const server = await startServer(dbPath, secrets, spec.serverEnv, spec.repo);
  let watchers: Watcher[] = [];
  let coissuer: CoissuerChild | null = null;
  try {
    const base = server.base;
    const presiding = await Officer.login(base, seeded.officers.presiding.username, seeded.officers.presiding.password);
    const inspector = await Officer.login(base, seeded.officers.inspector.username, seeded.officers.inspector.password);
    // The co-issuer registers its key while the meeting is a draft (docs/coissuance.md §2.1).
    if (coissued) coissuer = await startCoissuer({ base, meetingId: seeded.meetingId, password: seeded.officers.inspector.password, people: seeded.people, dir });
    await presiding.post(`/api/meetings/${seeded.meetingId}/open`);
    // One after another, as tablets sign in when their members arrive; each from its own address.
    const tablets: Tablet[] = [];
    for (const [i, slip] of seeded.slips.entries()) tablets.push(await Tablet.signIn(base, seeded.meetingId, slip, tabletAddress(i)));
    log(`  ${tablets.length} tablets signed in`);
    if (coissued) {
      // Present = signed in and confirmed by the commission's officer (§4.1): wait for every confirmation.
      await until(async () => {
        const p = (await presiding.get(`/api/meetings/${seeded.meetingId}/state`)).presence;
        return p.presentMembers === spec.members && p.presentObservers === spec.observers;
      }, 'the co-issuer to confirm everyone present');
      log(`  the co-issuer confirmed ${tablets.length} present`);
    }
    watchers = spec.watchers ? tablets.map((t) => watchLikeKiosk(base, seeded.meetingId, t.bearer)) : [];
    const fetchesSoFar = () => watchers.reduce((n, w) => n + w.fetches(), 0);

    const run: Omit<MeetingRun, 'serverCpuPerTokenMs' | 'serverCpuPerBallotMs' | 'serverMainThreadCpuPerBallotMs' | 'serverCpuPerBallotWithCloseMs' | 'serverPeakRss' | 'record'> = {
      tablets: tablets.length,
      items: seeded.items.length,
      tokens: 0,
      ballots: 0,
      castLatencies: [],
      castRates: [],
      closeWallMs: [],
      countedAtClose: 0,
      refused: 0,
      castRetries: 0,
      stateFetchesWhileCasting: 0,
      tokenLatencies: [],
      tokenWaits: 0,
    };
    let coissuerCpu = 0;
    let tokenCpu = 0;
    let castCpu = 0;
    let castMainCpu = 0;
    let closeCpu = 0;
    for (const [k, item] of seeded.items.entries()) {
      // Co-issued: a vote opens once the co-issuer has stated its key (409 coissuer_key_missing until then).
      await until(async () => {
        const r = await presiding.send(`/api/items/${item.id}/open`);
        if (r.status === 200) return true;
        if (r.status === 409 && r.body?.code === 'coissuer_key_missing') return false;
        throw new Error(`open ${item.id}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      }, `the co-issuer's key statement for ${item.id}`);
      const choice = (i: number): Record<string, Choice> => ({ [item.nomineeId]: i % 5 === 4 ? 'disapprove' : i % 7 === 6 ? 'abstain' : 'approve' });

      // Every tablet blinds, then all ask at once; each unblinds once every answer is in (client.ts blindFor).
      const asks = await pool(tablets, tablets.length, (t) => t.blindFor(item.id));
      let cpu0 = server.cpuSeconds();
      const coissuerCpu0 = coissuer?.cpuSeconds() ?? 0;
      const answers = await Promise.all(asks.map((a) => a.tablet.requestToken(a)));
      tokenCpu += server.cpuSeconds() - cpu0;
      if (coissuer) coissuerCpu += coissuer.cpuSeconds() - coissuerCpu0;
      const ready: ReadyBallot[] = answers.map((a, i) => finishBallot(a, choice(i)));
      run.tokens += ready.length;
      run.tokenLatencies.push(...ready.map((r) => r.tokenMs));
      run.tokenWaits += ready.reduce((n, r) => n + r.tokenWaits, 0);

      // The flood's ballots are made before anything is timed, as an attacker would.
      const forged = spec.flood ? forgedBallots(ready[0]!, spec.flood) : [];
      cpu0 = server.cpuSeconds();
      const main0 = server.mainThreadCpuSeconds();
      const fetches0 = fetchesSoFar();
      const t0 = performance.now();
      const spread = spec.castSpreadMs ?? 0;
      const flooding = Promise.all(forged.map((b) => cast(base, b)));
      const results = await Promise.all(
        ready.map((b) => (spread > 0 ? new Promise<void>((go) => setTimeout(go, Math.random() * spread)).then(() => cast(base, b)) : cast(base, b))),
      );
      if (spec.flood) {
        const answers = await flooding;
        const f = (run.flood ??= { sent: 0, refusedInvalid: 0, refusedLimited: 0, other: 0 });
        f.sent += answers.length;
        for (const a of answers) {
          if (a.status === 400) f.refusedInvalid++;
          else if (a.status === 429) f.refusedLimited++;
          else f.other++;
        }
      }
      const wall = performance.now() - t0;
      castCpu += server.cpuSeconds() - cpu0;
      castMainCpu += server.mainThreadCpuSeconds() - main0;
      run.stateFetchesWhileCasting += fetchesSoFar() - fetches0;
      const accepted = results.filter((r) => r.status === 201).length;
      run.ballots += accepted;
      run.refused += results.length - accepted;
      run.castRetries += results.reduce((n, r) => n + r.retries, 0);
      run.castLatencies.push(...results.map((r) => r.latencyMs));
      run.castRates.push((accepted / wall) * 1000);

      cpu0 = server.cpuSeconds();
      const c0 = performance.now();
      const closed = await presiding.post(`/api/items/${item.id}/close`);
      run.closeWallMs.push(performance.now() - c0);
      closeCpu += server.cpuSeconds() - cpu0;
      run.countedAtClose += (closed.result?.A?.cast ?? 0) + (closed.result?.B?.cast ?? 0);
      await presiding.post(`/api/items/${item.id}/announce`);
      if ((k + 1) % 10 === 0 || k + 1 === seeded.items.length) log(`  item ${k + 1}/${seeded.items.length} closed`);
    }
    for (const w of watchers) w.stop();
    // Co-issued: the end waits for the co-issuer's signed rolls (409 coissuer_roll_missing until then).
    await until(async () => {
      const r = await presiding.send(`/api/meetings/${seeded.meetingId}/close`);
      if (r.status === 200) return true;
      if (r.status === 409 && r.body?.code === 'coissuer_roll_missing') return false;
      throw new Error(`close the meeting: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    }, "the co-issuer's rolls");
    const record = await inspector.get(`/api/meetings/${seeded.meetingId}/record`);
    return {
      ...run,
      serverCpuPerTokenMs: (tokenCpu / run.tokens) * 1000,
      serverCpuPerBallotMs: (castCpu / run.ballots) * 1000,
      serverMainThreadCpuPerBallotMs: (castMainCpu / run.ballots) * 1000,
      serverCpuPerBallotWithCloseMs: ((castCpu + closeCpu) / run.ballots) * 1000,
      serverPeakRss: server.peakRss(),
      ...(coissuer ? { coissuerCpuPerTokenMs: (coissuerCpu / run.tokens) * 1000 } : {}),
      record,
    };
  } finally {
    for (const w of watchers) w.stop();
    await coissuer?.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Asks `done` again every 100 ms until it says true (a bench waiting on another process; 10 min at most). */
async function until(done: () => Promise<boolean>, what: string): Promise<void> {
  const t0 = performance.now();
  while (!(await done())) {
    if (performance.now() - t0 > 600_000) throw new Error(`waited 10 min for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** `n` ballots anyone could make for the item of `like` (spec.flood), all from FLOOD_ADDRESS. */
function forgedBallots(like: ReadyBallot, n: number): ReadyBallot[] {
  const G1 = bls12_381.G1.Point;
  const { sig: _sig, ...body } = like.ballot;
  return Array.from({ length: n }, () => {
    const key = newBallotKey();
    const point = G1.BASE.multiply(1n + (BigInt('0x' + bytesToHex(newBallotKey().publicKey)) % (bls12_381.fields.Fr.ORDER - 1n)));
    const ballot = signBallot({ ...body, ballot_pk: bytesToHex(key.publicKey), token_sig: bytesToHex(point.toBytes(true)) }, key.secretKey);
    return { ballot, body: JSON.stringify(ballot), address: FLOOD_ADDRESS, tokenMs: 0, tokenWaits: 0 };
  });
}
