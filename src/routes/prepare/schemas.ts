import { z } from '@hono/zod-openapi';
import { OFFICER_ROLES } from '../../db/schema';

// C0/C1 controls and the bidi overrides/isolates (Trojan Source, CVE-2021-42574): a name on a
// ballot or a slip must read the same to everyone who sees it.
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
const FORBIDDEN_CHARS_MULTILINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

/** A one-line string from a person: NFC-normalized, trimmed, no control or bidi-override characters. */
export const humanText = (max: number) =>
  z
    .string()
    .max(max * 2)
    .refine((s) => !FORBIDDEN_CHARS.test(s), 'must not contain control or bidi-override characters')
    .overwrite((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'must not be empty').max(max));

/** Multi-line text (a résumé): line feeds allowed, other controls and bidi overrides refused. */
export const humanMultiline = (max: number) =>
  z
    .string()
    .max(max * 2)
    .refine((s) => !FORBIDDEN_CHARS_MULTILINE.test(s.replace(/\r\n/g, '\n')), 'must not contain control or bidi-override characters')
    .overwrite((s) => s.replace(/\r\n/g, '\n').normalize('NFC').trim())
    .pipe(z.string().max(max));

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date 'YYYY-MM-DD'")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a calendar date')
  .openapi({ example: '2026-03-02' });

export const Id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-hjkmnp-tv-z]{20}$`), `must be a ${prefix}_ id`);

export const Role = z.enum(OFFICER_ROLES).openapi('OfficerRole');

export const Officer = z
  .object({ id: z.string(), username: z.string(), displayName: z.string(), role: Role })
  .openapi('Officer');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
  })
  .passthrough()
  .openapi('Problem');

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

/** The refusals every officer route can give, for the OpenAPI document. */
export const officerProblems = {
  400: problem('Malformed or invalid request (validation_failed, malformed_json)'),
  401: problem('No live session (unauthenticated)'),
  403: problem('Wrong role (forbidden) or missing CSRF token (csrf_failed)'),
} as const;

export const problems = {
  404: problem('Not found'),
  409: problem('Conflicts with the current state (e.g. meeting_locked, already_exists)'),
  422: problem('Refused by the voting rules (nominee_limit, nominee_barred, competitive_ratio)'),
  429: problem('Too many attempts (rate_limited); see retry-after'),
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const cookieAuth = [{ sessionCookie: [] }];
export const tabletAuth = [{ tabletBearer: [] }];
