/**
 * What the co-issuer remembers for one meeting (docs/coissuance.md §5). Plain JSON, so the CLI
 * writes it to a file and the inspector page to IndexedDB; every change is kept BEFORE the
 * message that depends on it is sent, so a crash never loses a signature the service may hold.
 */
export type Klass = 'A' | 'B';
export type Purpose = 'vote' | 'motion';

export interface RosterEntry {
  class: Klass;
  name: string;
}

/** One signed partial: who asked, for which B (hash), the answer, and whether the service stored it. */
export interface IssuedRecord {
  class: Klass;
  /** SHA-256 of B, hex: a resend of the same B gets the same answer, another B is refused. */
  blindedHash: string;
  blinded: string;
  partial: string;
  sig: string;
  /** True once the service answered `stored: true`; only these are in the roll. */
  acked: boolean;
  /** The service answered `stored: false`: the answer never reached anyone. */
  dropped?: string;
}

export interface VoteState {
  item: string;
  round: number;
  purpose: Purpose;
  /** The key statement signed per class, with its signature: the vote's combined key. */
  keys: Partial<Record<Klass, { statement: import('../../crypto/coissuer-statements').KeyStatement; sig: string }>>;
  issued: Record<string, IssuedRecord>;
  /** Signed rolls per class; once any is signed the vote is closed for this co-issuer. */
  rolls: Partial<Record<Klass, { roll: import('../../crypto/coissuer-statements').Roll; sig: string; posted: boolean }>>;
  /** Set when the service holds answers this state does not know (a lost state file): refuse the vote. */
  stateLost?: boolean;
}

export interface CoissuerState {
  v: 1;
  meeting: string;
  /** The identity verifier key this state belongs to: a state file never serves another key. */
  coissuerKey: string;
  /** Frozen when the meeting is first seen open: the meeting's roster snapshot. */
  roster: Record<string, RosterEntry>;
  rosterFrozen: boolean;
  /** The officer's current decision per person. */
  presence: Record<string, 'present' | 'absent'>;
  /** Everyone the officer confirmed present at any time (a roll's `present`). */
  everPresent: string[];
  votes: Record<string, VoteState>;
}

export function voteId(v: { item: string; round: number; purpose: Purpose }): string {
  return `${v.item}|${v.round}|${v.purpose}`;
}

export function newState(meeting: string, coissuerKey: string): CoissuerState {
  return { v: 1, meeting, coissuerKey, roster: {}, rosterFrozen: false, presence: {}, everPresent: [], votes: {} };
}

/** Checks a loaded state belongs to this meeting and key; throws with the reason otherwise. */
export function checkLoadedState(state: unknown, meeting: string, coissuerKey: string): CoissuerState {
  const s = state as CoissuerState;
  if (!s || typeof s !== 'object' || s.v !== 1 || typeof s.votes !== 'object' || !Array.isArray(s.everPresent)) {
    throw new Error('the co-issuer state is not a sealvote co-issuer state (v1)');
  }
  if (s.meeting !== meeting) throw new Error(`the co-issuer state is for meeting ${s.meeting}, not ${meeting}`);
  if (s.coissuerKey !== coissuerKey) throw new Error('the co-issuer state was kept with another co-issuer key');
  return s;
}
