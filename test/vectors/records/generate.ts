/**
 * Generates the conformance vectors of docs/record-spec.md (issue 14), deterministically, from
 * the real service: meetings run through the HTTP API of createApp (src/app.ts) with tablets
 * that blind, unblind, sign and cast as the kiosk does, every random byte drawn from a seeded
 * generator (SHA-256 in counter mode over SEED), the clock fixed. The invalid records are the
 * valid ones changed as a dishonest operator could and RE-SIGNED with the service's own
 * checkpoint key, each with the one check that must fail first.
 *
 *   npx tsx test/vectors/records/generate.ts            writes the files next to this script
 *   npx tsx test/vectors/records/generate.ts --out DIR  writes them to DIR instead
 *   npx tsx test/vectors/records/generate.ts --check    exits 1 if the files here differ
 *
 * The bytes depend on every random draw the service makes, so any change to the service's use of
 * randomness changes them: regenerate and commit. test/verifier/vectors.test.ts checks the
 * committed files AND a fresh generation into a temporary directory, so a service change that
 * a verifier would refuse fails there even before anyone regenerates.
 *
 * Output: valid-*.json and invalid-*.json records, trust.json (the three keys, pinned),
 * manifest.json ({file, expect: "ok" | check id, exit, filed?, what}).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 'sealvote conformance vectors v1';
const HERE = dirname(fileURLToPath(import.meta.url));

// Every random byte of the service, the tablets and the keys comes from here (all of them
// use crypto.getRandomValues: src/ids.ts, src/auth, noble's randomBytes).
let counter = 0n;
function seeded<T extends ArrayBufferView | null>(array: T): T {
  if (!array) return array;
  const out = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  for (let i = 0; i < out.length; i += 32) {
    const block = createHash('sha256').update(SEED).update(String(counter++)).digest();
    out.set(block.subarray(0, Math.min(32, out.length - i)), i);
  }
  return array;
}
Object.defineProperty(globalThis.crypto, 'getRandomValues', { value: seeded, configurable: true, writable: true });

const { makeTestApp } = await import('../../support/app');
const { openRoom, openItem } = await import('../../security/fixture');
type Room = Awaited<ReturnType<typeof openRoom>>;
const { ed25519 } = await import('@noble/curves/ed25519.js');
const { officerAgent, loginAs } = await import('../../support/officers');
const { prepareMeeting, signInWithSlip } = await import('../../support/prepare');
const { fetcherOf } = await import('../../support/tablet');
const { TabletClient } = await import('../../../src/demo/tablet-client');
const { generateCosignerKey, cosign } = await import('../../../crypto/cosignature');
const { parseNote } = await import('../../../crypto/signed-note');
const { formatCheckpoint } = await import('../../../crypto/checkpoint');
const { signNote } = await import('../../../crypto/signed-note');
const { rootFromLeafHashes, leafHash } = await import('../../../crypto/merkle');
const { entryBytes, parseEntry } = await import('../../../crypto/log-entry');
const { utf8 } = await import('../../../crypto/bytes');
const { barLiftsOn } = await import('../../../src/rules');
const { formatTrustFile } = await import('../../../src/verifier');
const { checkpointKeys } = await import('../../../src/record/signer');
const { coissuedMeeting } = await import('../../api/coissue/harness');
const { generateCoissuerKey } = await import('../../../crypto/coissuer-statements');
const { reply } = await import('../../security/fixture');
const { deriveIssuerKey } = await import('../../../crypto/issuer-key');
const { signTokenDirect } = await import('../../../crypto/token');
const { ballotSigningBytes } = await import('../../../crypto/ballot');
const { bytesToHex, hexToBytes } = await import('../../../crypto/bytes');
const { popProve } = await import('../../../crypto/coissue');

type Choice = 'approve' | 'disapprove' | 'abstain';
type Obj = Record<string, any>;
interface Record_ {
  format: string;
  meeting: string;
  origin: string;
  serviceKey: string;
  departments: Array<{ department: string; verifierKey: string }>;
  entries: string[];
  checkpoints: Array<{ size: number; note: string }>;
  cosignatures: Array<{ department: string; checkpointSize: number; line: string }>;
}

const fixedSecret = (label: string) => createHash('sha256').update(`${SEED}/${label}`).digest();
const config = { masterSecret: fixedSecret('master'), signingSeed: fixedSecret('signing'), slipPepper: fixedSecret('pepper'), logOrigin: 'sealvote.example/log' };
const departments = { organization: generateCosignerKey('sealvote-organization-example-county'), discipline: generateCosignerKey('sealvote-discipline-example-county') };
// A fixed filing time (POSIX seconds): 2026-03-02 18:00 +08:00.
const COSIGN_TIME = 1_772_445_600;

async function must(r: Pick<Room, 'call'>, method: string, path: string, as: Room['presiding'] | undefined, body?: unknown): Promise<Obj> {
  const res = await r.call(method, path, { as, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Obj;
}

/** Each tablet of `voters` gets its token and casts `choice(i)` (null: takes a token, casts nothing). */
async function vote(tablets: InstanceType<typeof TabletClient>[], itemId: string, choice: (i: number) => Record<string, Choice> | null): Promise<void> {
  for (const [i, tablet] of tablets.entries()) {
    const choices = choice(i);
    if (choices) await tablet.vote(itemId, choices);
    else await tablet.requestToken(itemId);
  }
}

/** The filing officers of an app, made (and the department keys registered) once per app. */
const filingOf = new WeakMap<object, { inspector: Room['presiding']; filer: Room['presiding'] }>();

async function filed(r: Pick<Room, 't' | 'call'>, meetingId: string, signedIn?: Room['presiding']): Promise<Record_> {
  let agents = filingOf.get(r.t);
  if (!agents) {
    const admin = await officerAgent(r.t, 'admin');
    agents = { inspector: signedIn ?? (await officerAgent(r.t, 'inspector')), filer: await officerAgent(r.t, 'filer') };
    for (const [d, k] of Object.entries(departments)) await must(r, 'PUT', `/api/departments/${d}/key`, admin, { verifierKey: k.verifierKey });
    filingOf.set(r.t, agents);
  }
  const { inspector, filer } = agents;
  const record = (await must(r, 'GET', `/api/meetings/${meetingId}/record`, inspector)) as Record_;
  const final = record.checkpoints[record.checkpoints.length - 1]!;
  const text = parseNote(final.note).text;
  await must(r, 'POST', `/api/meetings/${meetingId}/cosignatures`, filer, { department: 'organization', line: cosign(text, departments.organization.signerKey, COSIGN_TIME) });
  await must(r, 'POST', `/api/meetings/${meetingId}/cosignatures`, inspector, { department: 'discipline', line: cosign(text, departments.discipline.signerKey, COSIGN_TIME + 60) });
  return (await must(r, 'GET', `/api/meetings/${meetingId}/record`, inspector)) as Record_;
}

