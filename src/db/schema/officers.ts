import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/** Officers log in with a password; members and observers never do (they redeem slips). */
export const OFFICER_ROLES = ['admin', 'clerk', 'presiding', 'inspector', 'filer'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

export const officers = sqliteTable('officers', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: OFFICER_ROLES }).notNull(),
  /** scrypt; the parameters live inside the encoded string so they can be raised later. */
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  disabledAt: integer('disabled_at'),
});

/** Only the SHA-256 of the session id is stored, so a database leak does not hand out sessions. */
export const officerSessions = sqliteTable(
  'officer_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    officerId: text('officer_id').notNull().references(() => officers.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('officer_sessions_officer').on(t.officerId)],
);

/** Failed attempts per key ('login-account:<name>', 'login-address:<ip>', 'slip:<meeting>:<ip>'). */
export const throttles = sqliteTable('throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStart: integer('window_start').notNull(),
  lockedUntil: integer('locked_until'),
});
