/**
 * Concurrency (issue 9): 50 simultaneous casts of one token, 50 simultaneous token requests of
 * one member, and several meetings voting at once without touching each other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newBallotKey } from '../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { blind } from '../../crypto/token';
import { buildRecord } from '../../src/domain/record/build-record';
import { verifyRecord } from '../../src/verifier';
import { makeTestApp, type TestApp } from '../support/app';
import { TabletClient } from '../support/tablet';
import { openItem, openRoom, reply, type Room } from '../security/fixture';

const N = 50;
let t: TestApp | undefined;
afterEach(() => t?.close());

const castVia = (r: Room, b: unknown) => Promise.resolve(r.t.app.request('/api/ballots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) })).then(reply);

describe('concurrency', () => {
  it(`${N} simultaneous casts under one token: exactly one 201, the rest the same receipt or 409`, async () => {
    const r = await openRoom({ members: 5, observers: 0, items: [{ nominees: 2, seats: 1 }] });
    t = r.t;
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    const token = await r.members[0]!.requestToken(item.id);
    const [x, y] = item.nomineeIds as [string, string];
    const variants = [
      { [x]: 'approve', [y]: 'disapprove' },
      { [x]: 'disapprove', [y]: 'approve' },
      { [x]: 'abstain', [y]: 'abstain' },
    ] as const;
    const ballots = Array.from({ length: N }, (_, i) => TabletClient.ballot(token, { ...variants[i % 3]! }));
    const results = await Promise.all(ballots.map((b) => castVia(r, b)));
    const created = results.filter((res) => res.status === 201);
    expect(created).toHaveLength(1);
    const winner = created[0]!.body.receipt as string;
    for (const res of results) {
      if (res.status === 201) continue;
      if (res.status === 200) expect(res.body.receipt).toBe(winner);
      else {
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('ballot_conflict');
      }
    }
    expect((await r.call('GET', `/api/items/${item.id}/progress`)).body.cast).toBe(1);
    expect((r.t.handle.sqlite.prepare('SELECT count(*) AS n FROM ballots').get() as { n: number }).n).toBe(1);
    expect((await r.call('POST', `/api/items/${item.id}/close`, { as: r.presiding })).status).toBe(200);
    const logged = r.t.handle.sqlite.prepare("SELECT leaf_hash FROM log_entries WHERE meeting_id = ? AND type = 'ballot'").all(r.m.meetingId) as Array<{ leaf_hash: string }>;
    expect(logged.map((b) => b.leaf_hash)).toEqual([winner]);
  });

  it(`${N} simultaneous token requests of one member: exactly one token`, async () => {
    const r = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }] });
    t = r.t;
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    const keyId = hexToBytes((await r.members[0]!.keys(item.id)).keys[0]!.keyId, 32);
    const points = Array.from({ length: N }, () => bytesToHex(blind(keyId, newBallotKey().publicKey).blinded));
    const results = await Promise.all(
      points.map((blinded) =>
        Promise.resolve(
          r.t.app.request(`/api/items/${item.id}/tokens`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${r.members[0]!.bearer}` },
            body: JSON.stringify({ round: 1, class: 'A', blinded }),
          }),
        ).then(reply),
      ),
    );
    expect(results.filter((res) => res.status === 200)).toHaveLength(1);
    expect(results.filter((res) => res.status === 409).every((res) => res.body.code === 'token_already_issued')).toBe(true);
    expect(results.filter((res) => res.status === 409)).toHaveLength(N - 1);
    expect((r.t.handle.sqlite.prepare('SELECT count(*) AS n FROM tokens').get() as { n: number }).n).toBe(1);
  });

  it('several meetings vote at once and stay independent: each record verifies with its own ballots only', async () => {
    t = makeTestApp();
    const rooms: Room[] = [];
    for (let i = 0; i < 4; i++) {
      rooms.push(await openRoom({ t, members: 5 + i, observers: 1, items: [{ nominees: 1 }], clerkUsername: `clerk${i}`, presidingUsername: `presiding${i}` }));
    }
    await Promise.all(rooms.map((r) => openItem(r, r.m.items[0]!.id)));
    // Every tablet of every meeting votes at the same time; meeting i gets i disapprovals.
    const receipts = await Promise.all(
      rooms.map((r, i) =>
        Promise.all(
          r.members.map((m, j) => m.vote(r.m.items[0]!.id, { [r.m.items[0]!.nomineeIds[0]!]: j < i ? 'disapprove' : 'approve' })),
        ),
      ),
    );
    // A ballot of one meeting is refused at another's item.
    const stray = await rooms[0]!.observers[0]!.requestToken(rooms[0]!.m.items[0]!.id);
    const moved = TabletClient.ballot({ ...stray, meeting: rooms[1]!.m.meetingId, item: rooms[1]!.m.items[0]!.id }, { [rooms[1]!.m.items[0]!.nomineeIds[0]!]: 'approve' });
    expect((await castVia(rooms[1]!, moved)).status).toBe(400);
    const closed = await Promise.all(rooms.map((r) => r.call('POST', `/api/items/${r.m.items[0]!.id}/close`, { as: r.presiding })));
    for (const [i, r] of rooms.entries()) {
      expect(closed[i]!.status).toBe(200);
      expect(closed[i]!.body.result.A.nominees[0]).toMatchObject({ approve: r.members.length - i, disapprove: i });
      const record = await buildRecord(r.t.deps, r.m.meetingId);
      const report = verifyRecord(record);
      expect(report.firstFailure).toBeUndefined();
      expect(report.counts.ballots).toBe(r.members.length);
      const own = new Set(receipts[i]);
      for (const [k, other] of receipts.entries()) if (k !== i) for (const rc of other) expect(own.has(rc)).toBe(false);
      expect(record.entries.filter((e) => e.includes('"type":"ballot"'))).toHaveLength(r.members.length);
    }
  });
});