/**
 * The full meeting: 9 members (the ninth present but casting nothing), 3 observers (B ballots),
 * four items — a plain item whose nominee is barred (R3), a 2-for-1 competitive item where
 * neither nominee reaches R2 (the seat stays open), a plain item barred in round 1 and
 * reconsidered (R10: the motion passes, round 2 approves and its tally replaces the bar), and an
 * item postponed (R9) — announced (R12), ended, cosigned by both departments. Default policies.
 */
async function fullMeeting(): Promise<Record_> {
  const t = makeTestApp({ config });
  const r = await openRoom({ t, members: 9, observers: 3, items: [{ nominees: 1 }, { nominees: 2, seats: 1 }, { nominees: 1 }, { nominees: 1 }] });
  const [bar, tie, again, later] = r.m.items as unknown as [Obj, Obj, Obj, Obj];
  const members = r.members.slice(0, 8); // m9 takes no token: present, casts nothing
  const n = (item: Obj, k: number) => item.nomineeIds[k] as string;

  await openItem(r, bar.id);
  // 5 of 9 disapprove: not approved and barred (2 × 5 ≥ 9). Observers approve (B never decides).
  await vote(members, bar.id, (i) => ({ [n(bar, 0)]: i < 5 ? 'disapprove' : 'approve' }));
  await vote(r.observers, bar.id, () => ({ [n(bar, 0)]: 'approve' }));
  await must(r, 'POST', `/api/items/${bar.id}/close`, r.presiding, {});
  await must(r, 'POST', `/api/items/${bar.id}/announce`, r.presiding, {});

  await openItem(r, tie.id);
  // 4 and 4 approvals: neither passes R2 (2 × 4 ≤ 9), so nobody wins and the seat stays open
  // (undecidedSeats 1); nobody disapproved, so nobody is barred.
  await vote(members, tie.id, (i) => (i < 4 ? { [n(tie, 0)]: 'approve', [n(tie, 1)]: 'abstain' } : { [n(tie, 0)]: 'abstain', [n(tie, 1)]: 'approve' }));
  await vote(r.observers, tie.id, (i) => ({ [n(tie, 0)]: i === 0 ? 'approve' : 'disapprove', [n(tie, 1)]: 'abstain' }));
  await must(r, 'POST', `/api/items/${tie.id}/close`, r.presiding, {});
  await must(r, 'POST', `/api/items/${tie.id}/announce`, r.presiding, {});

  await openItem(r, again.id);
  // 5 of 9 disapprove: barred in round 1; the bar stands until round 2's tally replaces it (R10).
  await vote(members, again.id, (i) => ({ [n(again, 0)]: i < 5 ? 'disapprove' : 'abstain' }));
  await must(r, 'POST', `/api/items/${again.id}/close`, r.presiding, {});
  await must(r, 'POST', `/api/items/${again.id}/announce`, r.presiding, {});
  // R10: the motion passes with 6 of 9 (2 × 6 > 9); round 2 approves with 7.
  await must(r, 'POST', `/api/items/${again.id}/reconsider`, r.presiding, {});
  await vote(members, again.id, (i) => ({ reconsider: i < 6 ? 'approve' : 'disapprove' }));
  await must(r, 'POST', `/api/items/${again.id}/close`, r.presiding, {});
  await openItem(r, again.id);
  await vote(members, again.id, (i) => ({ [n(again, 0)]: i < 7 ? 'approve' : 'disapprove' }));
  await vote(r.observers, again.id, () => ({ [n(again, 0)]: 'approve' }));
  await must(r, 'POST', `/api/items/${again.id}/close`, r.presiding, {});
  await must(r, 'POST', `/api/items/${again.id}/announce`, r.presiding, {});

  await must(r, 'POST', `/api/items/${later.id}/postpone`, r.presiding, { reason: '意见分歧较大,暂缓表决' });
  await must(r, 'POST', `/api/meetings/${r.m.meetingId}/close`, r.presiding, {});
  const record = await filed(r, r.m.meetingId);
  t.close();
  return record;
}

/**
 * The committee's other policies (src/rules/policies.ts): R8 'one-or-two-more' (003), R2
 * 'half-or-more' (000), R10 'half-or-more' (002). 10 due, no observers. Item 1: 3 nominees for
 * 2 seats (k + 1); approvals 10, 5, 0: the second is approved with exactly half (2 × 5 ≥ 10,
 * which the default would refuse), the third, disapproved by all, is barred. Item 2: 4 approve,
 * 6 disapprove: barred; the motion passes with exactly half (5 of 10), and the meeting ends
 * without round 2: the end entry says round 1's result stands and its bar stands (R10).
 */
async function policyMeeting(): Promise<Record_> {
  const t = makeTestApp({ config });
  const r = await openRoom({ t, members: 10, observers: 0, items: [{ nominees: 3, seats: 2 }, { nominees: 1 }], policies: { ratio: 'one-or-two-more', majority: 'half-or-more', motion: 'half-or-more' } });
  const [pick, barred] = r.m.items as unknown as [Obj, Obj];
  const [a, b, c] = pick.nomineeIds as [string, string, string];
  await openItem(r, pick.id);
  await vote(r.members, pick.id, (i) => ({ [a]: 'approve', [b]: i < 5 ? 'approve' : 'abstain', [c]: 'disapprove' }));
  await must(r, 'POST', `/api/items/${pick.id}/close`, r.presiding, {});
  await must(r, 'POST', `/api/items/${pick.id}/announce`, r.presiding, {});
  const x = barred.nomineeIds[0] as string;
  await openItem(r, barred.id);
  await vote(r.members, barred.id, (i) => ({ [x]: i < 4 ? 'approve' : 'disapprove' }));
  await must(r, 'POST', `/api/items/${barred.id}/close`, r.presiding, {});
  await must(r, 'POST', `/api/items/${barred.id}/announce`, r.presiding, {});
  await must(r, 'POST', `/api/items/${barred.id}/reconsider`, r.presiding, {});
  await vote(r.members, barred.id, (i) => ({ reconsider: i < 5 ? 'approve' : 'disapprove' }));
  await must(r, 'POST', `/api/items/${barred.id}/close`, r.presiding, {});
  await must(r, 'POST', `/api/meetings/${r.m.meetingId}/close`, r.presiding, {});
  const record = await filed(r, r.m.meetingId);
  t.close();
  return record;
}

