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
 * Cast ballots, keyed by the ephemeral ballot key. No person, tablet, address or time, and the
 * table is WITHOUT ROWID in the migration: a rowid would record arrival order (R7).
 */
export const ballots = sqliteTable(
  'ballots',
  {
    ballotPk: text('ballot_pk').primaryKey(),
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    itemId: text('item_id').notNull().references(() => items.id),
    round: integer('round').notNull(),
    purpose: text('purpose', { enum: VOTE_PURPOSES }).notNull(),
    class: text('class', { enum: ['A', 'B'] }).notNull(),
    /** JCS of the signed ballot, exactly as it goes into the log at close. */
    ballot: text('ballot').notNull(),
    /** The ballot's leaf hash (hex): its receipt, and its place in the sorted log. */
    receipt: text('receipt').notNull(),
  },
  (t) => [index('ballots_vote').on(t.itemId, t.round, t.purpose, t.class)],
);
