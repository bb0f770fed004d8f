/**
 * The tablet's checks of the server's log (kiosk/src/lib/log-check.ts): the pinned key, the
 * consistency of every checkpoint with those seen before, forks and rewrites refused.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../crypto/bytes';
import { formatCheckpoint } from '../../crypto/checkpoint';
import { entryBytes } from '../../crypto/log-entry';
import { consistencyProof, leafHash, rootFromLeafHashes } from '../../crypto/merkle';
import { generateNoteKey, signNote } from '../../crypto/signed-note';
import { acceptCheckpoint, LogFollower, LogRefused, SERVICE_KEY, type LogState } from '../../kiosk/src/lib/log-check';
import { MemoryStore } from '../../kiosk/src/lib/store';
import { fakeServer } from './fake-server';

const ORIGIN = 'log.test/log';
const key = generateNoteKey(ORIGIN);
const entries = Array.from({ length: 9 }, (_, i) => entryBytes({ type: 'test', n: i }));
const leaves = entries.map((e) => leafHash(e));

function checkpoint(size: number, signer = key.signerKey, origin = ORIGIN, list = leaves) {
  const note = signNote(formatCheckpoint({ origin, size, rootHash: rootFromLeafHashes(list.slice(0, size)) }), signer);
  return { size, note };
}

const proof = (from: number, to: number, list = leaves) => ({ from, proof: consistencyProof(list.slice(0, to), from).map(bytesToHex) });
const fresh = (): LogState => ({ meetingId: 'm1', key: key.verifierKey, seen: [] });

describe('acceptCheckpoint', () => {
  it('accepts a first checkpoint, then each one that extends the largest seen', () => {
    let state = fresh();
    ({ state } = acceptCheckpoint(state, { checkpoint: checkpoint(3) }));
    ({ state } = acceptCheckpoint(state, { checkpoint: checkpoint(5), consistency: proof(3, 5) }));
    ({ state } = acceptCheckpoint(state, { checkpoint: checkpoint(9), consistency: proof(5, 9) }));
    expect(state.seen.map((s) => s.size)).toEqual([3, 5, 9]);
    // Seen already: accepted as is, nothing added.
    const again = acceptCheckpoint(state, { checkpoint: checkpoint(5) });
    expect(again.state).toBe(state);
    expect(again.checkpoint?.size).toBe(5);
  });

  it('refuses a checkpoint not signed by the pinned key, or naming another log', () => {
    const other = generateNoteKey(ORIGIN);
    expect(() => acceptCheckpoint(fresh(), { checkpoint: checkpoint(3, other.signerKey) })).toThrow(expect.objectContaining({ reason: 'bad_signature' }));
    const elsewhere = generateNoteKey('elsewhere.test/log');
    const state: LogState = { meetingId: 'm1', key: elsewhere.verifierKey, seen: [] };
    expect(() => acceptCheckpoint(state, { checkpoint: { size: 3, note: signNote(formatCheckpoint({ origin: ORIGIN, size: 3, rootHash: rootFromLeafHashes(leaves.slice(0, 3)) }), elsewhere.signerKey) } })).toThrow(
      expect.objectContaining({ reason: 'bad_signature' }),
    );
    expect(() => acceptCheckpoint(fresh(), { checkpoint: { size: 4, note: checkpoint(3).note } })).toThrow(expect.objectContaining({ reason: 'bad_signature' }));
    expect(() => acceptCheckpoint(fresh(), { checkpoint: { size: 3, note: '' } })).toThrow(LogRefused);
  });

  it('refuses an extension without a valid consistency proof from the largest size seen', () => {
    const { state } = acceptCheckpoint(fresh(), { checkpoint: checkpoint(5) });
    expect(() => acceptCheckpoint(state, { checkpoint: checkpoint(9) })).toThrow(expect.objectContaining({ reason: 'inconsistent' }));
    expect(() => acceptCheckpoint(state, { checkpoint: checkpoint(9), consistency: proof(3, 9) })).toThrow(expect.objectContaining({ reason: 'inconsistent' }));
    const bad = proof(5, 9);
    bad.proof[0] = `${bad.proof[0]![0] === '0' ? '1' : '0'}${bad.proof[0]!.slice(1)}`;
    expect(() => acceptCheckpoint(state, { checkpoint: checkpoint(9), consistency: bad })).toThrow(expect.objectContaining({ reason: 'inconsistent' }));
    expect(() => acceptCheckpoint(state, { checkpoint: checkpoint(9), consistency: { from: 5, proof: [] } })).toThrow(expect.objectContaining({ reason: 'inconsistent' }));
  });

  it('refuses a rewritten log: another root at a size seen, or a larger log that does not extend it', () => {
    const forked = [...leaves];
    forked[2] = leafHash(entryBytes({ type: 'key', changed: true }));
    const { state } = acceptCheckpoint(fresh(), { checkpoint: checkpoint(5) });
    expect(() => acceptCheckpoint(state, { checkpoint: checkpoint(5, key.signerKey, ORIGIN, forked) })).toThrow(expect.objectContaining({ reason: 'inconsistent' }));
    // The fork's own consistency proof from 5 holds for the fork, not for what was seen.
    expect(() => acceptCheckpoint(state, { checkpoint: checkpoint(9, key.signerKey, ORIGIN, forked), consistency: proof(5, 9, forked) })).toThrow(expect.objectContaining({ reason: 'inconsistent' }));
  });

  it('leaves a smaller, unseen checkpoint aside (a stale answer) without accepting it', () => {
    const { state } = acceptCheckpoint(fresh(), { checkpoint: checkpoint(5) });
    const stale = acceptCheckpoint(state, { checkpoint: checkpoint(3) });
    expect(stale).toEqual({ state, checkpoint: null });
  });
});

describe('LogFollower', () => {
  it('pins the service key at first contact and refuses another key later, in any meeting', async () => {
    const store = new MemoryStore();
    const server = fakeServer();
    const follower = new LogFollower({ fetch: server.fetch, store }, server.meeting);
    await follower.start();
    expect(await store.get(SERVICE_KEY)).toBe(server.service.verifierKey);
    // Another server (another key) for another meeting on the same tablet.
    const impostor = fakeServer({ meeting: 'm2' });
    await expect(new LogFollower({ fetch: impostor.fetch, store }, 'm2').start()).rejects.toMatchObject({ reason: 'key_changed' });
    // The same meeting answered under another key.
    const swapped: typeof server.fetch = async (p, i) => {
      const res = await server.fetch(p, i);
      const body = (await res.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...body, key: impostor.service.verifierKey }), { status: res.status });
    };
    await expect(new LogFollower({ fetch: swapped, store }, server.meeting).follow()).rejects.toMatchObject({ reason: 'key_changed' });
  });

  it('follows the log as it grows and keeps what it saw across a reload', async () => {
    const store = new MemoryStore();
    const server = fakeServer();
    const follower = new LogFollower({ fetch: server.fetch, store }, server.meeting);
    expect((await follower.start())?.size).toBe(server.checkpoints.at(-1)!.size);
    server.close();
    expect((await follower.follow())?.size).toBe(server.checkpoints.at(-1)!.size);
    const reloaded = new LogFollower({ fetch: server.fetch, store }, server.meeting);
    expect((await reloaded.follow())?.size).toBe(server.checkpoints.at(-1)!.size);
    // The follow-up asked with ?from= the size seen before.
    expect(server.calls.filter((c) => c.path.includes('/checkpoint?from=')).length).toBeGreaterThan(0);
  });

  it('raises an alarm when the server signs with another key', async () => {
    const store = new MemoryStore();
    const server = fakeServer();
    const follower = new LogFollower({ fetch: server.fetch, store }, server.meeting);
    await follower.start();
    server.misbehave.otherServiceKey = true;
    server.sign();
    await expect(follower.follow()).rejects.toMatchObject({ reason: 'bad_signature' });
  });
});