/**
 * A tie across the last seat (R8): 11 due, 4 nominees for 2 seats, every ballot approving two.
 * Approvals 8, 7, 7, 0: the first wins; the two with 7 both pass R2 (14 > 11) and tie for the
 * second seat, so both are undecided (undecidedSeats 1) and barred by neither policy; the
 * fourth, disapproved by all 11, is barred (R3).
 */
async function tieMeeting(): Promise<Record_> {
  const t = makeTestApp({ config });
  const r = await openRoom({ t, members: 11, observers: 0, items: [{ nominees: 4, seats: 2 }] });
  const item = r.m.items[0]! as Obj;
  const [a, b, c, d] = item.nomineeIds as [string, string, string, string];
  await openItem(r, item.id);
  const pattern = (i: number): Record<string, Choice> => {
    const approve = i < 4 ? [a, b] : i < 8 ? [a, c] : [b, c];
    return Object.fromEntries([a, b, c, d].map((x) => [x, approve.includes(x) ? 'approve' : 'disapprove'])) as Record<string, Choice>;
  };
  await vote(r.members, item.id, pattern);
  await must(r, 'POST', `/api/items/${item.id}/close`, r.presiding, {});
  await must(r, 'POST', `/api/items/${item.id}/announce`, r.presiding, {});
  await must(r, 'POST', `/api/meetings/${r.m.meetingId}/close`, r.presiding, {});
  const record = await filed(r, r.m.meetingId);
  t.close();
  return record;
}

/**
 * A co-issued meeting (docs/coissuance.md), the commission's co-issuer running its real loop:
 * 7 members due, the clerk signs in the seventh, whom the commission's officer never confirms
 * (not present, no token); of the six present, five vote and one takes a token and casts nothing;
 * one observer (B). Both co-issuer rolls logged after the close; filed by both departments.
 */
async function coissuedRecord(): Promise<Record_> {
  const coissuer = generateCoissuerKey('sealvote-coissuer-example-county');
  const c = await coissuedMeeting({ members: 7, observers: 1, items: [{ nominees: 1 }], config }, { coissuerKey: coissuer.signerKey });
  const item = c.m.items[0]!;
  const nominee = item.nomineeIds[0]!;
  c.start();
  try {
    const members = await c.tabletsFor(c.m.members.slice(0, 6), 'A');
    await c.tabletsFor(c.m.members.slice(6), 'A');
    const observers = await c.tabletsFor(c.m.observers, 'B');
    for (const p of [...c.m.members.slice(0, 6), ...c.m.observers]) await c.coissuer.confirm(p);
    const stated = c.next((e) => e.type === 'keys');
    if ((await c.post(`/api/meetings/${c.m.meetingId}/open`)).status !== 200) throw new Error('open the co-issued meeting');
    await stated;
    if ((await c.post(`/api/items/${item.id}/open`)).status !== 200) throw new Error('open the co-issued item');
    await vote(members, item.id, (i) => (i === 5 ? null : { [nominee]: i < 4 ? 'approve' : 'disapprove' }));
    await vote(observers, item.id, () => ({ [nominee]: 'approve' }));
    const rolls = [c.next((e) => e.type === 'roll' && e.class === 'A'), c.next((e) => e.type === 'roll' && e.class === 'B')];
    if ((await c.post(`/api/items/${item.id}/close`)).status !== 200) throw new Error('close the co-issued item');
    await Promise.all(rolls);
    if ((await c.post(`/api/items/${item.id}/announce`)).status !== 200) throw new Error('announce');
    if ((await c.post(`/api/meetings/${c.m.meetingId}/close`)).status !== 200) throw new Error('end the co-issued meeting');
  } finally {
    await c.stop();
  }
  // filed() speaks to a Room: the same requests through this app.
  const call: Room['call'] = async (method, path, opts = {}) => {
    const base = opts.as ? (method === 'GET' ? { cookie: opts.as.cookie } : opts.as.headers()) : {};
    return reply(await c.t.app.request(path, { method, headers: { ...base, ...opts.headers }, ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }) }));
  };
  const record = await filed({ t: c.t, call } as unknown as Room, c.m.meetingId, c.inspector);
  c.t.close();
  return record;
}

/**
 * From standing committee to full committee (R13, docs/full-committee.md §4): a standing
 * committee of 7 approves (5 of 7) an item marked as a nomination to the full committee; the
 * full committee (9 members and an alternate) puts it on its meeting, citing the standing vote's
 * meeting, item, round and tally hash, and approves it (6 of 9; the alternate's B ballot apart).
 * Both filed. The full record verifies only with the standing one (`--cited`).
 */
