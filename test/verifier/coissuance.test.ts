/**
 * coissuer-keys and coissuer-rolls (src/verifier/coissuance.ts): a co-issued meeting run through
 * the API with the real co-issuer loop, then changed the way an operator holding the service's
 * keys (master secret, checkpoint key, database) could — every changed record re-signed with the
 * service's checkpoint key — so only the co-issuance checks can catch it.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBallot } from '../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { popProve } from '../../crypto/coissue';
import { generateCoissuerKey, parseCoissuerSignerKey, signKeyStatement } from '../../crypto/coissuer-statements';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import type { LogEntryObject } from '../../crypto/log-entry';
import { signTokenDirect } from '../../crypto/token';
import { checkpointKeys } from '../../src/record/signer';
import { formatReport, verifyRecord, type CheckId, type MeetingRecord } from '../../src/verifier';
import { coissuedMeeting, type CoissuedLive } from '../api/coissue/harness';
import { ballotsOf } from '../api/live/harness';
import { tamper, type Keys } from './fixtures';

type E = LogEntryObject & Record<string, any>;

let l: CoissuedLive;
let record: MeetingRecord;
let keys: Keys;

beforeAll(async () => {
  l = await coissuedMeeting({ members: 7, observers: 1, items: [{ nominees: 1 }] });
  const c = l;
  const item = c.m.items[0]!;
  c.start();
  const members = await c.tabletsFor(c.m.members.slice(0, 6), 'A');
  await c.tabletsFor(c.m.members.slice(6), 'A');
  await c.tabletsFor(c.m.observers, 'B');
  for (const p of [...c.m.members.slice(0, 6), ...c.m.observers]) await c.coissuer.confirm(p);
  await c.openStated();
  expect((await c.post(`/api/items/${item.id}/open`)).status).toBe(200);
  // Five of the six present vote: one token stays unspent, so a minted ballot would fit the roll.
  await c.voteAll(item.id, members.slice(0, 5), ballotsOf(item.nomineeIds[0]!, { approve: 4, disapprove: 1 }));
  const rolls = [c.next((e) => e.type === 'roll' && e.class === 'A'), c.next((e) => e.type === 'roll' && e.class === 'B')];
  await c.closeAndRead(item.id);
  await Promise.all(rolls);
  expect((await c.post(`/api/items/${item.id}/announce`)).status).toBe(200);
  expect((await c.post(`/api/meetings/${c.m.meetingId}/close`)).status).toBe(200);
  record = (await c.get(`/api/meetings/${c.m.meetingId}/record`, { cookie: c.presiding.cookie })).body;
  keys = { master: c.t.deps.config.masterSecret, service: checkpointKeys(c.t.deps.config), departments: {} as Keys['departments'] };
}, 180_000);

afterAll(async () => {
  await l?.stop();
  l?.t.close();
});

function expectFailure(r: MeetingRecord, check: CheckId): void {
  const report = verifyRecord(r);
  expect(report.ok).toBe(false);
  expect(report.firstFailure?.id, report.firstFailure?.detail).toBe(check);
}

const keyEntry = (entries: LogEntryObject[], klass = 'A') => entries.find((e) => e.type === 'key' && (e as E).class === klass) as E;
const rollEntry = (entries: LogEntryObject[], klass = 'A') => entries.find((e) => e.type === 'coissued' && (e as E).class === klass) as E;

describe('a co-issued record', () => {
  it('passes every check, and the report says who issued', () => {
    const report = verifyRecord(record);
    expect(report.checks.filter((x) => x.status !== 'pass')).toEqual([]);
    expect(report.issuance).toMatchObject({ mode: 'coissued', coissuer: l.identity.verifierKey, pinned: false });
    expect(formatReport(report)).toMatch(/issuance: co-issued with the discipline commission, co-issuer fingerprint [0-9a-f ]+ FROM THE FILE/);
    expect(verifyRecord(record, { trusted: { coissuerKey: l.identity.verifierKey } }).issuance).toMatchObject({ pinned: true });
  });

  it('a pinned co-issuer key that is not the record\'s fails coissuer-keys', () => {
    const other = generateCoissuerKey('sealvote-coissuer-other').verifierKey;
    const report = verifyRecord(record, { trusted: { coissuerKey: other } });
    expect(report.firstFailure?.id).toBe('coissuer-keys');
  });
});

describe('what an operator with the service keys and the database cannot pass off', () => {
  it('a ballot minted with the service share alone (fitting the unspent token) fails token-signatures', () => {
    const c = l;
    const item = c.m.items[0]!;
    const r = tamper(record, keys, (entries) => {
      const key = keyEntry(entries);
      const service = deriveIssuerKey(keys.master, { meeting: c.m.meetingId, item: item.id, round: 1, klass: 'A' });
      const ballotSk = crypto.getRandomValues(new Uint8Array(32));
      const ballotPk = ed25519.getPublicKey(ballotSk);
      const token = signTokenDirect(service.secretKey, hexToBytes(key.key_id, 32), ballotPk);
      const ballot = signBallot(
        { v: 1, meeting: c.m.meetingId, item: item.id, round: 1, class: 'A', key_id: key.key_id, ballot_pk: bytesToHex(ballotPk), token_sig: bytesToHex(token), choices: { [item.nomineeIds[0]!]: 'approve' } },
        ballotSk,
      );
      const at = entries.findIndex((e) => e.type === 'close');
      entries.splice(at, 0, { type: 'ballot', ballot });
      (entries[at + 1] as E).cast.A += 1;
    });
    const report = verifyRecord(r);
    expect(report.checks.find((x) => x.id === 'token-signatures')?.status).toBe('fail');
  });

  it('a key the service made its own (a rogue share, whatever proof) fails coissuer-keys', () => {
    // pk_c' = x·G2 and a valid proof for it: the combined key is then the service's alone, but the
    // co-issuer never stated it.
    const r = tamper(record, keys, (entries) => {
      const key = keyEntry(entries);
      const own = deriveIssuerKey(new Uint8Array(32).fill(5), { meeting: 'x', item: 'y', round: 1, klass: 'A' });
      key.shares.commission = { public_key: bytesToHex(own.publicKey), pop: bytesToHex(popProve(own.secretKey)) };
    });
    expectFailure(r, 'coissuer-keys');
  });

  it('a share whose proof of possession fails, even under a statement the co-issuer signed, fails coissuer-keys', () => {
    // The co-issuer's own key file is used here to sign: only the proof is wrong.
    const seedKey = parseCoissuerSignerKey(generateCoissuerKey('sealvote-coissuer-x').signerKey);
    const r = tamper(record, keys, (entries) => {
      (entries[0] as E).issuance.coissuer = seedKey.verifierKey;
      for (const e of entries.filter((x) => x.type === 'key') as E[]) {
        e.shares.service.pop = e.shares.commission.pop;
        const { type: _t, coissuer_sig: _s, ...rest } = e;
        e.coissuer_sig = signKeyStatement(seedKey.seed, { v: 1, meeting: l.m.meetingId, ...rest } as never);
      }
    });
    expectFailure(r, 'coissuer-keys');
  });

  it('a combined key that is not the sum of the shares fails coissuer-keys', () => {
    const r = tamper(record, keys, (entries) => {
      const key = keyEntry(entries);
      key.shares.service = { ...keyEntry(entries, 'B').shares.service };
    });
    expectFailure(r, 'coissuer-keys');
  });

  it('a key entry stripped of its shares, or its statement signature changed, fails coissuer-keys', () => {
    expectFailure(
      tamper(record, keys, (entries) => {
        const key = keyEntry(entries);
        delete key.shares;
        delete key.coissuer_sig;
      }),
      'coissuer-keys',
    );
    expectFailure(
      tamper(record, keys, (entries) => {
        const key = keyEntry(entries);
        key.coissuer_sig = `${key.coissuer_sig.slice(0, -2)}${key.coissuer_sig.endsWith('00') ? '01' : '00'}`;
      }),
      'coissuer-keys',
    );
  });

  it('the service lists one more person as issued than the co-issuer co-signed: coissuer-rolls', () => {
    const absent = l.m.members[6]!;
    const r = tamper(record, keys, (entries) => {
      const at = entries.findIndex((e) => e.type === 'issued' && (e as E).class === 'A');
      const open = entries.find((e) => e.type === 'open') as E;
      open.present.members = [...open.present.members, absent].sort();
      open.presentCount.A += 1;
      const issued = entries.filter((e) => e.type === 'issued' && (e as E).class === 'A') as E[];
      const mine = { ...issued[0]!, person: absent };
      entries.splice(at, issued.length, ...[...issued, mine].sort((a, b) => (a.person < b.person ? -1 : 1)));
      const close = entries.find((e) => e.type === 'close') as E;
      close.issued.A += 1;
      const tally = entries.find((e) => e.type === 'tally') as E;
      tally.A.present += 1;
      tally.A.issued += 1;
      tally.A.notCast += 1;
    });
    expectFailure(r, 'coissuer-rolls');
  });

  it('the clerk seats someone the commission never confirmed: coissuer-rolls', () => {
    const absent = l.m.members[6]!;
    const r = tamper(record, keys, (entries) => {
      const open = entries.find((e) => e.type === 'open') as E;
      open.present.members = [...open.present.members, absent].sort();
      open.presentCount.A += 1;
      const tally = entries.find((e) => e.type === 'tally') as E;
      tally.A.present += 1;
      tally.A.notCast += 1;
    });
    expectFailure(r, 'coissuer-rolls');
  });

  it('a roll changed, dropped, or under another key id fails coissuer-rolls', () => {
    expectFailure(
      tamper(record, keys, (entries) => {
        rollEntry(entries).issued = rollEntry(entries).issued.slice(1);
      }),
      'coissuer-rolls',
    );
    expectFailure(
      tamper(record, keys, (entries) => {
        rollEntry(entries).key_id = rollEntry(entries, 'B').key_id;
      }),
      'coissuer-rolls',
    );
    expectFailure(
      tamper(record, keys, (entries) => entries.filter((e) => e !== rollEntry(entries))),
      'coissuer-rolls',
    );
    expectFailure(
      tamper(record, keys, (entries) => {
        const roll = rollEntry(entries);
        roll.sig = roll.sig.replace(/^./, (ch: string) => (ch === '0' ? '1' : '0'));
      }),
      'coissuer-rolls',
    );
  });

  it('a co-issued record stripped of its issuance (read as the service alone, record-spec §6.1) fails coissuer-keys', () => {
    const r = tamper(record, keys, (entries) => {
      delete (entries[0] as E).issuance;
    });
    const report = verifyRecord(r);
    expect(report.checks.find((x) => x.id === 'entry-format')?.status).toBe('pass');
    expect(report.firstFailure?.id).toBe('coissuer-keys');
  });

  it('a co-issued record relabelled as issued by the service alone fails', () => {
    const r = tamper(record, keys, (entries) => {
      (entries[0] as E).issuance = { mode: 'service' };
    });
    const report = verifyRecord(r);
    expect(report.ok).toBe(false);
    expect(report.checks.filter((x) => x.status === 'fail').map((x) => x.id)).toEqual(expect.arrayContaining(['coissuer-keys']));
  });
});
