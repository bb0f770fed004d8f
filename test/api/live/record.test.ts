import { afterEach, describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../crypto/bytes';
import { openCheckpoint } from '../../../crypto/checkpoint';
import { parseEntry } from '../../../crypto/log-entry';
import { leafHash, rootFromLeafHashes } from '../../../crypto/merkle';
import { checkpointKeys } from '../../../src/record/signer';
import { ballotsOf, liveMeeting, type Live } from './harness';

let live: Live | undefined;
afterEach(() => live?.t.close());

function readLog(l: Live) {
  const rows = l.t.handle.sqlite
    .prepare('SELECT idx, entry, leaf_hash FROM log_entries WHERE meeting_id = ? ORDER BY idx')
    .all(l.m.meetingId) as Array<{ idx: number; entry: string; leaf_hash: string }>;
  return rows.map((r) => ({ ...r, bytes: new TextEncoder().encode(r.entry) }));
}

describe('the meeting record', () => {
  it('logs a whole meeting whose root, recomputed from its entries, equals the signed checkpoint', async () => {
    live = await liveMeeting({ members: 7, observers: 2, items: [{ nominees: 1 }, { nominees: 1 }] });
    const [item, later] = live.m.items as [typeof live.m.items[0], typeof live.m.items[0]];
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members, observers } = await live.signIn(7, 2);
    await live.post(`/api/items/${item.id}/open`);
    const receipts = await live.voteAll(item.id, members.slice(0, 6), ballotsOf(item.nomineeIds[0]!, { approve: 5, disapprove: 1 }));
    await live.voteAll(item.id, observers, ballotsOf(item.nomineeIds[0]!, { approve: 1, abstain: 1 }));
    const result = await live.closeAndRead(item.id);
    expect(result.A.nominees[0].approved).toBe(true);
    // Not public before the announcement; public after (R12).
    expect((await live.get(`/api/items/${item.id}/result`)).status).toBe(401);
    expect((await live.post(`/api/items/${item.id}/announce`)).status).toBe(200);
    const pub = await live.get(`/api/items/${item.id}/result`);
    expect(pub.status).toBe(200);
    expect(pub.body.announced).toBe(true);
    // R9: postponed before it opens, with its reason; it can no longer be opened.
    const postponed = await live.post(`/api/items/${later.id}/postpone`, { reason: '意见分歧较大' });
    expect(postponed.status).toBe(200);
    expect((await live.post(`/api/items/${later.id}/open`)).status).toBe(409);
    expect((await live.post(`/api/items/${item.id}/postpone`, { reason: '太晚' })).status).toBe(409);
    const ended = await live.post(`/api/meetings/${live.m.meetingId}/close`);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);

    const log = readLog(live);
    const entries = log.map((e) => parseEntry(e.bytes));
    for (const e of log) expect(e.leaf_hash).toBe(Buffer.from(leafHash(e.bytes)).toString('hex'));
    const root = rootFromLeafHashes(log.map((e) => leafHash(e.bytes)));
    const { verifierKey } = checkpointKeys(live.t.deps.config);
    const cp = openCheckpoint(ended.body.checkpoint.note, verifierKey);
    expect(cp.size).toBe(log.length);
    expect(Buffer.from(cp.rootHash).toString('hex')).toBe(Buffer.from(root).toString('hex'));
    expect(ended.body.tallyHash).toBe(Buffer.from(root).toString('hex'));

    const types = entries.map((e) => e.type);
    expect(types[0]).toBe('meeting');
    expect(entries[0]).toMatchObject({ checkpointKey: verifierKey });
    // Keys before open, open before any issued entry; issued roll, ballots, close, tally.
    expect(types.slice(1, 4)).toEqual(['key', 'key', 'open']);
    const ballotEntries = log.filter((_, i) => types[i] === 'ballot');
    expect(ballotEntries).toHaveLength(8);
    const leaves = ballotEntries.map((e) => e.leaf_hash);
    expect(leaves).toEqual([...leaves].sort());
    for (const r of receipts) expect(leaves).toContain(r);
    expect(types.slice(-4)).toEqual(['tally', 'announce', 'postpone', 'end']);
    expect(types.filter((t) => t === 'issued')).toHaveLength(8);
    const issued = entries.filter((e) => e.type === 'issued').map((e) => e.person as string);
    expect(issued).toEqual([...issued].sort());
    // Nothing in a ballot entry names a person.
    const people = [...live.m.members, ...live.m.observers];
    for (const b of ballotEntries) for (const p of people) expect(b.entry).not.toContain(p);
    // Every checkpoint signed along the way verifies and is a prefix of the final log.
    const cps = live.t.handle.sqlite.prepare('SELECT size, root_hash, note FROM checkpoints WHERE meeting_id = ? ORDER BY size').all(live.m.meetingId) as Array<{ size: number; root_hash: string; note: string }>;
    expect(cps.length).toBe(4); // meeting opened, item opened, item closed, end
    for (const c of cps) {
      const opened = openCheckpoint(c.note, verifierKey);
      const prefix = rootFromLeafHashes(log.slice(0, c.size).map((e) => hexToBytes(e.leaf_hash, 32)));
      expect(Buffer.from(opened.rootHash).toString('hex')).toBe(Buffer.from(prefix).toString('hex'));
    }
    // The ballots table has no rowid: nothing records arrival order.
    expect(() => live!.t.handle.sqlite.prepare('SELECT rowid FROM ballots').all()).toThrow();
  });

  it('keeps the item decided when the reconsideration motion fails (R10)', async () => {
    live = await liveMeeting({ members: 7, items: [{ nominees: 1 }] });
    const item = live.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(7);
    expect((await live.post(`/api/items/${item.id}/reconsider`)).status).toBe(409); // nothing decided yet
    await live.post(`/api/items/${item.id}/open`);
    await live.voteAll(item.id, members, ballotsOf(nominee, { approve: 3, disapprove: 4 }));
    const first = await live.closeAndRead(item.id);
    expect(first.A.nominees[0]).toMatchObject({ approved: false, barred: true });
    await live.post(`/api/items/${item.id}/announce`);

    // A motion of round 1: 3 yes of 7 due fails (R10 needs more than half of those due).
    const motion = await live.post(`/api/items/${item.id}/reconsider`);
    expect(motion.status, JSON.stringify(motion.body)).toBe(200);
    expect(motion.body).toMatchObject({ purpose: 'motion', round: 1 });
    const yesNo = (yes: number, no: number) => ballotsOf('reconsider', { approve: yes, disapprove: no });
    await live.voteAll(item.id, members.slice(0, 6), yesNo(3, 3));
    const failed = await live.post(`/api/items/${item.id}/close`);
    expect(failed.body.result).toMatchObject({ passed: false, motion: { due: 7, yes: 3, no: 3, cast: 6 } });
    expect((await live.get(`/api/items/${item.id}/progress`)).body).toMatchObject({ round: 1, status: 'announced' });
    // One motion per round.
    expect((await live.post(`/api/items/${item.id}/reconsider`)).status).toBe(409);
  });

  it('starts round 2 with new keys when the motion passes; round 1 stays in the record, marked', async () => {
    live = await liveMeeting({ members: 7, items: [{ nominees: 1 }] });
    const item = live.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(7);
    await live.post(`/api/items/${item.id}/open`);
    const round1Key = (await members[0]!.keys(item.id)).keys[0]!.keyId;
    await live.voteAll(item.id, members, ballotsOf(nominee, { approve: 3, disapprove: 4 }));
    await live.closeAndRead(item.id);
    await live.post(`/api/items/${item.id}/announce`);
    await live.post(`/api/items/${item.id}/reconsider`);
    const motionKey = (await members[0]!.keys(item.id)).keys;
    expect(motionKey).toHaveLength(1);
    expect(motionKey[0]!.keyId).not.toBe(round1Key);
    await live.voteAll(item.id, members, ballotsOf('reconsider', { approve: 4, disapprove: 2, abstain: 1 }));
    const passed = await live.post(`/api/items/${item.id}/close`);
    expect(passed.body.result).toMatchObject({ passed: true, motion: { yes: 4 } });
    // R10: the reconsidered round's bar stands until round 2's tally replaces it.
    expect(live.t.handle.sqlite.prepare('SELECT round FROM bars').all()).toEqual([{ round: 1 }]);

    expect((await live.post(`/api/items/${item.id}/open`)).status).toBe(200);
    const round2 = await members[0]!.keys(item.id);
    expect(round2.round).toBe(2);
    expect(round2.keys[0]!.keyId).not.toBe(round1Key);
    await live.voteAll(item.id, members, ballotsOf(nominee, { approve: 5, disapprove: 2 }));
    const result = await live.closeAndRead(item.id);
    expect(result.round).toBe(2);
    expect(result.A.nominees[0]).toMatchObject({ approve: 5, approved: true });
    expect(live.t.handle.sqlite.prepare('SELECT count(*) AS n FROM bars').get()).toEqual({ n: 0 });

    const entries = readLog(live).map((e) => parseEntry(e.bytes));
    const reconsider = entries.find((e) => e.type === 'reconsider')!;
    expect(reconsider).toMatchObject({ item: item.id, round: 1, passed: true, reconsideredRound: 1, nextRound: 2 });
    expect(entries.filter((e) => e.type === 'tally').map((e) => e.round)).toEqual([1, 2]);
  });
});