async function nominationMeetings(): Promise<{ standing: Record_; full: Record_ }> {
  const t = makeTestApp({ config });
  const m = await prepareMeeting(t, { members: 7, observers: 0, items: [{ title: '提名某同志为某镇党委书记人选', nominees: 1 }] });
  const presiding = await officerAgent(t, 'presiding');
  const call: Room['call'] = async (method, path, opts = {}) => {
    const headers = opts.as ? (method === 'GET' ? { cookie: opts.as.cookie } : opts.as.headers()) : { 'content-type': 'application/json' };
    const res = await t.app.request(path, { method, headers, ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }) });
    return { status: res.status, body: await res.json() } as never;
  };
  const r = { t, call };
  const item = m.items[0]!;
  await must(r, 'PATCH', `/api/items/${item.id}`, m.clerk, { nominates: true });
  await must(r, 'POST', `/api/meetings/${m.meetingId}/open`, presiding, {});
  const members = await Promise.all(m.members.map(async (p) => new TabletClient(fetcherOf(t), await signInWithSlip(t, m.meetingId, p.code), 'A')));
  await must(r, 'POST', `/api/items/${item.id}/open`, presiding, {});
  await vote(members, item.id, (i) => ({ [item.nomineeIds[0]!]: i < 5 ? 'approve' : 'disapprove' }));
  await must(r, 'POST', `/api/items/${item.id}/close`, presiding, {});
  await must(r, 'POST', `/api/items/${item.id}/announce`, presiding, {});
  await must(r, 'POST', `/api/meetings/${m.meetingId}/close`, presiding, {});
  const standing = await filed(r, m.meetingId);

  const full = await must(r, 'POST', '/api/committees', m.clerk, { name: '中共某县委全委会', kind: 'full', standingCommitteeId: m.committeeId });
  for (let i = 1; i <= 9; i++) await must(r, 'POST', `/api/committees/${full.id}/persons`, m.clerk, { kind: 'member', name: `委员${i}`, unit: '县委', title: '委员' });
  await must(r, 'POST', `/api/committees/${full.id}/persons`, m.clerk, { kind: 'alternate', name: '候补委员1', unit: '某镇', title: '镇长' });
  const { meeting } = await must(r, 'POST', '/api/meetings', m.clerk, { committeeId: full.id, date: m.date, title: '县委全委会第 3 次全体会议' });
  const decided = await must(r, 'POST', `/api/meetings/${meeting.id}/nominations`, m.clerk, { itemId: item.id, nomineeId: item.nomineeIds[0] });
  const { slips } = await must(r, 'POST', `/api/meetings/${meeting.id}/slips`, m.clerk, {});
  await must(r, 'POST', `/api/meetings/${meeting.id}/open`, presiding, {});
  const tablets = await Promise.all((slips as Obj[]).map(async (s) => new TabletClient(fetcherOf(t), await signInWithSlip(t, meeting.id, s.code), s.class)));
  await must(r, 'POST', `/api/items/${decided.id}/open`, presiding, {});
  const nominee = decided.nominees[0].id as string;
  await vote(tablets.filter((x) => x.klass === 'A'), decided.id, (i) => ({ [nominee]: i < 6 ? 'approve' : 'abstain' }));
  await vote(tablets.filter((x) => x.klass === 'B'), decided.id, () => ({ [nominee]: 'approve' }));
  await must(r, 'POST', `/api/items/${decided.id}/close`, presiding, {});
  await must(r, 'POST', `/api/items/${decided.id}/announce`, presiding, {});
  await must(r, 'POST', `/api/meetings/${meeting.id}/close`, presiding, {});
  const fullRecord = await filed(r, meeting.id);
  t.close();
  return { standing, full: fullRecord };
}

/**
 * A written consultation (docs/full-committee.md §5): a full committee of 5 members (one
 * excused) and 1 observer, 2026-03-02 to 2026-03-04, two items opened with it, everyone not
 * excused asked. Item 1 is answered by all 5 asked and closed early, on the first day; item 2
 * by 2 members only and closed after the window, on 2026-03-05: not approved (2 × 2 < 5).
 */
async function consultationMeeting(): Promise<Record_> {
  const t = makeTestApp({ config });
  const m = await prepareMeeting(t, { committeeKind: 'full', consultation: { closesOn: '2026-03-04' }, members: 5, observers: 1, items: [{ title: '任命某同志为某镇党委书记', nominees: 1 }, { title: '任命某同志为某局局长', nominees: 1 }] });
  let presiding = await officerAgent(t, 'presiding');
  const call: Room['call'] = async (method, path, opts = {}) => {
    const headers = opts.as ? (method === 'GET' ? { cookie: opts.as.cookie } : opts.as.headers()) : { 'content-type': 'application/json' };
    const res = await t.app.request(path, { method, headers, ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }) });
    return { status: res.status, body: await res.json() } as never;
  };
  const r = { t, call };
  await must(r, 'POST', `/api/meetings/${m.meetingId}/excusals`, m.clerk, { personId: m.members[4]!.personId, reason: '因公出国' });
  await must(r, 'POST', `/api/meetings/${m.meetingId}/open`, presiding, {});
  const [one, two] = m.items as [typeof m.items[0], typeof m.items[0]];
  const asked = [...m.members.slice(0, 4), ...m.observers];
  // Each on their own device, from their own address.
  const devices = await Promise.all(asked.map(async (p, i) => new TabletClient(fetcherOf(t), await signInWithSlip(t, m.meetingId, p.code, `198.51.100.${i + 1}`), p.class)));
  await vote(devices, one.id, () => ({ [one.nomineeIds[0]!]: 'approve' }));
  await vote(devices.slice(0, 2), two.id, () => ({ [two.nomineeIds[0]!]: 'approve' }));
  await must(r, 'POST', `/api/items/${one.id}/close`, presiding, {});
  await must(r, 'POST', `/api/items/${one.id}/announce`, presiding, {});
  t.clock.set('2026-03-05T09:00:00+08:00');
  presiding = await loginAs(t.app, 'presiding');
  await must(r, 'POST', `/api/items/${two.id}/close`, presiding, {});
  await must(r, 'POST', `/api/items/${two.id}/announce`, presiding, {});
  await must(r, 'POST', `/api/meetings/${m.meetingId}/close`, presiding, {});
  const record = await filed(r, m.meetingId);
  t.close();
  return record;
}

// ---- tampering, re-signed with the service key

const serviceSigner = checkpointKeys(config as never).signerKey;
const DECODER = new TextDecoder();
const text = (o: Obj) => DECODER.decode(entryBytes(o as never));
const obj = (e: string) => parseEntry(utf8(e)) as Obj;

function reseal(record: Record_, entries: string[], sizes: number[]): Record_ {
  const leaves = entries.map((e) => leafHash(utf8(e)));
  const checkpoints = sizes.map((size) => ({ size, note: signNote(formatCheckpoint({ origin: record.origin, size, rootHash: rootFromLeafHashes(leaves.slice(0, size)) }), serviceSigner) }));
  return { ...record, entries, checkpoints, cosignatures: [] };
}

/** Changes entry objects in place; every checkpoint stays after the same entry, and is re-signed. */
function tamper(record: Record_, edit: (es: Obj[]) => Obj[] | void): Record_ {
  const es = record.entries.map(obj);
  const anchors = record.checkpoints.map((c) => es[c.size - 1]!);
  const edited = edit(es) ?? es;
  // An edit that moves a checkpointed entry later keeps the checkpoints in log order.
  return reseal(record, edited.map(text), anchors.map((a) => edited.indexOf(a) + 1).sort((x, y) => x - y));
}

