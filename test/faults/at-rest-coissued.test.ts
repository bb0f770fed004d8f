/**
 * Secrecy at rest in a co-issued meeting (issue 16 with issue 18's co-issuance): besides its
 * token row, every token request leaves a co-issuance request row — the person, the blinded
 * point B, the co-issuer's partial — and a page's cells lie in the order they were written, so
 * those rows are an order of issuance. Once the vote has closed no file may hold them: the copy
 * of the data directory taken right after the close (the co-issuer's roll not yet posted) and
 * the one taken after the roll is logged must hold no byte of any request, even for someone
 * with the service's secrets (these values are not encrypted at all).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Token } from '../../src/demo/tablet-client';
import { TabletClient } from '../../src/demo/tablet-client';
import { coissuedMeeting, type CoissuedLive } from '../api/coissue/harness';
import { fetcherOf } from '../support/tablet';
import { occurrences } from '../support/sqlite-forensics';

const FILES = ['sealvote.sqlite', 'sealvote.sqlite-wal', 'sealvote.sqlite-shm'];

let root: string | undefined;
let l: CoissuedLive | undefined;
afterAll(async () => {
  await l?.stop();
  l?.t.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Where any of the needles occurs in the copied files. */
function found(dir: string, needles: Buffer[]): string[] {
  const hits: string[] = [];
  for (const f of FILES) {
    const path = join(dir, f);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    for (const n of needles) for (const at of occurrences(bytes, n)) hits.push(`${f} @${at}`);
  }
  return hits;
}

describe('a copied data directory of a co-issued meeting (issue 16)', () => {
  it('holds no co-issuance request of a closed vote, before or after the co-issuer logs its roll', async () => {
    root = mkdtempSync(join(tmpdir(), 'sealvote-at-rest-coissued-'));
    const data = join(root, 'data');
    l = await coissuedMeeting({ members: 8, observers: 0, items: [{ nominees: 1 }], path: join(data, 'sealvote.sqlite') });
    const c = l;
    const item = c.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    c.start();
    const tablets = await c.tabletsFor(c.m.members, 'A');
    for (const p of c.m.members) await c.coissuer.confirm(p);
    await c.openStated();
    const opened = await c.post(`/api/items/${item.id}/open`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);

    // Tokens in one order, ballots in another.
    const tokenOrder = [3, 0, 6, 1, 7, 4, 2, 5];
    const castOrder = [5, 2, 7, 0, 3, 6, 1, 4];
    const tokens = new Map<number, Token>();
    for (const i of tokenOrder) tokens.set(i, await tablets[i]!.requestToken(item.id));
    const requests = c.t.handle.sqlite.prepare('SELECT person_id, blinded, blinded_hash, partial, sig FROM coissue_requests WHERE item_id = ?').all(item.id) as Array<Record<string, string>>;
    expect(requests).toHaveLength(8);
    for (const i of castOrder) {
      const res = await TabletClient.cast(fetcherOf(c.t), TabletClient.ballot(tokens.get(i)!, { [nominee]: i % 3 === 0 ? 'disapprove' : 'approve' }));
      expect(res.status).toBe(201);
    }
    // What a request leaves, as the service stores it (hex text) and as raw bytes.
    const needles = requests.flatMap((r) => [r.blinded!, r.blinded_hash!, r.partial!, r.sig!]).flatMap((h) => [Buffer.from(h, 'utf8'), Buffer.from(h, 'hex')]);
    const copy = (name: string) => {
      const dir = join(root!, 'copies', name);
      mkdirSync(dir, { recursive: true });
      for (const f of FILES) if (existsSync(join(data, f))) copyFileSync(join(data, f), join(dir, f));
      return dir;
    };
    // Mid-vote the requests are there (the service needs them): the needles do find them.
    expect(found(copy('mid'), needles).length).toBeGreaterThan(0);

    // Closed, the co-issuer away: its roll is not posted yet.
    await c.stop();
    const closed = await c.post(`/api/items/${item.id}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const afterClose = copy('closed');

    // The co-issuer comes back and logs its roll, which still matches the service's.
    const roll = c.next((e) => e.type === 'roll' && e.class === 'A');
    c.start();
    expect(await roll).toMatchObject({ issued: 8, matchesService: true });
    const afterRoll = copy('rolled');

    expect({
      'closed: request bytes': found(afterClose, needles),
      'rolled: request bytes': found(afterRoll, needles),
      'request rows left': (c.t.handle.sqlite.prepare('SELECT count(*) AS n FROM coissue_requests').get() as { n: number }).n,
    }).toEqual({ 'closed: request bytes': [], 'rolled: request bytes': [], 'request rows left': 0 });
  }, 120_000);
});
