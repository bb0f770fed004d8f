import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

// The committee's policies are defined once, in src/rules/policies.ts (R3, R8, R2, R10).
import { BAR_RULES } from '../../rules/bar';
import { MAJORITY_POLICIES, MOTION_POLICIES, RATIO_POLICIES } from '../../rules/policies';
export { BAR_RULES, MAJORITY_POLICIES, MOTION_POLICIES, RATIO_POLICIES };
/** R13: the standing committee (常委会) and the full committee (全委会): src/rules/committee.ts. */
export const COMMITTEE_KINDS = ['standing', 'full'] as const;
/** Members vote (A); observers (列席) and a full committee's alternates (候补委员) cast B ballots. */
export const ROSTER_KINDS = ['member', 'observer', 'alternate'] as const;

/** Roles a roster entry can hold in the procedure (R11). */
export const ROSTER_ROLES = ['secretary'] as const;
export type RosterRole = (typeof ROSTER_ROLES)[number];

export const committees = sqliteTable('committees', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** IANA zone; R3 dates are calendar dates here. */
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  /** The committee's policies (src/rules/policies.ts), chosen when it is set up: R3's bar rule, */
  barRule: text('bar_rule', { enum: BAR_RULES }).notNull().default('disapprove-half'),
  /** R8's ratio, */
  ratioPolicy: text('ratio_policy', { enum: RATIO_POLICIES }).notNull().default('proportional'),
  /** R2's majority, */
  majorityPolicy: text('majority_policy', { enum: MAJORITY_POLICIES }).notNull().default('more-than-half'),
  /** and R10's motion threshold. */
  motionPolicy: text('motion_policy', { enum: MOTION_POLICIES }).notNull().default('more-than-half'),
  /** docs/coissuance.md: 'coissued' meetings need the discipline commission's co-issuer for every token. */
  issuance: text('issuance', { enum: ['service', 'coissued'] }).notNull().default('service'),
  /** Chosen at creation, never changed: a sealed record names it. */
  kind: text('kind', { enum: COMMITTEE_KINDS }).notNull().default('standing'),
  /** A full committee decides the nominations of this standing committee (R13). */
  standingCommitteeId: text('standing_committee_id'),
  createdAt: integer('created_at').notNull(),
});

/** The roster: members cast A ballots, observers and alternates B ballots (R4, R13). */
export const persons = sqliteTable(
  'persons',
  {
    id: text('id').primaryKey(),
    committeeId: text('committee_id').notNull().references(() => committees.id),
    kind: text('kind', { enum: ROSTER_KINDS }).notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    title: text('title').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** The roster order (排序): protocol order within the committee, 1 first; lists sort by it. */
    rank: integer('rank').notNull().default(0),
    /** R15: rules/identity.ts rosterKey(name); one roster entry per person. */
    identityKey: text('identity_key'),
    /**
     * A member's role in the procedure: 'secretary' (书记) states a view last in the discussion
     * (R11, 002 "县委书记不得提前表态"). At most one per committee (the partial unique index).
     */
    role: text('role', { enum: ROSTER_ROLES }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('persons_committee').on(t.committeeId),
    index('persons_identity').on(t.committeeId, t.identityKey),
    uniqueIndex('persons_secretary').on(t.committeeId).where(sql`role = 'secretary'`),
  ],
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
    /** R15: rules/identity.ts nomineeKey(name, birthDate); one nominee per person. */
    identityKey: text('identity_key'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('nominees_committee').on(t.committeeId), index('nominees_identity').on(t.committeeId, t.identityKey)],
);

export const IDENTITY_SUBJECTS = ['nominee', 'person'] as const;

/**
 * R15: the clerk's confirmation that a new nominee (or roster entry) is a different person
 * from the listed records that share its name and birth date (or name). Written in the same
 * batch as the record it admits; never changed. Bars (R3) do not pass between the two.
 */
export const identityConfirmations = sqliteTable(
  'identity_confirmations',
  {
    id: text('id').primaryKey(),
    committeeId: text('committee_id').notNull().references(() => committees.id),
    subject: text('subject', { enum: IDENTITY_SUBJECTS }).notNull(),
    /** The nominee or person admitted. */
    subjectId: text('subject_id').notNull(),
    /** JSON array of the ids it was confirmed distinct from. */
    distinctFrom: text('distinct_from').notNull(),
    confirmedBy: text('confirmed_by').notNull(),
    confirmedAt: integer('confirmed_at').notNull(),
  },
  (t) => [index('identity_confirmations_subject').on(t.committeeId, t.subject, t.subjectId)],
);