const find = (es: Obj[], pred: (e: Obj) => boolean) => {
  const i = es.findIndex(pred);
  if (i < 0) throw new Error('no such entry');
  return i;
};

/**
 * The same meeting as the service wrote it before committee policies (commit 56781dd): the first
 * form of sealvote-record/v1 (docs/record-spec.md §6.1) — committee.barRule instead of policies;
 * no role, distinctFrom, followsUp, nominates, cites or dossier; no tally majority or
 * barsReplaced; the motion withdrew the reconsidered round's bars (barsWithdrawn) and states no
 * rule; end states no standing round. Resealed and cosigned by both departments.
 */
function asFirstForm(record: Record_): Record_ {
  const sealed = tamper(record, (es) => {
    const bars = new Map<string, unknown[]>();
    for (const e of es) {
      if (e.type === 'meeting') {
        const { policies, ...committee } = e.committee;
        e.committee = { ...committee, barRule: policies.bar };
        // The written consultation came later too: a first-form meeting is a sitting, without the members.
        delete e.meeting.kind;
        delete e.meeting.closesOn;
        for (const d of e.due) {
          delete d.role;
          delete d.distinctFrom;
        }
        for (const o of e.observers) delete o.distinctFrom;
        for (const it of e.items) {
          for (const k of ['followsUp', 'nominates', 'cites']) delete it[k];
          for (const n of it.nominees) {
            delete n.distinctFrom;
            delete n.dossier;
          }
        }
      } else if (e.type === 'tally') {
        delete e.A.rule.majority;
        delete e.barsReplaced;
        bars.set(`${e.item}|${e.round}`, e.bars);
      } else if (e.type === 'reconsider') {
        delete e.rule;
        e.barsWithdrawn = e.passed ? bars.get(`${e.item}|${e.round}`) : [];
      } else if (e.type === 'end') {
        for (const it of e.items) delete it.standingRound;
      }
    }
  });
  const final = parseNote(sealed.checkpoints.at(-1)!.note).text;
  const size = sealed.checkpoints.at(-1)!.size;
  sealed.cosignatures = (['organization', 'discipline'] as const).map((department) => ({ department, checkpointSize: size, line: cosign(final, departments[department].signerKey, COSIGN_TIME) }));
  return sealed;
}

interface Vector {
  file: string;
  expect: string;
  exit: number;
  filed?: boolean;
  /** The standing committee records this one cites, given with --cited. */
  cited?: string[];
  what: string;
  record: Record_;
}

