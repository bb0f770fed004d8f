/**
 * `npm run demo`: a whole simulated meeting over real HTTP. The app listens on an ephemeral
 * 127.0.0.1 port over a temporary database; scripted tablets sign in with their slips and do the
 * real blind-token protocol; the presiding officer opens, closes and announces each item; the
 * results and the meeting's tally hash are printed; then the full committee decides the nomination
 * in a sitting, and a written consultation runs with every asked member answering on their own device.
 */
import { serve } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Choice } from '../../crypto/ballot';
import { createApp } from '../app';
import { openSqlite } from '../db/sqlite';
import { coissuerFingerprint, parseCoissuerSignerKey } from '../../crypto/coissuer-statements';
import { officerApi, passwordLogin } from '../cli/commands/coissue';
import { seedKeys } from '../coissuer/core';
import { Coissuer, type CoissuerEvent } from '../coissuer/driver';
import { readFileSync } from 'node:fs';
import { putNomination } from '../domain/prepare/nominations';
import { verifyRecord } from '../verifier';
import { setupDemo } from './setup';
import { TabletClient, type Fetcher } from './tablet-client';

const dir = mkdtempSync(join(tmpdir(), 'sealvote-demo-'));
const handle = openSqlite(join(dir, 'demo.sqlite'));
const config = {
  masterSecret: randomBytes(32),
  signingSeed: randomBytes(32),
  slipPepper: randomBytes(32),
  logOrigin: 'demo.sealvote.local/log',
  secureCookies: false,
  maxBodyBytes: 64 * 1024,
  sessionTtlMs: 60 * 60 * 1000,
};
const deps = { db: handle.db, config, now: () => new Date(), clientAddress: () => '127.0.0.1' };
const app = createApp(deps);

