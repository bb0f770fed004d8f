import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { persons } from './committees';
import { items, meetings } from './meetings';

/** 'vote' is an item's ballot; 'motion' a reconsideration motion on one of its rounds (R10). */
export const VOTE_PURPOSES = ['vote', 'motion'] as const;
export type VotePurpose = (typeof VOTE_PURPOSES)[number];
/** 'closing' is set first by a close so no token or ballot can slip in while it is tallied. */
export const VOTE_STATUSES = ['open', 'closing', 'closed'] as const;

/**
 * One vote of an item: (item, round, purpose). Who was present when it opened is fixed here,
 * since tokens go only to them (the `open` log entry carries the same lists).
 */
export const votes = sqliteTable(
  'votes',
  {
    itemId: text('item_id').notNull().references(() => items.id),
    round: integer('round').notNull(),
    purpose: text('purpose', { enum: VOTE_PURPOSES }).notNull(),
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    status: text('status', { enum: VOTE_STATUSES }).notNull(),
    /** JSON array of person ids (members present at open, sorted). */
    presentMembers: text('present_members').notNull(),
    /** JSON array of person ids (observers present at open, sorted). */
    presentObservers: text('present_observers').notNull(),
    /** JSON of the tally (or the motion's result) once closed. */
    result: text('result'),
    /** R10: a later round replaced this one; it stays in the record, marked. */
    reconsidered: integer('reconsidered', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.round, t.purpose] }), index('votes_meeting').on(t.meetingId, t.status)],
);

/**
 * One blind token per person per vote: the primary key is the rule, so two concurrent
 * requests cannot both win. Only a hash of the blinded point is kept, to recognise a resend.
 * WITHOUT ROWID in the migration and no time: a rowid would record the order of issuance. The
 * rows of a vote are deleted by its close, which logs them as the issuance roll (by person).
 */
export const tokens = sqliteTable(
  'tokens',
  {
    itemId: text('item_id').notNull().references(() => items.id),
    round: integer('round').notNull(),
    purpose: text('purpose', { enum: VOTE_PURPOSES }).notNull(),
    personId: text('person_id').notNull().references(() => persons.id),
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    class: text('class', { enum: ['A', 'B'] }).notNull(),
    blindedHash: text('blinded_hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.round, t.purpose, t.personId] }), index('tokens_class').on(t.itemId, t.round, t.purpose, t.class)],
);

/**
 * The ballots of votes not yet closed, sealed (src/domain/live/ballot-box.ts). A row names its
 * vote and class (for `cast ≤ issued`) and nothing that links it to a published ballot without
 * the service's secrets: the key is an HMAC of the ballot key under a meeting key, the ballot
 * is AES-GCM-sealed under a vote key and padded to one length per vote. WITHOUT ROWID in the
 * migration (a rowid would record arrival order, R7). A close logs the vote's ballots by leaf
 * hash and deletes its rows (secure_delete zeroes them).
 */
export const ballots = sqliteTable(
  'ballots',
  {
    rowKey: text('row_key').primaryKey(),
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    itemId: text('item_id').notNull().references(() => items.id),
    round: integer('round').notNull(),
    purpose: text('purpose', { enum: VOTE_PURPOSES }).notNull(),
    class: text('class', { enum: ['A', 'B'] }).notNull(),
    /** base64(nonce || AES-256-GCM(padded JCS of the signed ballot)). */
    sealed: text('sealed').notNull(),
  },
  (t) => [index('ballots_vote').on(t.itemId, t.round, t.purpose, t.class)],
);

/**
 * Ballot keys of the meeting's closed votes: a ballot key is used once per meeting (the
 * verifier's `ballot-key-unique`), so a later vote refuses one already logged. Public already
 * (the log has the ballots); written by the close in key order, WITHOUT ROWID.
 */
export const spentBallotKeys = sqliteTable(
  'spent_ballot_keys',
  {
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    ballotPk: text('ballot_pk').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.ballotPk] })],
);