async function vectors(): Promise<Vector[]> {
  const full = await fullMeeting();
  const tie = await tieMeeting();
  const policy = await policyMeeting();
  const out: Vector[] = [
    { file: 'valid-full-meeting.json', expect: 'ok', exit: 0, filed: true, what: 'a bar (R3); a 2-for-1 item where nobody reaches R2; a motion that passes and a round 2 (R10); a postponement (R9); B ballots; a member present who casts no ballot (not cast); both cosignatures', record: full },
    { file: 'valid-policies.json', expect: 'ok', exit: 0, filed: true, what: "the committee's other policies: 3 nominees for 2 seats (003's k + 1), a nominee approved with exactly half of those due (000), a motion passed with exactly half (002) and no round 2: round 1's result and bar stand (end's standingRound 1)", record: policy },
    { file: 'valid-tie.json', expect: 'ok', exit: 0, filed: true, what: '4 nominees for 2 seats, a tie across the last seat: one approved, two undecided (undecidedSeats 1) and not barred; the fourth barred', record: tie },
  ];
  const nomination = await nominationMeetings();
  out.push(
    { file: 'valid-nomination-standing.json', expect: 'ok', exit: 0, filed: true, what: 'a standing committee item marked as a nomination to the full committee (nominates: true), approved 5 of 7', record: nomination.standing },
    { file: 'valid-nomination-full.json', expect: 'ok', exit: 0, filed: true, cited: ['valid-nomination-standing.json'], what: 'a full committee (kind full, an alternate member casting B) deciding that nomination: its item cites the standing meeting, item, round and tally hash; verified with --cited valid-nomination-standing.json', record: nomination.full },
  );
  const consulted = await consultationMeeting();
  out.push({ file: 'valid-consultation.json', expect: 'ok', exit: 0, filed: true, what: 'a written consultation (kind consultation, closesOn): no presence quorum, every open lists everyone not excused, item 1 closed early once all asked answered, item 2 closed after the window with 2 of 5 due approving (not approved); each close names its day', record: consulted });
  const add = (file: string, expect: string, what: string, record: Record_) => out.push({ file, expect, exit: 1, what, record });
  const isType = (t: string) => (e: Obj) => e.type === t;

  add('invalid-changed-choice.json', 'ballot-signatures', 'one ballot choice changed', tamper(full, (es) => {
    const b = es.find((e) => e.type === 'ballot' && Object.values(e.ballot.choices).includes('disapprove'))!;
    const k = Object.keys(b.ballot.choices).find((x) => b.ballot.choices[x] === 'disapprove')!;
    b.ballot.choices[k] = 'approve';
  }));
  add('invalid-ballot-s-plus-l.json', 'ballot-signatures', 'a ballot signature with S + L in place of S (the same equation; non-canonical S, refused by the rule)', tamper(full, (es) => {
    const b = es.find(isType('ballot'))!;
    const le = (hex: string) => BigInt(`0x${hex.match(/../g)!.reverse().join('')}`);
    const s = le(b.ballot.sig.slice(64)) + 2n ** 252n + 27742317777372353535851937790883648493n;
    b.ballot.sig = b.ballot.sig.slice(0, 64) + s.toString(16).padStart(64, '0').match(/../g)!.reverse().join('');
  }));
  add('invalid-tally-count.json', 'tally-counts', 'one approval moved to abstain in a tally', tamper(full, (es) => {
    const t = es.find(isType('tally'))!;
    t.A.nominees[0].approve -= 1;
    t.A.nominees[0].abstain += 1;
  }));
  add('invalid-decision.json', 'tally-decision', 'the barred nominee marked approved and not barred', tamper(full, (es) => {
    const t = es.find(isType('tally'))!;
    t.A.nominees[0].approved = true;
    t.A.nominees[0].barred = false;
    t.bars = [];
  }));
  add('invalid-bar-date.json', 'bars', 'the bar dated a year before the meeting, so that it has already lifted', tamper(full, (es) => {
    const t = es.find((e) => e.type === 'tally' && e.bars.length > 0)!;
    const d = `${Number(t.bars[0].voteDate.slice(0, 4)) - 1}${t.bars[0].voteDate.slice(4)}`;
    t.bars[0].voteDate = d;
    t.bars[0].liftsOn = barLiftsOn(d);
  }));
  add('invalid-quorum.json', 'quorum-at-open', 'the first vote’s present list cut to 5 of 9 due (R1: 15 < 18)', tamper(full, (es) => {
    const o = es.find(isType('open'))!;
    o.present.members = o.present.members.slice(0, 5);
    o.presentCount.A = 5;
  }));
  add('invalid-unannounced.json', 'announced-before-end', 'an announcement removed: the meeting ended with a closed vote unannounced (R12)', tamper(full, (es) => {
    es.splice(find(es, isType('announce')), 1);
  }));
  add('invalid-roll-order.json', 'issuance-roll', 'two entries of an issuance roll swapped', tamper(full, (es) => {
    const i = find(es, isType('issued'));
    [es[i], es[i + 1]] = [es[i + 1]!, es[i]!];
  }));
  add('invalid-extra-member.json', 'entry-format', 'a member the spec does not list, in an announce entry', tamper(full, (es) => {
    es.find(isType('announce'))!.note = 'by the chair';
  }));
  add('invalid-motion-passed.json', 'reconsideration', 'a motion with 6 of 9 in favour logged as failed', tamper(full, (es) => {
    const m = es.find(isType('reconsider'))!;
    m.passed = false;
    m.reconsideredRound = null;
    m.nextRound = null;
  }));
  add('invalid-bars-not-replaced.json', 'bars', 'round 2’s tally claims it replaced no bar, though round 1 barred its nominee (R10)', tamper(full, (es) => {
    es.find((e) => e.type === 'tally' && e.round === 2)!.barsReplaced = [];
  }));
  add('invalid-policy-majority.json', 'tally-decision', "the meeting entry's R2 policy changed to more-than-half: the nominee approved with exactly half no longer passes", tamper(policy, (es) => {
    es[0]!.committee.policies.majority = 'more-than-half';
  }));
  add('invalid-policy-ratio.json', 'agenda', "the meeting entry's R8 policy changed to proportional: 3 nominees for 2 seats is below 1:2", tamper(policy, (es) => {
    es[0]!.committee.policies.ratio = 'proportional';
  }));
  add('invalid-policy-motion.json', 'reconsideration', "the meeting entry's R10 policy changed to more-than-half: 5 of 10 no longer passes the motion", tamper(policy, (es) => {
    es[0]!.committee.policies.motion = 'more-than-half';
  }));
  add('invalid-standing-round.json', 'announced-before-end', 'the end entry claims the reconsidered item has no standing result (R10: round 1 stands)', tamper(policy, (es) => {
    es.find(isType('end'))!.items[1].standingRound = null;
  }));
  add('invalid-consultation-early-close.json', 'consultation', 'the consultation’s second item shown closed inside its window (on 2026-03-04) though only 2 of the 5 asked had answered', tamper(consulted, (es) => {
    es.filter(isType('close'))[1]!.closedOn = '2026-03-04';
  }));
  add('invalid-consultation-opened-apart.json', 'consultation', 'the consultation’s second item opened after the first was closed and tallied, as a sitting would: a consultation opens every item in the first write after the meeting entry', tamper(consulted, (es) => {
    const second = es.filter(isType('open'))[1]!.item;
    const opening = es.filter((e) => (e.type === 'key' || e.type === 'open') && e.item === second);
    const rest = es.filter((e) => !opening.includes(e));
    const afterFirst = rest.findIndex((e) => e.type === 'tally') + 1;
    return [...rest.slice(0, afterFirst), ...opening, ...rest.slice(afterFirst)];
  }));
  add('invalid-consultation-not-asked.json', 'quorum-at-open', 'a member not excused left out of a consultation’s opening: everyone not excused is asked', tamper(consulted, (es) => {
    const o = es.filter(isType('open'))[1]!;
    const answered = new Set(es.filter((e) => e.type === 'issued' && e.item === o.item).map((e) => e.person));
    o.present.members = o.present.members.filter((p: string) => answered.has(p));
    o.presentCount.A = o.present.members.length;
  }));
  add('invalid-consultation-too-few-asked.json', 'quorum-at-open', 'a second member of the consultation’s 5 shown excused and left out of every opening: 3 of 5 due asked, fewer than two-thirds (R1 on those asked: 9 < 10)', tamper(consulted, (es) => {
    const opens = es.filter(isType('open'));
    const person = opens[0]!.present.members.at(-1) as string;
    es[0]!.due.find((d: Obj) => d.person === person).excused = '因病';
    for (const o of opens) {
      o.present.members = o.present.members.filter((p: string) => p !== person);
      o.presentCount.A = o.present.members.length;
    }
  }));
  add('invalid-ratio.json', 'agenda', 'the 2-for-1 item marked as an open selection, which needs 1:3 (R8)', tamper(full, (es) => {
    es[0]!.items.find((it: Obj) => it.nominees.length === 2).openSelection = true;
  }));
  out.push({ file: 'invalid-citation-uncited.json', expect: 'citations', exit: 1, cited: ['valid-nomination-standing.json'], what: 'the full committee item’s citation names round 2 of the standing item, which approved no one (there is none)', record: tamper(nomination.full, (es) => {
    es[0]!.items[0].cites.round = 2;
  }) });
  out.push({ file: 'invalid-citation-hash.json', expect: 'citations', exit: 1, cited: ['valid-nomination-standing.json'], what: 'the citation’s tally hash changed in its last digit: not the standing meeting’s final root', record: tamper(nomination.full, (es) => {
    const c = es[0]!.items[0].cites;
    c.tallyHash = c.tallyHash.slice(0, 63) + (c.tallyHash.endsWith('0') ? '1' : '0');
  }) });
  {
    const extra = full.entries.findIndex((e) => obj(e).type === 'close');
    const rec = reseal(full, full.entries, [...full.checkpoints.map((c) => c.size), extra].sort((a, b) => a - b));
    add('invalid-extra-checkpoint.json', 'checkpoint-root', 'an extra checkpoint inside a close write', rec);
  }
  {
    const open = full.entries.findIndex((e) => obj(e).type === 'open');
    const rec = reseal(full, full.entries, full.checkpoints.map((c) => c.size).filter((s) => s !== open + 1));
    add('invalid-missing-checkpoint.json', 'checkpoint-root', 'the checkpoint after the first opening write left out', rec);
  }
  {
    const forger = generateCosignerKey('sealvote-discipline-example-county');
    const forged: Record_ = { ...full, departments: full.departments.map((d) => (d.department === 'discipline' ? { ...d, verifierKey: forger.verifierKey } : d)), cosignatures: full.cosignatures.filter((c) => c.department !== 'discipline') };
    forged.cosignatures.push({ department: 'discipline', checkpointSize: full.checkpoints.at(-1)!.size, line: cosign(parseNote(full.checkpoints.at(-1)!.note).text, forger.signerKey, COSIGN_TIME) });
    out.push({ file: 'invalid-forged-department-key.json', expect: 'cosignature', exit: 1, what: 'the discipline key replaced in the file and a cosignature by that key: passes without pins (never "filed"), fails with trust.json', record: forged });
  }

  return out;
}

