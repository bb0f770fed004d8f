/**
 * The ballot box (src/domain/live/ballot-box.ts): sealed rows that say nothing without the
 * secrets, a resend recognised before and after the close, a ballot key used once a meeting.
 */
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { afterEach, describe, expect, it } from 'vitest';
import { signBallot, newBallotKey, type SignedBallot } from '../../crypto/ballot';
import { bytesToHex } from '../../crypto/bytes';
import type { Db } from '../../src/db/client';
import { ballotRowKey, boxBallot, openBallot, sealBallot, type BoxVote } from '../../src/domain/live/ballot-box';
import { testConfig, type TestApp } from '../support/app';
import { TabletClient } from '../support/tablet';
import { openItem, openRoom, type Room } from '../security/fixture';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const vote: BoxVote = { meetingId: 'mtg_a', itemId: 'itm_a', round: 1, purpose: 'vote' };

function ballotWith(choices: Record<string, 'approve' | 'disapprove' | 'abstain'>): SignedBallot {
  const key = newBallotKey();
  return signBallot(
    { v: 1, meeting: vote.meetingId, item: vote.itemId, round: 1, class: 'A', key_id: 'ab'.repeat(32), ballot_pk: bytesToHex(key.publicKey), token_sig: 'cd'.repeat(48), choices },
    key.secretKey,
  );
}

describe('sealing', () => {
  const config = testConfig();

  it('gives every ballot of a vote one sealed length, whatever its choices', async () => {
    const combos = [
      { n1: 'approve', n2: 'approve', n3: 'abstain' },
      { n1: 'disapprove', n2: 'disapprove', n3: 'disapprove' },
      { n1: 'abstain', n2: 'disapprove', n3: 'approve' },
    ] as const;
    const lengths = new Set<number>();
    for (const c of combos) {
      const b = ballotWith({ ...c });
      const row = ballotRowKey(config, vote.meetingId, b.ballot_pk);
      const sealed = await sealBallot(config, vote, row, b);
      lengths.add(sealed.length);
      expect(JSON.parse(await openBallot(config, vote, row, sealed))).toEqual(b);
    }
    expect(lengths.size).toBe(1);
  });

  it('opens only under its own vote, row key and master secret', async () => {
    const b = ballotWith({ n1: 'approve' });
    const row = ballotRowKey(config, vote.meetingId, b.ballot_pk);
    const sealed = await sealBallot(config, vote, row, b);
    await expect(openBallot(config, { ...vote, round: 2 }, row, sealed)).rejects.toThrow();
    await expect(openBallot(config, { ...vote, purpose: 'motion' }, row, sealed)).rejects.toThrow();
    await expect(openBallot(config, vote, ballotRowKey(config, vote.meetingId, 'ef'.repeat(32)), sealed)).rejects.toThrow();
    await expect(openBallot(testConfig(), vote, row, sealed)).rejects.toThrow();
    // A flipped byte of the ciphertext fails the tag.
    const bytes = Buffer.from(sealed, 'base64');
    bytes[20] = bytes[20]! ^ 1;
    await expect(openBallot(config, vote, row, bytes.toString('base64'))).rejects.toThrow();
  });

  it('keys a row by meeting: the same ballot key is one row in a meeting and unrelated across meetings', () => {
    const pk = 'ab'.repeat(32);
    expect(ballotRowKey(config, 'mtg_a', pk)).toBe(ballotRowKey(config, 'mtg_a', pk));
    expect(ballotRowKey(config, 'mtg_a', pk)).not.toBe(ballotRowKey(config, 'mtg_b', pk));
    expect(ballotRowKey(config, 'mtg_a', pk)).not.toContain(pk);
    expect(ballotRowKey(testConfig(), 'mtg_a', pk)).not.toBe(ballotRowKey(config, 'mtg_a', pk));
  });
});

describe('a failed ballot write', () => {
  it('is rethrown with the driver\'s code and words only, never the statement\'s parameters (a log line must not carry the row key)', async () => {
    const config = testConfig();
    const b = ballotWith({ n1: 'approve' });
    const row = ballotRowKey(config, vote.meetingId, b.ballot_pk);
    const driver = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    // As drizzle's async sessions (D1) report a failed statement: "Failed query: … params: …".
    const db = {
      all: async () => {
        throw new DrizzleQueryError('INSERT INTO ballots (row_key, …) SELECT ?, …', [row, vote.meetingId, vote.itemId, 1, 'vote', 'A', 'sealed…', b.ballot_pk], driver);
      },
    } as unknown as Db;
    const err = (await boxBallot(db, config, vote, 'A', b).catch((e: unknown) => e)) as Error & { code?: string; cause?: unknown };
    expect(err.message).toBe('storing a ballot failed: SQLITE_FULL database or disk is full');
    expect(err.code).toBe('SQLITE_FULL');
    expect(err.cause).toBeUndefined();
    for (const text of [err.message, err.stack ?? '']) {
      expect(text).not.toContain(row);
      expect(text).not.toContain(b.ballot_pk);
    }
  });
});

describe('the box around a close', () => {
  const cast = (r: Room, b: SignedBallot) => TabletClient.cast(async (p, init) => r.t.app.request(p, init), b);

  it('answers a resend after the close from the log, and refuses the ballot key in a later vote of the meeting', async () => {
    const r = await openRoom({ members: 3, observers: 0, items: [{ nominees: 1 }, { nominees: 1 }] });
    t = r.t;
    const [a, b] = r.m.items as [(typeof r.m.items)[0], (typeof r.m.items)[0]];
    await openItem(r, a.id);
    const token = await r.members[0]!.requestToken(a.id);
    const ballot = TabletClient.ballot(token, { [a.nomineeIds[0]!]: 'approve' });
    const first = await cast(r, ballot);
    expect(first.status).toBe(201);
    expect((await cast(r, ballot)).status).toBe(200);
    for (const m of r.members.slice(1)) await m.vote(a.id, { [a.nomineeIds[0]!]: 'disapprove' });
    expect((await r.call('POST', `/api/items/${a.id}/close`, { as: r.presiding })).status).toBe(200);
    // The box is empty; the progress of the closed vote comes from its result.
    expect((r.t.handle.sqlite.prepare('SELECT count(*) AS n FROM ballots').get() as { n: number }).n).toBe(0);
    expect((r.t.handle.sqlite.prepare('SELECT count(*) AS n FROM tokens').get() as { n: number }).n).toBe(0);
    expect((await r.call('GET', `/api/items/${a.id}/progress`)).body).toMatchObject({ cast: 3, issued: 3, present: 3 });
    // A tablet that lost the answer and sends again after the close gets its receipt.
    const again = await cast(r, ballot);
    expect(again).toMatchObject({ status: 200, body: { receipt: first.body.receipt } });
    // Another ballot under the same ballot key: refused, in this vote and in the next one.
    expect((await cast(r, TabletClient.ballot(token, { [a.nomineeIds[0]!]: 'disapprove' }))).body.code).toBe('ballot_conflict');
    await r.call('POST', `/api/items/${a.id}/announce`, { as: r.presiding });
    await openItem(r, b.id);
    const next = await r.members[0]!.requestToken(b.id);
    // The tablet reuses its old ballot key with a fresh token of the new vote (a valid token).
    const reuse = TabletClient.ballot({ ...next, ballotPk: token.ballotPk, ballotSecret: token.ballotSecret, tokenSig: next.tokenSig }, { [b.nomineeIds[0]!]: 'approve' });
    expect((await cast(r, reuse)).body.code).toBe('ballot_conflict');
  });
});
