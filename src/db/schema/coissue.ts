import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { persons } from './committees';
import { items, meetings } from './meetings';
import { officers } from './officers';
import { VOTE_PURPOSES } from './live';

/**
 * Co-issuance (docs/coissuance.md): the discipline commission's co-issuer co-signs every token.
 * The rows here are the queue between the service and the co-issuer: nothing lives only in memory.
 */

/** Whether a committee's meetings are co-issued (the default for new ones is set by the API). */
export const ISSUANCE_MODES = ['service', 'coissued'] as const;
export type IssuanceMode = (typeof ISSUANCE_MODES)[number];

/**
 * The co-issuer's identity key registered for a meeting (C2SP verifier key, type 0x01). `sealedAt`
 * is set when the meeting opens co-issued: from then on the key and the mode cannot change.
 * `lastSeenAt` is the co-issuer's last request (online / offline on the console and tablets).
 */
export const meetingCoissuers = sqliteTable('meeting_coissuers', {
  meetingId: text('meeting_id').primaryKey().references(() => meetings.id),
  verifierKey: text('verifier_key').notNull(),
  registeredBy: text('registered_by').references(() => officers.id),
  registeredAt: integer('registered_at').notNull(),
  sealedAt: integer('sealed_at'),
  lastSeenAt: integer('last_seen_at'),
});

/** The co-issuer's signed key statement per vote and class: both shares and the combined key. */
export const coissuerKeys = sqliteTable(
  'coissuer_keys',
  {
    itemId: text('item_id').notNull().references(() => items.id),
    round: integer('round').notNull(),
    purpose: text('purpose', { enum: VOTE_PURPOSES }).notNull(),
    class: text('class', { enum: ['A', 'B'] }).notNull(),
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    /** JCS of the key statement (crypto/coissuer-statements.ts). */
    statement: text('statement').notNull(),
    sig: text('sig').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.round, t.purpose, t.class] }), index('coissuer_keys_meeting').on(t.meetingId)],
);

/**
 * One co-issuance request per person per vote (the primary key is the one-request rule). The
 * token row (tokens) is written only when the co-issuer's answer is stored, so the service's
 * roll is exactly the co-issued tokens. WITHOUT ROWID in the migration (no rowid order
 * of asking); a vote's rows are deleted by its close, in the close's own write, because a page's
 * cells still lie in the order they were written (issue 16; live/ballot-box.ts emptyVote).
 */
export const coissueRequests = sqliteTable(
  'coissue_requests',
  {
    itemId: text('item_id').notNull().references(() => items.id),
    round: integer('round').notNull(),
    purpose: text('purpose', { enum: VOTE_PURPOSES }).notNull(),
    personId: text('person_id').notNull().references(() => persons.id),
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    class: text('class', { enum: ['A', 'B'] }).notNull(),
    /** B, 48 B compressed G1, hex: what the co-issuer signs. */
    blinded: text('blinded').notNull(),
    blindedHash: text('blinded_hash').notNull(),
    /** S'_c and the co-issuer's answer signature, once answered. */
    partial: text('partial'),
    sig: text('sig'),
    refusal: text('refusal'),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.round, t.purpose, t.personId] }), index('coissue_requests_meeting').on(t.meetingId)],
);

/** The commission officer's decision per person, as the co-issuer last sent it. */
export const coissuerPresence = sqliteTable(
  'coissuer_presence',
  {
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    personId: text('person_id').notNull().references(() => persons.id),
    status: text('status', { enum: ['present', 'absent'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.personId] })],
);

/** The co-issuer's signed roll per closed vote and class (logged as a `coissued` entry). */
export const coissuerRolls = sqliteTable(
  'coissuer_rolls',
  {
    itemId: text('item_id').notNull().references(() => items.id),
    round: integer('round').notNull(),
    purpose: text('purpose', { enum: VOTE_PURPOSES }).notNull(),
    class: text('class', { enum: ['A', 'B'] }).notNull(),
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    roll: text('roll').notNull(),
    sig: text('sig').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.round, t.purpose, t.class] }), index('coissuer_rolls_meeting').on(t.meetingId)],
);
