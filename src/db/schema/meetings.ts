import { sqliteTable, text, integer, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { committees, nominees, persons, posts, ROSTER_KINDS, ROSTER_ROLES } from './committees';

export const MEETING_STATUSES = ['draft', 'open', 'closed'] as const;
export const ITEM_STATUSES = ['pending', 'open', 'closed', 'announced', 'postponed'] as const;
/** 任免: an appointment, or a removal (免职) of one person from a post (src/rules/item-kind.ts). */
export const ITEM_KINDS = ['appointment', 'removal'] as const;
/** R13: a meeting in a room, or a written consultation (书面征求意见, docs/full-committee.md §5; src/rules/consultation.ts). */
export const MEETING_KINDS = ['sitting', 'consultation'] as const;

export const meetings = sqliteTable('meetings', {
  id: text('id').primaryKey(),
  committeeId: text('committee_id').notNull().references(() => committees.id),
  date: text('date').notNull(), // 'YYYY-MM-DD' in the committee's zone
  title: text('title').notNull(),
  status: text('status', { enum: MEETING_STATUSES }).notNull().default('draft'),
  kind: text('kind', { enum: MEETING_KINDS }).notNull().default('sitting'),
  /** A consultation's last day ('YYYY-MM-DD', committee zone, inclusive); null for a sitting. */
  closesOn: text('closes_on'),
  openedAt: integer('opened_at'),
  closedAt: integer('closed_at'),
  createdAt: integer('created_at').notNull(),
});

/**
 * The meeting's roster snapshot: class A rows are the members DUE (R1/R2 denominator), class B
 * the observers. Names are copied so a later roster edit cannot change a sealed meeting.
 * Presence (signed in and not signed out) is kept here, never beside a ballot.
 */
export const attendees = sqliteTable(
  'attendees',
  {
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    personId: text('person_id').notNull().references(() => persons.id),
    class: text('class', { enum: ['A', 'B'] }).notNull(),
    /** The roster kind (persons.kind), copied like the name: an observer or an alternate member both cast B. */
    kind: text('kind', { enum: ROSTER_KINDS }).notNull().default('observer'),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    title: text('title').notNull(),
    excusedReason: text('excused_reason'),
    /** The person's roster rank (排序), copied like the name; kept in step while the meeting is a draft. */
    rank: integer('rank').notNull().default(0),
    signedInAt: integer('signed_in_at'),
    signedOutAt: integer('signed_out_at'),
    /** The person's procedural role (persons.role), copied like the name: the meeting's secretary (R11). */
    role: text('role', { enum: ROSTER_ROLES }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.personId] })],
);

export const items = sqliteTable(
  'items',
  {
    id: text('id').primaryKey(),
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    kind: text('kind', { enum: ITEM_KINDS }).notNull().default('appointment'),
    postId: text('post_id').notNull().references(() => posts.id),
    seats: integer('seats').notNull().default(1), // k (R8)
    openSelection: integer('open_selection', { mode: 'boolean' }).notNull().default(false),
    passRule: text('pass_rule', { enum: ['majority', 'two-thirds'] }).notNull().default('majority'),
    status: text('status', { enum: ITEM_STATUSES }).notNull().default('pending'),
    round: integer('round').notNull().default(1),
    postponedReason: text('postponed_reason'),
    /**
     * R9 follow-up ("会后及时查清,避免久拖不决"): the postponed item of an earlier meeting this one
     * takes up again, that meeting, and the leaf hash of its `postpone` entry. Each postponed
     * item is taken up by at most one item (the unique index).
     */
    followsUpItemId: text('follows_up_item_id'),
    followsUpMeetingId: text('follows_up_meeting_id'),
    followsUpLeaf: text('follows_up_leaf'),
    /** R13: a standing committee's item that only nominates; the full committee decides (docs/full-committee.md §4). */
    nominates: integer('nominates', { mode: 'boolean' }).notNull().default(false),
    /**
     * A full committee's item deciding a standing committee's nomination: the JSON citation
     * logged in the agenda (the standing meeting, item, round, tally hash, nominee and post), and
     * the cited item and nominee, by which one nomination stands on one live item at a time.
     */
    cites: text('cites'),
    citesItemId: text('cites_item_id'),
    citesNomineeId: text('cites_nominee_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('items_meeting').on(t.meetingId), uniqueIndex('items_follows_up').on(t.followsUpItemId), index('items_cites').on(t.citesItemId, t.citesNomineeId)],
);

/** meetingId is repeated here so R5 (≤ 30 distinct nominees a meeting) is one conditional INSERT. */
export const itemNominees = sqliteTable(
  'item_nominees',
  {
    itemId: text('item_id').notNull().references(() => items.id),
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    nomineeId: text('nominee_id').notNull().references(() => nominees.id),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.nomineeId] }), index('item_nominees_meeting').on(t.meetingId, t.nomineeId)],
);

/**
 * The dossier of one person on one item (介绍拟任免人选情况, docs/full-committee.md §3,
 * src/rules/dossier.ts): logged in the agenda with the nominee.
 */
export const itemDossiers = sqliteTable(
  'item_dossiers',
  {
    itemId: text('item_id').notNull().references(() => items.id),
    nomineeId: text('nominee_id').notNull().references(() => nominees.id),
    source: text('source', { enum: ['organization', 'personal'] }).notNull(),
    recommender: text('recommender'),
    relationship: text('relationship'),
    declaration: integer('declaration', { mode: 'boolean' }),
    recommendation: text('recommendation').notNull(),
    examination: text('examination').notNull(),
    reasons: text('reasons').notNull(),
    vacancy: text('vacancy').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.nomineeId] })],
);

/** One-time sign-in codes (签到): only an HMAC of the code is stored. */
export const slips = sqliteTable(
  'slips',
  {
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    personId: text('person_id').notNull().references(() => persons.id),
    codeHash: text('code_hash').notNull(),
    issuedAt: integer('issued_at').notNull(),
    redeemedAt: integer('redeemed_at'),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.personId] }), uniqueIndex('slips_code').on(t.codeHash)],
);

/** A tablet's session for one person in one meeting; only the token's hash is stored. */
export const tabletSessions = sqliteTable(
  'tablet_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    personId: text('person_id').notNull().references(() => persons.id),
    createdAt: integer('created_at').notNull(),
    endedAt: integer('ended_at'),
  },
  (t) => [index('tablet_sessions_person').on(t.meetingId, t.personId)],
);

/** R3 rejection bars: the nominee may not be nominated for this post before liftsOn. */
export const bars = sqliteTable(
  'bars',
  {
    id: text('id').primaryKey(),
    committeeId: text('committee_id').notNull().references(() => committees.id),
    nomineeId: text('nominee_id').notNull().references(() => nominees.id),
    postId: text('post_id').notNull().references(() => posts.id),
    meetingId: text('meeting_id'),
    itemId: text('item_id'),
    round: integer('round'),
    voteDate: text('vote_date').notNull(),
    liftsOn: text('lifts_on').notNull(),
    rule: text('rule').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('bars_nominee_post').on(t.nomineeId, t.postId), uniqueIndex('bars_vote').on(t.nomineeId, t.postId, t.itemId, t.round)],
);
