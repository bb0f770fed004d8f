import { sqliteTable, text, integer, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { meetings } from './meetings';

/**
 * The meeting's append-only log (design.md "The record"). `idx` is the leaf index; the primary
 * key makes two concurrent appends at the same index impossible, so an append is
 * "INSERT at idx = current size" and a loser simply retries.
 */
export const logEntries = sqliteTable(
  'log_entries',
  {
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    idx: integer('idx').notNull(),
    type: text('type').notNull(),
    /** The entry bytes as text: "sealvote/v1\n" || JCS(object). */
    entry: text('entry').notNull(),
    leafHash: text('leaf_hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.idx] }),
    uniqueIndex('log_entries_leaf').on(t.meetingId, t.leafHash),
    // A receipt names only its leaf hash, not the meeting (GET /api/receipts/:leafHash).
    index('log_entries_receipt').on(t.leafHash),
  ],
);

/** Signed checkpoints (C2SP tlog-checkpoint in a signed note), one per size. */
export const checkpoints = sqliteTable(
  'checkpoints',
  {
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    size: integer('size').notNull(),
    rootHash: text('root_hash').notNull(),
    note: text('note').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.size] })],
);