async function main(): Promise<void> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fetcher: Fetcher = (path, init) => fetch(base + path, init);
  try {
    const demo = await setupDemo(deps, { kdf: { logN: 12 }, coissuerKeyFile: join(dir, 'coissuer-demo.key') });
    console.log(`sealvote demo on ${base}: 11 members, 5 observers, 5 items; then the full committee decides the nomination`);

    // The discipline commission's co-issuer (docs/coissuance.md), here in the same process; in a
    // county it runs on the commission's machine (`sealvote coissue run` or /coissuer/).
    const inspector = demo.officers.find((o) => o.role === 'inspector')!;
    const waiters: Array<{ match: (e: CoissuerEvent) => boolean; resolve: () => void }> = [];
    const coissuer = new Coissuer({
      api: officerApi(base, passwordLogin(base, inspector.username, inspector.password)),
      meetingId: demo.meetingId,
      keys: seedKeys(parseCoissuerSignerKey(readFileSync(demo.coissuer!.keyFile, 'utf8'))),
      store: { load: async () => null, save: async () => {} },
      waitS: 5,
      onEvent: (e) => {
        for (const w of waiters.splice(0)) (w.match(e) ? w.resolve : () => waiters.push(w))();
      },
    });
    const next = (match: (e: CoissuerEvent) => boolean) => new Promise<void>((resolve) => waiters.push({ match, resolve }));
    await coissuer.init();
    const loop = coissuer.run();
    console.log(`co-issuer registered; fingerprint ${coissuerFingerprint(demo.coissuer!.verifierKey)}`);

    const presiding = demo.officers.find((o) => o.role === 'presiding')!;
    const login = await fetcher('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: presiding.username, password: presiding.password }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const officer = async (path: string, body?: unknown) => {
      const res = await fetcher(path, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await res.json()) as any;
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };

    const keys = next((e) => e.type === 'keys');
    await officer(`/api/meetings/${demo.meetingId}/open`);
    await keys;
    // Ten of eleven members and all five observers sign in with their slips.
    const signedIn = demo.slips.filter((s, i) => !(s.class === 'A' && i === 10));
    const tablets: TabletClient[] = [];
    for (const slip of signedIn) {
      const res = await fetcher(`/api/meetings/${demo.meetingId}/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: slip.code }),
      });
      const json = (await res.json()) as any;
      if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${JSON.stringify(json)}`);
      tablets.push(new TabletClient(fetcher, json.tabletToken, slip.class));
    }
    // The commission's officer confirms everyone who came (in the room, on the co-issuer's screen).
    for (const slip of signedIn) await coissuer.confirm(slip.personId);
    const members = tablets.filter((t) => t.klass === 'A');
    const observers = tablets.filter((t) => t.klass === 'B');
    console.log(`signed in: ${members.length} of 11 members, ${observers.length} observers`);

    // Scripted votes: [approve, disapprove] counts per member; the rest abstain.
    const plan: Array<(i: number, nominees: string[]) => Record<string, Choice>> = [
      (i, [n]) => ({ [n!]: i < 8 ? 'approve' : i < 9 ? 'disapprove' : 'abstain' }),
      (i, [n]) => ({ [n!]: i < 7 ? 'approve' : 'disapprove' }),
      (i, [x, y]) => (i < 6 ? { [x!]: 'approve', [y!]: 'disapprove' } : { [x!]: 'disapprove', [y!]: 'approve' }),
      // The removal (免职): approved, and no one is barred by a removal.
      (i, [n]) => ({ [n!]: i < 9 ? 'approve' : 'disapprove' }),
      // The nomination to the full committee (提名).
      (i, [n]) => ({ [n!]: i < 8 ? 'approve' : 'abstain' }),
    ];
    for (const [k, item] of demo.items.entries()) {
      await officer(`/api/items/${item.id}/open`);
      await Promise.all(members.map((t, i) => t.vote(item.id, plan[k]!(i, item.nomineeIds))));
      await Promise.all(observers.map((t, i) => t.vote(item.id, plan[k]!(i + 3, item.nomineeIds))));
      const rolled = next((e) => e.type === 'roll' && e.item === item.id);
      await officer(`/api/items/${item.id}/close`);
      await rolled;
      const result = await officer(`/api/items/${item.id}/announce`);
      console.log(`\n${item.title}`);
      const names = new Map<string, string>(result.nominees.map((n: any) => [n.id, n.name]));
      for (const [i, n] of result.A.nominees.entries()) {
        const b = result.B.nominees[i];
        console.log(
          `  ${names.get(n.id)}: A ${n.approve} approve / ${n.disapprove} disapprove / ${n.abstain} abstain` +
            ` of ${result.A.due} due → ${n.approved ? 'APPROVED' : 'not approved'}${n.barred ? ' (barred for a year, R3)' : ''}` +
            `   B ${b.approve}/${b.disapprove}/${b.abstain}`,
        );
      }
      if (result.A.decision.undecidedSeats > 0) console.log(`  ${result.A.decision.undecidedSeats} seat(s) not filled`);
      if (result.smallGroupWarning) console.log(`  warning: ${result.smallGroupWarning.message}`);
    }
    const end = await officer(`/api/meetings/${demo.meetingId}/close`);
    coissuer.stop();
    await loop;
    console.log(`\nmeeting closed; log size ${end.checkpoint.size}; tally hash ${end.tallyHash}`);
    console.log('every token co-issued by the discipline commission; its rolls are in the record');

    // The full committee decides the nomination (R13, docs/full-committee.md §4): the item cites
    // the standing vote by meeting, item, round and tally hash.
    const nominating = demo.items[4]!;
    const decided = await putNomination(deps, demo.full.meetingId, { itemId: nominating.id, nomineeId: nominating.nomineeIds[0]! });
    console.log(`\n全委会: ${decided.title} — cites tally hash ${decided.cites!.tallyHash}`);
    await officer(`/api/meetings/${demo.full.meetingId}/open`);
    const fullTablets: TabletClient[] = [];
    for (const slip of demo.full.slips) {
      const res = await fetcher(`/api/meetings/${demo.full.meetingId}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: slip.code }) });
      const json = (await res.json()) as any;
      if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${JSON.stringify(json)}`);
      fullTablets.push(new TabletClient(fetcher, json.tabletToken, slip.class));
    }
    const nominee = decided.nominees[0]!.id;
    await officer(`/api/items/${decided.id}/open`);
    await Promise.all(fullTablets.map((t, i) => t.vote(decided.id, { [nominee]: i < 14 ? 'approve' : i < 17 ? 'disapprove' : 'abstain' })));
    await officer(`/api/items/${decided.id}/close`);
    const fullResult = await officer(`/api/items/${decided.id}/announce`);
    const a = fullResult.A.nominees[0];
    console.log(`  A ${a.approve} approve / ${a.disapprove} disapprove / ${a.abstain} abstain of ${fullResult.A.due} due → ${a.approved ? 'APPROVED' : 'not approved'}; alternate members (B) ${fullResult.B.nominees[0].approve} approve`);
    const fullEnd = await officer(`/api/meetings/${demo.full.meetingId}/close`);
    const records = await Promise.all([demo.meetingId, demo.full.meetingId].map((m) => fetcher(`/api/meetings/${m}/record`, { headers: { cookie } }).then((r) => r.json())));
    const report = verifyRecord(records[1], { cited: [records[0]] });
    console.log(`full committee meeting closed; tally hash ${fullEnd.tallyHash}; verified with the standing record: ${report.ok ? 'every check holds' : `FAILED at ${report.firstFailure?.id}`}`);

    // A written consultation (docs/full-committee.md §5): one press opens it and all its items;
    // everyone asked answers with their own code on their own device; once all have answered,
    // the presiding officer may close before the window ends.
    const asked = demo.consultation;
    await officer(`/api/meetings/${asked.meetingId}/open`);
    console.log(`\n书面征求意见 written consultation, open until ${asked.closesOn}: ${asked.slips.length} asked`);
    const answers = await Promise.all(
      asked.slips.map(async (slip, i) => {
        const res = await fetcher(`/api/meetings/${asked.meetingId}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: slip.code }) });
        const json = (await res.json()) as any;
        if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${JSON.stringify(json)}`);
        const device = new TabletClient(fetcher, json.tabletToken, slip.class);
        for (const item of asked.items) await device.vote(item.id, { [item.nomineeIds[0]!]: i % 6 === 5 ? 'disapprove' : 'approve' });
      }),
    );
    for (const item of asked.items) {
      await officer(`/api/items/${item.id}/close`);
      const r = await officer(`/api/items/${item.id}/announce`);
      const n = r.A.nominees[0];
      console.log(`  ${item.title}: A ${n.approve} approve / ${n.disapprove} disapprove / ${n.abstain} abstain of ${r.A.due} due → ${n.approved ? 'APPROVED' : 'not approved'} (${answers.length} answered)`);
    }
    const askedEnd = await officer(`/api/meetings/${asked.meetingId}/close`);
    const askedRecord = await fetcher(`/api/meetings/${asked.meetingId}/record`, { headers: { cookie } }).then((r) => r.json());
    const askedReport = verifyRecord(askedRecord);
    console.log(`consultation closed; tally hash ${askedEnd.tallyHash}; verified: ${askedReport.ok ? 'every check holds' : `FAILED at ${askedReport.firstFailure?.id}`}`);
    if (!report.ok || !askedReport.ok) process.exitCode = 1;
  } finally {
    server.close();
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error('sealvote demo failed:', err);
  process.exitCode = 1;
});
