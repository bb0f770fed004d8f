/**
 * The tablet's side of a co-issued vote (kiosk/src/lib/vote.ts, docs/coissuance.md §2.3, §3.3):
 * it checks each partial under its own logged share, adds them and unblinds; a wrong partial is
 * refused with the party at fault named; a 202 makes it wait and ask again with the same point.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { formatCheckpoint } from '../../crypto/checkpoint';
import { combinePublicKeys, deriveCoissuerShare, popProve, signPartialAnswer } from '../../crypto/coissue';
import { generateCoissuerKey, parseCoissuerSignerKey, signKeyStatement, type KeyStatement } from '../../crypto/coissuer-statements';
import { entryBytes } from '../../crypto/log-entry';
import { inclusionProof, leafHash, rootFromLeafHashes } from '../../crypto/merkle';
import { generateNoteKey, signNote } from '../../crypto/signed-note';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { blindSign, verifyToken } from '../../crypto/token';
import type { FetchLike } from '../../kiosk/src/lib/api';
import { LogFollower } from '../../kiosk/src/lib/log-check';
import { MemoryStore } from '../../kiosk/src/lib/store';
import { ensureToken, TokenRefused, TokenWaiting, type TabletSession } from '../../kiosk/src/lib/vote';

const session: TabletSession = {
  meetingId: 'm1',
  tabletToken: 'tablet-token',
  person: { id: 'p1', name: '张三', class: 'A' },
  meeting: { id: 'm1', title: '常委会', date: '2026-03-02' },
};
const target = { item: 'i1', subject: 'i1', round: 1, purpose: 'vote' as const };
const identity = parseCoissuerSignerKey(generateCoissuerKey('sealvote-coissuer-kiosk').signerKey);
const ctx = { meeting: 'm1', item: 'i1', round: 1, klass: 'A' as const };
const service = deriveIssuerKey(new Uint8Array(32).fill(7), ctx);
const commission = deriveCoissuerShare(identity.seed, ctx);
const combined = combinePublicKeys(service.publicKey, commission.publicKey);
const other = bytesToHex(bls12_381.G1.Point.BASE.multiply(5n).toBytes(true));

// The meeting's signed log, as the tablet proves its key in it (docs/tablet-checks.md §3): the
// co-issued key entry carries the co-issuer's signed key statement.
const statement: KeyStatement = {
  v: 1,
  meeting: 'm1',
  item: 'i1',
  round: 1,
  purpose: 'vote',
  class: 'A',
  public_key: bytesToHex(combined.publicKey),
  key_id: bytesToHex(combined.keyId),
  shares: {
    service: { public_key: bytesToHex(service.publicKey), pop: bytesToHex(popProve(service.secretKey)) },
    commission: { public_key: bytesToHex(commission.publicKey), pop: bytesToHex(popProve(commission.secretKey)) },
  },
};
const serviceLog = generateNoteKey('coissue.sealvote.test/log');
function keyProof(statementSig: string, coissuerKey = identity.verifierKey) {
  const { v: _v, meeting: _m, ...fields } = statement;
  const entries = [entryBytes({ type: 'meeting', meeting: { id: 'm1' } }), entryBytes({ type: 'key', ...fields, coissuer_sig: statementSig }), entryBytes({ type: 'open', item: 'i1', round: 1, purpose: 'vote' })];
  const leaves = entries.map((e) => leafHash(e));
  const note = signNote(formatCheckpoint({ origin: 'coissue.sealvote.test/log', size: 3, rootHash: rootFromLeafHashes(leaves) }), serviceLog.signerKey);
  const checkpoint = { size: 3, note };
  return {
    checkpoint: { meeting: 'm1', key: serviceLog.verifierKey, checkpoint, consistency: null },
    keyProof: {
      meeting: 'm1', key: serviceLog.verifierKey, checkpoint, consistency: null, item: 'i1', round: 1, purpose: 'vote',
      keys: [{ class: 'A', index: 1, entry: new TextDecoder().decode(entries[1]), proof: inclusionProof(leaves, 1).map(bytesToHex) }],
      coissuer: { verifierKey: coissuerKey },
    },
  };
}

type Misbehave = 'none' | 'service' | 'coissuer-signed' | 'altered';

function coissuedServer(misbehave: Misbehave = 'none', waits = 0, log = keyProof(signKeyStatement(identity.seed, statement))) {
  const sent: string[] = [];
  let left = waits;
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch: FetchLike = async (path, init = {}) => {
    if (path.startsWith('/api/meetings/m1/checkpoint')) return json(200, log.checkpoint);
    if (path.startsWith('/api/items/i1/key-proof')) return json(200, log.keyProof);
    if (path === '/api/items/i1/keys') {
      return json(200, {
        item: 'i1',
        meeting: 'm1',
        round: 1,
        purpose: 'vote',
        status: 'open',
        issuance: 'coissued',
        coissuer: { verifierKey: identity.verifierKey },
        keys: [{ class: 'A', publicKey: bytesToHex(combined.publicKey), keyId: bytesToHex(combined.keyId), shares: { service: bytesToHex(service.publicKey), commission: bytesToHex(commission.publicKey) } }],
      });
    }
    if (path === '/api/items/i1/tokens') {
      const { blinded } = JSON.parse(String(init.body)) as { blinded: string };
      sent.push(blinded);
      if (left > 0) {
        left--;
        return json(202, { status: 'waiting', reason: 'coissuer_offline', retryAfterS: 2 });
      }
      const b = hexToBytes(blinded, 48);
      let partial = bytesToHex(blindSign(commission.secretKey, b));
      let sig = bytesToHex(signPartialAnswer(identity.seed, combined.keyId, b, hexToBytes(partial)));
      if (misbehave === 'coissuer-signed') {
        partial = other;
        sig = bytesToHex(signPartialAnswer(identity.seed, combined.keyId, b, hexToBytes(partial)));
      }
      if (misbehave === 'altered') partial = other;
      return json(200, {
        status: 'issued',
        keyId: bytesToHex(combined.keyId),
        publicKey: bytesToHex(combined.publicKey),
        blindSignature: misbehave === 'service' ? other : bytesToHex(blindSign(service.secretKey, b)),
        coissuer: { partial, sig, verifierKey: identity.verifierKey },
      });
    }
    return json(404, { code: 'not_found' });
  };
  return { fetch, sent, env: (store: MemoryStore) => ({ fetch, store, log: new LogFollower({ fetch, store }, 'm1') }) };
}

describe('a co-issued token on the tablet', () => {
  it('adds the two checked partials and unblinds to a token under the combined key', async () => {
    const store = new MemoryStore();
    const rec = await ensureToken(coissuedServer().env(store), session, target);
    expect(rec.shares).toEqual({ service: bytesToHex(service.publicKey), commission: bytesToHex(commission.publicKey) });
    expect(verifyToken(combined.publicKey, combined.keyId, hexToBytes(rec.ballotPk), hexToBytes(rec.tokenSig!))).toBe(true);
  });

  it('waits on a 202 and asks again with the same blinded point', async () => {
    const store = new MemoryStore();
    const server = coissuedServer('none', 1);
    const env = server.env(store);
    await expect(ensureToken(env, session, target)).rejects.toMatchObject({ name: 'TokenWaiting', reason: 'coissuer_offline' });
    const rec = await ensureToken(env, session, target);
    expect(rec.tokenSig).toBeDefined();
    expect(server.sent).toHaveLength(2);
    expect(server.sent[0]).toBe(server.sent[1]);
    expect(TokenWaiting).toBeDefined();
  });

  const cases: Array<[Misbehave, Array<'service' | 'coissuer'>]> = [
    ['service', ['service']],
    ['coissuer-signed', ['coissuer']],
    ['altered', ['service']],
  ];
  for (const [misbehave, parties] of cases) {
    it(`a wrong partial (${misbehave}) is refused, naming ${parties.join(' and ')}`, async () => {
      const store = new MemoryStore();
      const err = await ensureToken(coissuedServer(misbehave).env(store), session, target).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TokenRefused);
      expect(err).toMatchObject({ reason: 'partial_wrong', parties });
      const kept = await store.get<{ tokenSig?: string }>('vote:i1:1');
      expect(kept?.tokenSig).toBeUndefined();
    });
  }

  it('refuses, before any token request, a co-issued key whose statement the named co-issuer did not sign', async () => {
    const impostor = parseCoissuerSignerKey(generateCoissuerKey('sealvote-coissuer-impostor').signerKey);
    for (const log of [keyProof(signKeyStatement(impostor.seed, statement)), keyProof(signKeyStatement(identity.seed, statement), impostor.verifierKey)]) {
      const server = coissuedServer('none', 0, log);
      const err = await ensureToken(server.env(new MemoryStore()), session, target).catch((e: unknown) => e);
      expect(err).toMatchObject({ reason: 'key_unproven', logProblem: 'bad_entry' });
      expect(server.sent).toEqual([]);
    }
  });
});
