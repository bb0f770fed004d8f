/**
 * The record over the API, from a meeting run through the real protocol (tablets doing blind
 * tokens, ballots, closes): the downloaded record passes the independent verifier, receipts
 * and consistency proofs verify, and the two filings are accepted only when they verify.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../crypto/bytes';
import { parseCheckpoint } from '../../../crypto/checkpoint';
import { cosign, generateCosignerKey } from '../../../crypto/cosignature';
import { verifyConsistency } from '../../../crypto/merkle';
import { parseNote } from '../../../crypto/signed-note';
import type { KeyPairStrings } from '../../../crypto/signed-note';
import { checkpointKeys } from '../../../src/record/signer';
import { verifyReceiptProof, verifyRecord, type MeetingRecord } from '../../../src/verifier';
import { officerAgent, type OfficerAgent } from '../../support/officers';
import { ballotsOf, liveMeeting, type Live } from '../live/harness';

let live: Live;
let receipts: string[];
let admin: OfficerAgent;
let inspector: OfficerAgent;
let filer: OfficerAgent;
let clerk: OfficerAgent;
let org: KeyPairStrings;
let disc: KeyPairStrings;
let endedCheckpoint: { size: number; note: string };

const T = 1_772_416_800;

async function req(method: string, path: string, who?: OfficerAgent, body?: unknown) {
  const headers: Record<string, string> = who ? (method === 'GET' ? { cookie: who.cookie } : who.headers()) : {};
  const res = await live.t.app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const body = (note: string) => parseNote(note).text;

beforeAll(async () => {
  live = await liveMeeting({ members: 7, observers: 2, items: [{ nominees: 1 }, { nominees: 1 }] });
  const [item, second] = live.m.items as [(typeof live.m.items)[0], (typeof live.m.items)[0]];
  admin = await officerAgent(live.t, 'admin');
  inspector = await officerAgent(live.t, 'inspector');
  filer = await officerAgent(live.t, 'filer');
  clerk = await officerAgent(live.t, 'clerk');
  await live.post(`/api/meetings/${live.m.meetingId}/open`);
  const { members, observers } = await live.signIn(7, 2);
  await live.post(`/api/items/${item.id}/open`);
  receipts = await live.voteAll(item.id, members.slice(0, 6), ballotsOf(item.nomineeIds[0]!, { approve: 4, disapprove: 2 }));
  receipts.push(...(await live.voteAll(item.id, observers, ballotsOf(item.nomineeIds[0]!, { approve: 1, abstain: 1 }))));
  await live.closeAndRead(item.id);
  expect((await live.post(`/api/items/${item.id}/announce`)).status).toBe(200);
  // R3: 4 of 7 disapprove → barred.
  await live.post(`/api/items/${second.id}/open`);
  await live.voteAll(second.id, members, ballotsOf(second.nomineeIds[0]!, { approve: 3, disapprove: 4 }));
  await live.closeAndRead(second.id);
  expect((await live.post(`/api/items/${second.id}/announce`)).status).toBe(200);
  org = generateCosignerKey('sealvote-organization-test');
  disc = generateCosignerKey('sealvote-discipline-test');
});

afterAll(() => live?.t.close());

describe('before the meeting ends', () => {
  it('serves the record up to the latest checkpoint, which verifies; cosignatures are refused', async () => {
    const r = await req('GET', `/api/meetings/${live.m.meetingId}/record`, inspector);
    expect(r.status).toBe(200);
    const report = verifyRecord(r.body);
    expect(report.firstFailure).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.ended).toBe(false);
    expect((await req('PUT', '/api/departments/organization/key', admin, { verifierKey: org.verifierKey })).status).toBe(200);
    const final = r.body.checkpoints.at(-1);
    const early = await req('POST', `/api/meetings/${live.m.meetingId}/cosignatures`, filer, { department: 'organization', line: cosign(body(final.note), org.signerKey, T) });
    expect(early.status).toBe(409);
  });
});

describe('after the meeting ends', () => {
  let record: MeetingRecord;

  beforeAll(async () => {
    const ended = await live.post(`/api/meetings/${live.m.meetingId}/close`);
    expect(ended.status).toBe(200);
    endedCheckpoint = ended.body.checkpoint;
    record = (await req('GET', `/api/meetings/${live.m.meetingId}/record`, filer)).body;
  });

  it('the record of the whole meeting passes every check, with the tally hash the meeting ended with', () => {
    const report = verifyRecord(record, { trusted: { serviceKey: checkpointKeys(live.t.deps.config).verifierKey } });
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.ended).toBe(true);
    expect(report.tallyHash).toBe(Buffer.from(parseCheckpoint(body(endedCheckpoint.note)).rootHash).toString('hex'));
    expect(report.counts.ballots).toBe(receipts.length + 7);
  });

  it('is readable by inspector, filer, presiding and clerk only, and downloadable as a file', async () => {
    expect((await req('GET', `/api/meetings/${live.m.meetingId}/record`)).status).toBe(401);
    expect((await req('GET', `/api/meetings/${live.m.meetingId}/record`, admin)).status).toBe(403);
    expect((await req('GET', `/api/meetings/${live.m.meetingId}/record`, clerk)).status).toBe(200);
    expect((await req('GET', `/api/meetings/${live.m.meetingId}/record`, live.presiding)).status).toBe(200);
    const dl = await req('GET', `/api/meetings/${live.m.meetingId}/record?download=1`, inspector);
    expect(dl.headers.get('content-disposition')).toContain(`sealvote-record-${live.m.meetingId}.json`);
    expect((await req('GET', '/api/meetings/mtg_nope/record', inspector)).status).toBe(404);
  });

  it('answers a receipt with no credential, with an inclusion proof that verifies', async () => {
    const serviceKey = record.serviceKey;
    for (const r of receipts) {
      const res = await req('GET', `/api/receipts/${r}`);
      expect(res.status).toBe(200);
      expect(verifyReceiptProof(res.body, serviceKey)).toBe(true);
      expect(res.body.treeSize).toBe(record.entries.length);
    }
    expect((await req('GET', `/api/receipts/${'ab'.repeat(32)}`)).status).toBe(404);
    expect((await req('GET', '/api/receipts/xyz')).status).toBe(400);
  });

  it('gives consistency proofs between any two checkpoints', async () => {
    const sizes = record.checkpoints.map((c) => c.size);
    const root = (note: string) => parseCheckpoint(body(note)).rootHash;
    for (const from of sizes) {
      for (const to of sizes.filter((s) => s >= from)) {
        const res = await req('GET', `/api/meetings/${live.m.meetingId}/consistency?from=${from}&to=${to}`, inspector);
        expect(res.status).toBe(200);
        const proof = res.body.proof.map((h: string) => hexToBytes(h, 32));
        expect(verifyConsistency(from, to, proof, root(res.body.from.note), root(res.body.to.note))).toBe(true);
      }
    }
    expect((await req('GET', `/api/meetings/${live.m.meetingId}/consistency?from=2&to=3`, inspector)).status).toBe(404);
    expect((await req('GET', `/api/meetings/${live.m.meetingId}/consistency?from=${sizes[1]}&to=${sizes[0]}`, inspector)).status).toBe(400);
  });

  it('registers department keys by the admin only, and only cosigner keys', async () => {
    expect((await req('PUT', '/api/departments/discipline/key', inspector, { verifierKey: disc.verifierKey })).status).toBe(403);
    expect((await req('PUT', '/api/departments/discipline/key', admin, { verifierKey: checkpointKeys(live.t.deps.config).verifierKey })).status).toBe(400);
    expect((await req('PUT', '/api/departments/discipline/key', admin, { verifierKey: 'nonsense' })).status).toBe(400);
    expect((await req('PUT', '/api/departments/treasury/key', admin, { verifierKey: disc.verifierKey })).status).toBe(400);
    expect((await req('PUT', '/api/departments/discipline/key', admin, { verifierKey: disc.verifierKey })).status).toBe(200);
    const list = await req('GET', '/api/departments', inspector);
    expect(list.body.departments.map((d: { department: string }) => d.department)).toEqual(['discipline', 'organization']);
  });

  it('accepts a cosignature only if it verifies under the registered key over the final checkpoint; filed only with both', async () => {
    const path = `/api/meetings/${live.m.meetingId}/cosignatures`;
    const final = body(endedCheckpoint.note);
    const orgLine = cosign(final, org.signerKey, T);
    const discLine = cosign(final, disc.signerKey, T);
    // Wrong role for the department (R4: each department files its own).
    expect((await req('POST', path, inspector, { department: 'organization', line: orgLine })).status).toBe(403);
    // The discipline line filed as the organization's, a forged key, and an earlier checkpoint.
    expect((await req('POST', path, filer, { department: 'organization', line: discLine })).status).toBe(422);
    const forged = generateCosignerKey('sealvote-organization-test');
    expect((await req('POST', path, filer, { department: 'organization', line: cosign(final, forged.signerKey, T) })).status).toBe(422);
    expect((await req('POST', path, filer, { department: 'organization', line: cosign(body(record.checkpoints[1]!.note), org.signerKey, T) })).status).toBe(422);

    const first = await req('POST', path, filer, { department: 'organization', line: orgLine });
    expect(first.status).toBe(201);
    expect(first.body.filed).toBe(false);
    expect((await req('GET', `/api/meetings/${live.m.meetingId}`, clerk)).body.filed).toBe(false);
    expect((await req('POST', path, filer, { department: 'organization', line: orgLine })).status).toBe(201);
    expect((await req('POST', path, filer, { department: 'organization', line: cosign(final, org.signerKey, T + 1) })).status).toBe(409);
    const second = await req('POST', path, inspector, { department: 'discipline', line: discLine });
    expect(second.status).toBe(201);
    expect(second.body.filed).toBe(true);
    expect((await req('GET', `/api/meetings/${live.m.meetingId}/filing`, clerk)).body.filed).toBe(true);
    expect((await req('GET', `/api/meetings/${live.m.meetingId}`, clerk)).body.filed).toBe(true);

    const filedRecord = (await req('GET', `/api/meetings/${live.m.meetingId}/record`, inspector)).body;
    const report = verifyRecord(filedRecord, { trusted: { departments: { organization: org.verifierKey, discipline: disc.verifierKey } } });
    expect(report.ok).toBe(true);
    expect(report.cosigners.map((c) => c.department).sort()).toEqual(['discipline', 'organization']);
  });

  it('a record changed in the database fails the verifier at the check that catches it', async () => {
    const row = live.t.handle.sqlite
      .prepare("SELECT idx, entry FROM log_entries WHERE meeting_id = ? AND type = 'tally' ORDER BY idx LIMIT 1")
      .get(live.m.meetingId) as { idx: number; entry: string };
    const changed = JSON.parse(JSON.stringify(record)) as MeetingRecord;
    changed.entries[row.idx] = row.entry.replace('"approve":4', '"approve":5');
    expect(changed.entries[row.idx]).not.toBe(row.entry);
    const report = verifyRecord(changed);
    expect(report.ok).toBe(false);
    // Without re-signing, the first failure is the signed root.
    expect(report.firstFailure?.id).toBe('checkpoint-root');
  });
});