/** The co-issued vectors, made last: the meeting's random draws come after every other vector's. */
async function coissuedVectors(): Promise<Vector[]> {
  const out: Vector[] = [];
  const add = (file: string, expect: string, what: string, record: Record_) => out.push({ file, expect, exit: 1, what, record });
  const isType = (t: string) => (e: Obj) => e.type === t;
  const co = await coissuedRecord();
  out.push({ file: 'valid-coissued.json', expect: 'ok', exit: 0, filed: true, what: "co-issued (docs/coissuance.md): every key the sum of the service's and the commission's shares with their proofs of possession and the co-issuer's statement; the co-issuer's signed rolls equal the issuance rolls; a member signed in but never confirmed by the commission is not present; a member takes a token and casts nothing", record: co });
  add('invalid-coissued-rogue-share.json', 'coissuer-keys', "co-issued: the commission's share of the A key replaced by one the service made itself, with a valid proof of possession (the combined key no longer the co-issuer's statement)", tamper(co, (es) => {
    const key = es.find((e) => e.type === 'key' && e.class === 'A')!;
    const own = deriveIssuerKey(fixedSecret('rogue share'), { meeting: 'rogue', item: key.item, round: 1, klass: 'A' });
    key.shares.commission = { public_key: bytesToHex(own.publicKey), pop: bytesToHex(popProve(own.secretKey)) };
  }));
  add('invalid-coissued-seated.json', 'coissuer-rolls', 'co-issued: the member the commission never confirmed added to the present list at the opening and the tally (the clerk seats an absent member)', tamper(co, (es) => {
    const open = es.find(isType('open'))!;
    const absent = es[0]!.due.map((d: Obj) => d.person).find((p: string) => !open.present.members.includes(p));
    open.present.members = [...open.present.members, absent].sort();
    open.presentCount.A += 1;
    const tally = es.find(isType('tally'))!;
    tally.A.present += 1;
    tally.A.notCast += 1;
  }));
  add('invalid-coissued-minted.json', 'token-signatures', "co-issued: a ballot added for the present member's unspent token, its token signed with the service's share alone (it fits the rolls; only the combined key refuses it)", tamper(co, (es) => {
    const key = es.find((e) => e.type === 'key' && e.class === 'A')!;
    const service = deriveIssuerKey(config.masterSecret, { meeting: es[0]!.meeting.id, item: key.item, round: key.round, klass: 'A' });
    const template = es.find((e) => e.type === 'ballot' && e.ballot.class === 'A')!.ballot;
    const seed = fixedSecret('minted ballot');
    const pk = ed25519.getPublicKey(seed);
    const body = { ...template, ballot_pk: bytesToHex(pk), token_sig: bytesToHex(signTokenDirect(service.secretKey, hexToBytes(key.key_id, 32), pk)), choices: { ...template.choices } };
    delete body.sig;
    const minted = { type: 'ballot', ballot: { ...body, sig: bytesToHex(ed25519.sign(ballotSigningBytes(body), seed)) } };
    // Ballots are logged together, sorted by leaf hash (§6): put it in its place.
    const first = find(es, (e) => e.type === 'ballot' && e.ballot.item === key.item);
    const ballots = es.filter((e) => e.type === 'ballot' && e.ballot.item === key.item);
    const hashOf = (e: Obj) => bytesToHex(leafHash(utf8(text(e))));
    const sorted = [...ballots, minted].sort((a, b) => (hashOf(a) < hashOf(b) ? -1 : 1));
    es.splice(first, ballots.length, ...sorted);
    const close = es.find(isType('close'))!;
    close.cast.A += 1;
    const tally = es.find(isType('tally'))!;
    tally.A.cast += 1;
    tally.A.notCast -= 1;
    const choice = template.choices[Object.keys(template.choices)[0]!];
    tally.A.nominees[0][choice] += 1;
  }));
  return out;
}

