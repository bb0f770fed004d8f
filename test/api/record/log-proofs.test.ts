/**
 * The proofs a tablet checks the log with (issue 16; docs/tablet-checks.md): the latest signed
 * checkpoint with a consistency proof from a size seen before, the current vote's key entries
 * with inclusion proofs, a receipt with a consistency proof. Each verified here with crypto/
 * alone, as the tablet does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../crypto/bytes';
import { openCheckpoint } from '../../../crypto/checkpoint';
import { parseEntry } from '../../../crypto/log-entry';
import { leafHash, verifyConsistency, verifyInclusion } from '../../../crypto/merkle';
import { checkpointKeys } from '../../../src/record/signer';
import type { TestApp } from '../../support/app';
import { openItem, openRoom, type Room } from '../../security/fixture';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const hexes = (xs: string[]) => xs.map((h) => hexToBytes(h, 32));

async function room(): Promise<Room> {
  const r = await openRoom({ members: 3, observers: 1, items: [{ nominees: 1 }] });
  t = r.t;
  return r;
}

describe('GET /api/meetings/:id/checkpoint', () => {
  it('names the service key and the latest checkpoint, with a consistency proof from a size seen', async () => {
    const r = await room();
    const key = checkpointKeys(r.t.deps.config).verifierKey;
    const first = await r.call('GET', `/api/meetings/${r.m.meetingId}/checkpoint`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ meeting: r.m.meetingId, key, consistency: null });
    const opened = openCheckpoint(first.body.checkpoint.note, key);
    expect(opened.size).toBe(first.body.checkpoint.size);

    await openItem(r, r.m.items[0]!.id);
    const next = await r.call('GET', `/api/meetings/${r.m.meetingId}/checkpoint?from=${opened.size}`);
    const grown = openCheckpoint(next.body.checkpoint.note, key);
    expect(grown.size).toBeGreaterThan(opened.size);
    expect(next.body.consistency.from).toBe(opened.size);
    expect(verifyConsistency(opened.size, grown.size, hexes(next.body.consistency.proof), opened.rootHash, grown.rootHash)).toBe(true);
    // Asked from the size itself: the empty proof; from beyond it: none.
    expect((await r.call('GET', `/api/meetings/${r.m.meetingId}/checkpoint?from=${grown.size}`)).body.consistency).toEqual({ from: grown.size, proof: [] });
    expect((await r.call('GET', `/api/meetings/${r.m.meetingId}/checkpoint?from=${grown.size + 5}`)).body.consistency).toBeNull();
  });

  it('refuses a malformed size and an unknown meeting; needs no credential', async () => {
    const r = await room();
    for (const q of ['?from=0', '?from=-1', '?from=x', '?from=1.5', '?to=3']) {
      const res = await r.call('GET', `/api/meetings/${r.m.meetingId}/checkpoint${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await r.call('GET', '/api/meetings/mtg_nope/checkpoint')).status).toBe(404);
  });
});

describe('GET /api/items/:id/key-proof', () => {
  it('proves each class key of the open vote in the checkpoint signed at the opening', async () => {
    const r = await room();
    const item = r.m.items[0]!;
    const before = (await r.call('GET', `/api/meetings/${r.m.meetingId}/checkpoint`)).body.checkpoint.size as number;
    expect((await r.call('GET', `/api/items/${item.id}/key-proof`)).body.code).toBe('vote_not_open');
    await openItem(r, item.id);
    const res = await r.call('GET', `/api/items/${item.id}/key-proof?from=${before}`);
    expect(res.status).toBe(200);
    const key = checkpointKeys(r.t.deps.config).verifierKey;
    const cp = openCheckpoint(res.body.checkpoint.note, key);
    const logged = (await r.call('GET', `/api/items/${item.id}/keys`)).body.keys as Array<{ class: string; publicKey: string; keyId: string }>;
    expect(res.body.keys.map((k: { class: string }) => k.class).sort()).toEqual(['A', 'B']);
    for (const k of res.body.keys as Array<{ class: 'A' | 'B'; index: number; entry: string; proof: string[] }>) {
      const bytes = new TextEncoder().encode(k.entry);
      const e = parseEntry(bytes);
      expect(e).toMatchObject({ type: 'key', item: item.id, round: 1, class: k.class });
      expect(e.public_key).toBe(logged.find((l) => l.class === k.class)!.publicKey);
      expect(verifyInclusion(leafHash(bytes), k.index, cp.size, hexes(k.proof), cp.rootHash)).toBe(true);
    }
    expect(verifyConsistency(before, cp.size, hexes(res.body.consistency.proof), await firstRoot(r, before), cp.rootHash)).toBe(true);
  });
});

describe('GET /api/items/:id/key-proof for a reconsideration motion', () => {
  it('proves the motion’s class A key, signed right after the motion opens', async () => {
    const r = await room();
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    for (const m of r.members) await m.vote(item.id, { [item.nomineeIds[0]!]: 'approve' });
    expect((await r.call('POST', `/api/items/${item.id}/close`, { as: r.presiding })).status).toBe(200);
    // R12 before R10: only an announced result is reconsidered.
    expect((await r.call('POST', `/api/items/${item.id}/announce`, { as: r.presiding })).status).toBe(200);
    expect((await r.call('POST', `/api/items/${item.id}/reconsider`, { as: r.presiding })).status).toBe(200);
    const res = await r.call('GET', `/api/items/${item.id}/key-proof`);
    expect(res.body).toMatchObject({ item: item.id, round: 1, purpose: 'motion' });
    expect(res.body.keys).toHaveLength(1);
    const [k] = res.body.keys as Array<{ class: string; index: number; entry: string; proof: string[] }>;
    const bytes = new TextEncoder().encode(k!.entry);
    expect(parseEntry(bytes)).toMatchObject({ type: 'key', item: item.id, purpose: 'motion', class: 'A' });
    const cp = openCheckpoint(res.body.checkpoint.note, checkpointKeys(r.t.deps.config).verifierKey);
    expect(verifyInclusion(leafHash(bytes), k!.index, cp.size, hexes(k!.proof), cp.rootHash)).toBe(true);
  });
});

describe('GET /api/receipts/:leaf?from=', () => {
  it('adds a consistency proof from the size the tablet saw to the checkpoint of the inclusion', async () => {
    const r = await room();
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    const seen = (await r.call('GET', `/api/meetings/${r.m.meetingId}/checkpoint`)).body.checkpoint as { size: number; note: string };
    const receipt = await r.members[0]!.vote(item.id, { [item.nomineeIds[0]!]: 'approve' });
    expect((await r.call('POST', `/api/items/${item.id}/close`, { as: r.presiding })).status).toBe(200);
    const res = await r.call('GET', `/api/receipts/${receipt}?from=${seen.size}`);
    expect(res.status).toBe(200);
    const key = checkpointKeys(r.t.deps.config).verifierKey;
    const cp = openCheckpoint(res.body.checkpoint, key);
    expect(verifyInclusion(hexToBytes(receipt, 32), res.body.index, cp.size, hexes(res.body.proof), cp.rootHash)).toBe(true);
    expect(verifyConsistency(seen.size, cp.size, hexes(res.body.consistency.proof), openCheckpoint(seen.note, key).rootHash, cp.rootHash)).toBe(true);
    expect((await r.call('GET', `/api/receipts/${receipt}?from=0`)).status).toBe(400);
    // Without `from`, the answer is as before.
    expect((await r.call('GET', `/api/receipts/${receipt}`)).body.consistency).toBeUndefined();
  });
});

async function firstRoot(r: Room, size: number): Promise<Uint8Array> {
  const key = checkpointKeys(r.t.deps.config).verifierKey;
  const row = r.t.handle.sqlite.prepare('SELECT note FROM checkpoints WHERE meeting_id = ? AND size = ?').get(r.m.meetingId, size) as { note: string };
  return openCheckpoint(row.note, key).rootHash;
}
