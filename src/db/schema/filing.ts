import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';
import { meetings } from './meetings';
import { officers } from './officers';

/** The two filings (R4: "票决票1式2份由组织部和纪检委分别存档"). */
export const FILING_DEPARTMENTS = ['organization', 'discipline'] as const;
export type FilingDepartment = (typeof FILING_DEPARTMENTS)[number];

/**
 * Each department's cosigner verifier key (C2SP signed-note verifier key, type 0x04), made on
 * the department's own machine with `sealvote keygen` and registered here by the admin.
 */
export const departmentKeys = sqliteTable('department_keys', {
  department: text('department', { enum: FILING_DEPARTMENTS }).primaryKey(),
  verifierKey: text('verifier_key').notNull(),
  registeredBy: text('registered_by').references(() => officers.id),
  registeredAt: integer('registered_at').notNull(),
});

/**
 * One cosignature per department per meeting, over the meeting's final checkpoint. The key it
 * verified under is kept with it, so a later key change cannot orphan a filed record.
 */
export const cosignatures = sqliteTable(
  'cosignatures',
  {
    meetingId: text('meeting_id').notNull().references(() => meetings.id),
    department: text('department', { enum: FILING_DEPARTMENTS }).notNull(),
    checkpointSize: integer('checkpoint_size').notNull(),
    line: text('line').notNull(),
    verifierKey: text('verifier_key').notNull(),
    filedBy: text('filed_by').references(() => officers.id),
    filedAt: integer('filed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.department] })],
);
