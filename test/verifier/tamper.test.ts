/**
 * The tamper suite (issue 6): from a valid recorded meeting, each change a dishonest server
 * could make — re-signing every checkpoint with its own key — must fail the verifier at the
 * SEMANTIC check that catches it, not at a signature.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newBallotKey, signBallot, type SignedBallot } from '../../crypto/ballot';
import { bytesToHex } from '../../crypto/bytes';
import { cosign, generateCosignerKey } from '../../crypto/cosignature';
import { entryLeafHash, type LogEntryObject } from '../../crypto/log-entry';
import { generateNoteKey } from '../../crypto/signed-note';
import { signTokenDirect } from '../../crypto/token';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { verifyRecord, type CheckId, type MeetingRecord } from '../../src/verifier';
import {
  ORIGIN,
  checkpointNote,
  findEntry,
  finalBody,
  newKeys,
  standardMeeting,
  tamper,
  type Keys,
  type MeetingBuilder,
} from './fixtures';

type E = LogEntryObject & Record<string, any>;

let keys: Keys;
let builder: MeetingBuilder;
let clean: MeetingRecord;
let cosigned: MeetingRecord;

beforeAll(() => {
  keys = newKeys();
  builder = standardMeeting(keys);
  clean = builder.record();
  cosigned = builder.record({ cosign: ['organization', 'discipline'] });
});

function expectFailure(record: MeetingRecord, check: CheckId, entry?: number): void {
  const report = verifyRecord(record);
  expect(report.ok).toBe(false);
  expect(report.firstFailure?.id, report.firstFailure?.detail).toBe(check);
  if (entry !== undefined) expect(report.firstFailure?.entry).toBe(entry);
}

const ballotsOf = (entries: E[], item: string) => entries.filter((e) => e.type === 'ballot' && e.ballot.item === item);
const leaf = (e: LogEntryObject) => bytesToHex(entryLeafHash(e));

describe('the untouched record', () => {
  it('passes, cosigned or not', () => {
    expect(verifyRecord(clean).ok).toBe(true);
    expect(verifyRecord(cosigned).ok).toBe(true);
  });
  it('passes after a re-sign that changes nothing (the tamper helper itself is honest)', () => {
    expect(verifyRecord(tamper(clean, keys, () => {})).ok).toBe(true);
  });
});

describe('ballots', () => {
  it('a changed choice in one ballot fails ballot-signatures at that entry', () => {
    let at = -1;
    const r = tamper(clean, keys, (entries) => {
      at = findEntry(entries, (e) => e.type === 'ballot' && e.ballot.choices.nom_1 === 'disapprove');
      (entries[at] as E).ballot.choices.nom_1 = 'approve';
    });
    expectFailure(r, 'ballot-signatures', at);
  });

  it('a dropped ballot fails tally-counts', () => {
    const r = tamper(clean, keys, (entries) => {
      const i = findEntry(entries, (e) => e.type === 'ballot' && e.ballot.item === 'itm_b');
      entries.splice(i, 1);
    });
    expectFailure(r, 'tally-counts');
  });

  it('an added ballot with a well-formed token that no logged key signed fails token-signatures', () => {
    let at = -1;
    const r = tamper(clean, keys, (entries) => {
      const key = entries.find((e) => e.type === 'key' && e.item === 'itm_a' && e.class === 'B') as E;
      const rogue = deriveIssuerKey(crypto.getRandomValues(new Uint8Array(32)), { meeting: 'mtg_test', item: 'itm_a', round: 1, klass: 'B' });
      const { secretKey, publicKey } = newBallotKey();
      const ballot = signBallot(
        { v: 1, meeting: 'mtg_test', item: 'itm_a', round: 1, class: 'B', key_id: key.key_id, ballot_pk: bytesToHex(publicKey), token_sig: bytesToHex(signTokenDirect(rogue.secretKey, hexBytes(key.key_id), publicKey)), choices: { nom_1: 'approve' } },
        secretKey,
      );
      at = insertSorted(entries, 'itm_a', ballot);
    });
    expectFailure(r, 'token-signatures', at);
  });

  it('an added ballot with a real but unissued token (the server minted it) fails ballots-within-issued', () => {
    const r = tamper(clean, keys, (entries) => {
      // Every observer already cast: a fourth B ballot has no token on the issuance roll.
      const ballot = builder.ballotFor({ item: 'itm_a', round: 1, purpose: 'vote' }, 'B', { nom_1: 'disapprove' });
      insertSorted(entries, 'itm_a', ballot);
      const close = entries.find((e) => e.type === 'close' && e.item === 'itm_a') as E;
      close.cast.B += 1;
    });
    expectFailure(r, 'ballots-within-issued');
  });

  it('a ballot key used twice fails ballot-key-unique', () => {
    let at = -1;
    const r = tamper(clean, keys, (entries) => {
      const bs = ballotsOf(entries as E[], 'itm_b');
      const first = bs[0]!.ballot as SignedBallot;
      const { sig: _sig, ...body } = first;
      // The same token and ballot key, other choices: a second ballot under one spent token.
      const twin = signBallot({ ...body, choices: { nom_2: first.choices.nom_2 === 'approve' ? 'abstain' : 'approve', nom_3: 'disapprove' } }, builder.ballotKeys.get(first.ballot_pk)!);
      // It replaces another ballot so the counts of ballots stay within the issued tokens.
      const victim = entries.indexOf(bs[1]!);
      entries.splice(victim, 1);
      const twinAt = insertSorted(entries, 'itm_b', twin);
      // The second of the two in log order is the one that reuses the key.
      at = Math.max(twinAt, entries.findIndex((e) => (e as E).ballot?.sig === first.sig));
    });
    expectFailure(r, 'ballot-key-unique', at);
  });

  it('ballots out of leaf-hash order fail ballot-order', () => {
    const r = tamper(clean, keys, (entries) => {
      const i = findEntry(entries, (e) => e.type === 'ballot' && e.ballot.item === 'itm_c');
      [entries[i], entries[i + 1]] = [entries[i + 1]!, entries[i]!];
    });
    expectFailure(r, 'ballot-order');
  });
});

describe('tallies, decisions, bars and announcements', () => {
  it('a changed count in a tally fails tally-counts at the tally', () => {
    let at = -1;
    const r = tamper(clean, keys, (entries) => {
      at = findEntry(entries, (e) => e.type === 'tally' && e.item === 'itm_a');
      (entries[at] as E).A.nominees[0].approve += 1;
    });
    expectFailure(r, 'tally-counts', at);
  });

  it('a changed B count fails tally-counts too (B is counted, never decides: R4)', () => {
    const r = tamper(clean, keys, (entries) => {
      const t = entries[findEntry(entries, (e) => e.type === 'tally' && e.item === 'itm_c')] as E;
      t.B.nominees[0].abstain -= 1;
      t.B.nominees[0].approve += 1;
    });
    expectFailure(r, 'tally-counts');
  });

  it('a changed decision fails tally-decision at the tally', () => {
    let at = -1;
    const r = tamper(clean, keys, (entries) => {
      at = findEntry(entries, (e) => e.type === 'tally' && e.item === 'itm_c');
      const t = entries[at] as E;
      t.A.nominees[0].approved = true;
      t.A.nominees[0].barred = false;
      t.bars = [];
    });
    expectFailure(r, 'tally-decision', at);
  });

  it('a missing bar fails bars', () => {
    const r = tamper(clean, keys, (entries) => {
      (entries[findEntry(entries, (e) => e.type === 'tally' && e.item === 'itm_c')] as E).bars = [];
    });
    expectFailure(r, 'bars');
  });

  it('an extra bar fails bars', () => {
    const r = tamper(clean, keys, (entries) => {
      const t = entries[findEntry(entries, (e) => e.type === 'tally' && e.item === 'itm_a')] as E;
      t.bars = [{ nominee: 'nom_1', post: 'post_itm_a', voteDate: '2026-03-02', liftsOn: '2027-03-02', rule: 'disapprove-half' }];
    });
    expectFailure(r, 'bars');
  });

  it('a bar lifting too early fails bars', () => {
    const r = tamper(clean, keys, (entries) => {
      const t = entries[findEntry(entries, (e) => e.type === 'tally' && e.item === 'itm_c')] as E;
      t.bars[0].liftsOn = '2026-09-02';
    });
    expectFailure(r, 'bars');
  });

  it('an announcement before its tally fails announced-equals-tally', () => {
    const r = tamper(clean, keys, (entries) => {
      const a = findEntry(entries, (e) => e.type === 'announce' && e.item === 'itm_c');
      const [announce] = entries.splice(a, 1);
      entries.splice(findEntry(entries, (e) => e.type === 'open' && e.item === 'itm_c') + 1, 0, announce!);
    });
    expectFailure(r, 'announced-equals-tally');
  });
});

describe('keys, tokens and presence', () => {
  it('a key entry after its first token fails key-before-token', () => {
    const r = tamper(clean, keys, (entries) => {
      const k = findEntry(entries, (e) => e.type === 'key' && e.item === 'itm_b' && e.class === 'A');
      const [key] = entries.splice(k, 1);
      entries.splice(findEntry(entries, (e) => e.type === 'issued' && e.item === 'itm_b' && e.class === 'A') + 1, 0, key!);
    });
    expectFailure(r, 'key-before-token');
  });

  it('a present count below the issued count fails issued-within-present', () => {
    let at = -1;
    const r = tamper(clean, keys, (entries) => {
      const open = entries[findEntry(entries, (e) => e.type === 'open' && e.item === 'itm_a')] as E;
      const gone = open.present.members.pop();
      open.presentCount.A -= 1;
      at = findEntry(entries, (e) => e.type === 'issued' && e.item === 'itm_a' && e.person === gone);
    });
    expectFailure(r, 'issued-within-present', at);
  });

  it('a token entry repeated for one member fails leaf-hashes (one entry, one leaf)', () => {
    let at = -1;
    const r = tamper(clean, keys, (entries) => {
      const i = findEntry(entries, (e) => e.type === 'issued' && e.item === 'itm_a');
      entries.splice(i + 1, 0, { ...entries[i]! });
      at = i + 1;
    });
    expectFailure(r, 'leaf-hashes', at);
  });

  it('a token to an observer on the class A roll fails issued-within-present', () => {
    const r = tamper(clean, keys, (entries) => {
      const i = findEntry(entries, (e) => e.type === 'issued' && e.item === 'itm_a' && e.class === 'B');
      (entries[i] as E).class = 'A';
    });
    expectFailure(r, 'issued-within-present');
  });
});

describe('checkpoints and cosignatures', () => {
  it('a checkpoint signed by another key fails checkpoint-signature', () => {
    const other = generateNoteKey(ORIGIN);
    const r = structuredClone(clean);
    r.checkpoints[1]!.note = checkpointNote(r.entries, r.checkpoints[1]!.size, other.signerKey);
    expectFailure(r, 'checkpoint-signature');
  });

  it('a checkpoint whose root is not the log at its size fails checkpoint-root', () => {
    const r = structuredClone(clean);
    const c = r.checkpoints[2]!;
    // Signed by the service key at the right size, but over a log whose last entry differs.
    const other = r.entries.slice(0, c.size - 1).concat(['sealvote/v1\n{"type":"end"}']);
    c.note = checkpointNote(other, c.size, keys.service.signerKey);
    expectFailure(r, 'checkpoint-root');
  });

  it('a checkpoint listed at another size than it signs fails checkpoint-root', () => {
    const r = structuredClone(clean);
    r.checkpoints[1]!.size += 1;
    expectFailure(r, 'checkpoint-root');
  });

  it('a final checkpoint that does not cover the whole log fails checkpoint-root', () => {
    const r = structuredClone(clean);
    r.checkpoints.pop();
    expectFailure(r, 'checkpoint-root');
  });

  it('a forged cosignature (right name, other key) fails cosignature', () => {
    const forger = generateCosignerKey('sealvote-discipline-test-county');
    const r = structuredClone(cosigned);
    r.cosignatures[1]!.line = cosign(finalBody(r), forger.signerKey, 1_772_416_800);
    expectFailure(r, 'cosignature');
  });

  it("one department's cosignature filed as the other's fails cosignature", () => {
    const r = structuredClone(cosigned);
    r.cosignatures[1]!.line = r.cosignatures[0]!.line;
    expectFailure(r, 'cosignature');
  });

  it('a cosignature over an earlier checkpoint fails cosignature', () => {
    const r = structuredClone(clean);
    const early = r.checkpoints[1]!;
    const body = early.note.slice(0, early.note.lastIndexOf('\n\n') + 1);
    r.cosignatures.push({ department: 'organization', checkpointSize: early.size, line: cosign(body, keys.departments.organization.signerKey, 1_772_416_800) });
    expectFailure(r, 'cosignature');
  });

  it('a record whose departments key differs from the trusted one fails cosignature', () => {
    const report = verifyRecord(cosigned, { trusted: { departments: { discipline: generateCosignerKey('x').verifierKey } } });
    expect(report.firstFailure?.id).toBe('cosignature');
  });
});

function hexBytes(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
}

/** Inserts a ballot entry among the item's ballots at its leaf-hash place; returns its index. */
function insertSorted(entries: LogEntryObject[], item: string, ballot: SignedBallot): number {
  const entry = { type: 'ballot', ballot } as LogEntryObject;
  const idx = entries.map((e, i) => [e, i] as const).filter(([e]) => e.type === 'ballot' && (e as E).ballot.item === item);
  const after = idx.find(([e]) => leaf(e) > leaf(entry));
  const at = after ? after[1] : idx[idx.length - 1]![1] + 1;
  entries.splice(at, 0, entry);
  return at;
}