const vs = await vectors();
{
  // A ballot replaced by one whose signature has a torsion component in R, S re-derived for it:
  // noble's cofactored check accepts it, the one rule (and OpenSSL) refuse (crypto/ed25519.ts).
  // Its token is genuine (minted with the issuer key the service derives from its master secret).
  const { deriveIssuerKey } = await import('../../../crypto/issuer-key');
  const { signTokenDirect } = await import('../../../crypto/token');
  const { ballotSigningBytes } = await import('../../../crypto/ballot');
  const { bytesToHex, hexToBytes } = await import('../../../crypto/bytes');
  const { torsionR } = await import('../../crypto/ed25519-cases');
  const full = vs[0]!.record;
  const record = tamper(full, (es) => {
    const entry = es.find((e) => e.type === 'ballot' && e.ballot.class === 'A' && !e.ballot.item.includes('#'))!;
    const old = entry.ballot;
    const issuer = deriveIssuerKey(config.masterSecret, { meeting: old.meeting, item: old.item, round: old.round, klass: 'A' });
    const seed = fixedSecret('torsion ballot');
    const pk = ed25519.getPublicKey(seed);
    const body = { ...old, ballot_pk: bytesToHex(pk), token_sig: bytesToHex(signTokenDirect(issuer.secretKey, hexToBytes(old.key_id, 32), pk)) };
    delete body.sig;
    const c = torsionR(seed, ballotSigningBytes(body));
    if (!ed25519.verify(c.sig, c.msg, c.pk, { zip215: false })) throw new Error('the torsion case must pass the cofactored check');
    entry.ballot = { ...body, sig: bytesToHex(c.sig) };
  });
  vs.push({ file: 'invalid-torsion-r.json', expect: 'ballot-signatures', exit: 1, what: 'a ballot (genuine token) whose signature has a small-order component in R: noble’s cofactored check accepts it, the one Ed25519 rule and OpenSSL refuse', record });
}
vs.push(...(await coissuedVectors()));
// Last, so the other vectors' random draws stay as they were: the first form (§6.1).
{
  const full = vs.find((v) => v.file === 'valid-full-meeting.json')!.record;
  const first = asFirstForm(full);
  const isType = (t: string) => (e: Obj) => e.type === t;
  const add = (file: string, expect: string, what: string, record: Record_) => vs.push({ file, expect, exit: expect === 'ok' ? 0 : 1, ...(expect === 'ok' ? { filed: true } : {}), what, record });
  add('valid-first-form.json', 'ok', 'the full meeting as sealed before committee policies (the first form of v1, §6.1): committee.barRule, no later members, the passed motion withdrawing round 1’s bar (barsWithdrawn), no barsReplaced or standingRound; read with the defaults of §6.1', first);
  add('invalid-missing-majority.json', 'entry-format', 'a record in the current form (committee.policies) whose first tally lacks A.rule.majority: required there (§6.1 defaults only the first form)', tamper(full, (es) => {
    delete es.find(isType('tally'))!.A.rule.majority;
  }));
  add('invalid-first-form-mixed.json', 'entry-format', 'the first-form record with round 2’s tally keeping barsReplaced: a member of the current form only', tamper(first, (es) => {
    es.find((e) => e.type === 'tally' && e.round === 2)!.barsReplaced = [];
  }));
  add('invalid-first-form-bars-kept.json', 'bars', 'the first-form record’s passed motion withdrawing no bar, though round 1 barred its nominee (R10 as it was)', tamper(first, (es) => {
    es.find(isType('reconsider'))!.barsWithdrawn = [];
  }));
}
const trust = formatTrustFile({ serviceKey: vs[0]!.record.serviceKey, departments: { organization: departments.organization.verifierKey, discipline: departments.discipline.verifierKey } });
const files = new Map<string, string>();
for (const v of vs) files.set(v.file, `${JSON.stringify(v.record, null, 1)}\n`);
files.set('trust.json', trust);
files.set('manifest.json', `${JSON.stringify(vs.map(({ record: _r, ...m }) => m), null, 2)}\n`);
const row = (v: Vector) => `| \`${v.file}\`${v.cited ? ` --cited ${v.cited.map((c) => `\`${c}\``).join(' ')}` : ''} | ${v.expect === 'ok' ? 'every check passes' : `\`${v.expect}\``} | ${v.exit}${v.filed ? ' (filed with trust.json)' : ''} | ${v.what} |`;
files.set(
  'README.md',
  [
    '# Conformance vectors for `sealvote-record/v1`',
    '',
    'Records made by the real service (`generate.ts`: meetings run through the HTTP API with',
    'tablets that blind, sign and cast; every random byte from a seeded generator, the clock fixed),',
    'and copies changed as a dishonest operator could, every checkpoint RE-SIGNED with the service',
    "key, so only the check that names the broken rule can catch them. A verifier written from",
    '`docs/record-spec.md` must reach the verdict below: every check passes, or the first failing',
    'check (in the order of the spec, §9) is the one named. `trust.json` pins the service key and',
    'both department keys; with it, the valid records are **filed**.',
    '',
    'Regenerate with `npx tsx test/vectors/records/generate.ts` (`--check` compares instead of',
    'writing); `test/verifier/vectors.test.ts` runs `sealvote verify --trust trust.json` over every',
    'file and checks the exit code and the failing check.',
    '',
    '| file | verdict | exit | what |',
    '|---|---|---|---|',
    ...vs.map(row),
    '',
    'A file listed with `--cited` is a full committee record: give it the standing committee record',
    'it cites (`sealvote verify FILE --cited CITED --trust trust.json`); without it check',
    '`citations` is skipped and the record does not verify (exit 1).',
    '',
    '`invalid-forged-department-key.json` verifies (exit 0) WITHOUT the trust file — its keys are',
    'its own claims — and the report then says the keys come from the file and never "filed".',
    '',
    '`valid-first-form.json` is in the first form of `sealvote-record/v1` (sealed before committee',
    'policies, commit 56781dd; `docs/record-spec.md` §6.1): a verifier reads it with the defaults',
    'stated there and R10 as it was (a passed motion withdrew the round’s bars, `barsWithdrawn`).',
    '`invalid-missing-majority.json` shows those defaults never apply to a current-form record.',
    '',
    'The `*coissued*` records are of a co-issued meeting (`docs/coissuance.md`; checks',
    '`coissuer-keys` and `coissuer-rolls` in `docs/record-spec.md` §9). `trust.json` does not pin the',
    "co-issuer's key: it would make every service-only record fail (`coissuer-keys`); the key the",
    'meeting entry logs is in `valid-coissued.json` for `--coissuer-key`. The others are service only',
    'and a verifier must print `issuance: service only` for them.',
    '',
  ].join('\n'),
);

if (process.argv.includes('--check')) {
  let differ = 0;
  for (const [name, content] of files) {
    let old = '';
    try {
      old = readFileSync(join(HERE, name), 'utf8');
    } catch {
      // missing
    }
    if (old !== content) {
      console.error(`differs: ${name}`);
      differ++;
    }
  }
  process.exit(differ ? 1 : 0);
}
const outAt = process.argv.indexOf('--out');
const target = outAt > 0 ? process.argv[outAt + 1]! : HERE;
for (const [name, content] of files) writeFileSync(join(target, name), content);
console.log(`wrote ${files.size} files to ${target}`);
