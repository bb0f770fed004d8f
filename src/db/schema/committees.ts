import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const BAR_RULES = ['disapprove-half', 'not-approved'] as const; // R3 and its variant

export const committees = sqliteTable('committees', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** IANA zone; R3 dates are calendar dates here. */
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  barRule: text('bar_rule', { enum: BAR_RULES }).notNull().default('disapprove-half'),
  createdAt: integer('created_at').notNull(),
});

/** The roster: members cast A ballots, observers B ballots (R4). */
export const persons = sqliteTable(
  'persons',
  {
    id: text('id').primaryKey(),
    committeeId: text('committee_id').notNull().references(() => committees.id),
    kind: text('kind', { enum: ['member', 'observer'] }).notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    title: text('title').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** The roster order (排序): protocol order within the committee, 1 first; lists sort by it. */
    rank: integer('rank').notNull().default(0),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('persons_committee').on(t.committeeId)],
);

export const posts = sqliteTable(
  'posts',
  {
    id: text('id').primaryKey(),
    committeeId: text('committee_id').notNull().references(() => committees.id),
    unit: text('unit').notNull(),
    title: text('title').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('posts_unique').on(t.committeeId, t.unit, t.title)],
);

export const nominees = sqliteTable(
  'nominees',
  {
    id: text('id').primaryKey(),
    committeeId: text('committee_id').notNull().references(() => committees.id),
    name: text('name').notNull(),
    birthDate: text('birth_date').notNull(),
    currentPost: text('current_post').notNull(),
    resume: text('resume').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('nominees_committee').on(t.committeeId)],
);
