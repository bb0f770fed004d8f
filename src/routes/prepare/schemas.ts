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
  409: problem('Conflicts with the current state (e.g. meeting_locked, already_exists, in_use, duplicate_nominee, duplicate_person)'),
  422: problem('Refused by the voting rules (nominee_limit, nominee_barred, competitive_ratio, meeting_date_passed)'),
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

export const READERS = ['clerk', 'presiding', 'inspector', 'filer'] as const;

export const TimeZone = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone, e.g. Asia/Shanghai')
  .openapi({ example: 'Asia/Shanghai' });

export const CommitteeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    barRule: z.enum(['disapprove-half', 'not-approved']),
    policies: z.object({ ratio: z.string(), majority: z.string(), bar: z.string(), motion: z.string() }),
    issuance: z.enum(['service', 'coissued']),
    kind: z.enum(['standing', 'full']).openapi({ description: 'R13: 常委会 (standing) or 全委会 (full)' }),
    standingCommitteeId: z.string().nullable().openapi({ description: 'A full committee: the standing committee whose nominations it decides' }),
    createdAt: z.number(),
  })
  .openapi('Committee');

export const PersonSchema = z
  .object({
    id: z.string(),
    committeeId: z.string(),
    kind: z.enum(['member', 'observer', 'alternate']).openapi({ description: 'member (A ballots); observer (列席) or alternate (候补委员, full committee only): B ballots' }),
    name: z.string(),
    unit: z.string(),
    title: z.string(),
    active: z.boolean(),
    role: z.enum(['secretary']).nullable(),
    rank: z.number().int().openapi({ description: 'Roster order (排序) within the kind, 1 first' }),
    createdAt: z.number(),
  })
  .openapi('Person');

export const PostSchema = z
  .object({ id: z.string(), committeeId: z.string(), unit: z.string(), title: z.string(), createdAt: z.number() })
  .openapi('Post');

export const NomineeSchema = z
  .object({
    id: z.string(),
    committeeId: z.string(),
    name: z.string(),
    birthDate: z.string(),
    currentPost: z.string(),
    resume: z.string(),
    createdAt: z.number(),
  })
  .openapi('Nominee');

export const MeetingSchema = z
  .object({
    id: z.string(),
    committeeId: z.string(),
    date: z.string(),
    title: z.string(),
    status: z.enum(['draft', 'open', 'closed']),
    kind: z.enum(['sitting', 'consultation']),
    closesOn: z.string().nullable(),
    openedAt: z.number().nullable(),
    closedAt: z.number().nullable(),
    createdAt: z.number(),
  })
  .openapi('Meeting');

export const AttendeeSchema = z
  .object({
    personId: z.string(),
    class: z.enum(['A', 'B']),
    name: z.string(),
    unit: z.string(),
    title: z.string(),
    kind: z.enum(['member', 'observer', 'alternate']).openapi({ description: 'R13: an observer (列席) or an alternate member (候补委员) both cast B' }),
    rank: z.number().int(),
    role: z.enum(['secretary']).nullable(),
    excusedReason: z.string().nullable(),
    signedInAt: z.number().nullable(),
    signedOutAt: z.number().nullable(),
    present: z.boolean(),
    slip: z.enum(['none', 'issued', 'redeemed']),
  })
  .openapi('Attendee');

export const CitationSchema = z
  .object({
    committee: z.string(),
    meeting: z.string(),
    item: z.string(),
    round: z.number().int(),
    tallyHash: z.string().openapi({ description: "The cited meeting's final checkpoint root (64 hex digits)" }),
    kind: z.enum(['appointment', 'removal']),
    nominee: z.object({ id: z.string(), name: z.string(), birthDate: z.string() }),
    post: z.object({ id: z.string(), unit: z.string(), title: z.string() }),
  })
  .openapi('Citation');

/** The dossier as a request gives it (PUT /items/{id}/dossiers/{nomineeId}). */
export const DossierInput = z
  .object({
    source: z.enum(['organization', 'personal']).openapi({ description: '提名来源: 组织推荐 (organization) or 个人推荐 (personal)' }),
    recommender: humanText(200).nullable().openapi({ description: 'The recommender (name and post): required for a personal recommendation; for an organization the recommending body, or null' }),
    relationship: humanText(200).nullable().openapi({ description: "The recommender's relationship to the person: required for a personal recommendation, null for an organization's" }),
    declaration: z.boolean().nullable().openapi({ description: "A personal recommendation: true, the recommender declares the person is not their spouse, child, relative or own staff (002 五 一 2); refused without it (dossier_declaration_missing). Null for an organization's" }),
    recommendation: humanMultiline(4000).openapi({ description: '民主推荐情况 (the recommendation result)' }),
    examination: humanMultiline(4000).openapi({ description: '考察情况 (the examination summary)' }),
    reasons: humanMultiline(4000).openapi({ description: '任免理由 (the reasons; not blank)' }),
    vacancy: humanMultiline(2000).openapi({ description: '岗位空缺情况 (the vacancy)' }),
  })
  .strict()
  .openapi('DossierInput');

export const DossierSchema = z
  .object({
    source: z.enum(['organization', 'personal']),
    recommender: z.string().nullable(),
    relationship: z.string().nullable(),
    declaration: z.boolean().nullable(),
    recommendation: z.string(),
    examination: z.string(),
    reasons: z.string(),
    vacancy: z.string(),
  })
  .openapi('Dossier');

export const NominationSchema = z
  .object({
    citation: CitationSchema,
    title: z.string(),
    meeting: z.object({ id: z.string(), title: z.string(), date: z.string() }),
    nominee: z.object({ id: z.string(), name: z.string(), birthDate: z.string(), currentPost: z.string() }),
    takenBy: z.object({ meetingId: z.string(), itemId: z.string(), status: z.string() }).nullable(),
  })
  .openapi('Nomination');

export const ItemSchema = z
  .object({
    id: z.string(),
    meetingId: z.string(),
    position: z.number().int(),
    title: z.string(),
    kind: z.enum(['plain', 'competitive']),
    itemKind: z.enum(['appointment', 'removal']).openapi({ description: '任职 (appointment) or 免职 (removal of the one person on the item)' }),
    post: z.object({ id: z.string(), unit: z.string(), title: z.string() }),
    seats: z.number().int(),
    openSelection: z.boolean(),
    passRule: z.enum(['majority', 'two-thirds']),
    status: z.string(),
    round: z.number().int(),
    postponedReason: z.string().nullable(),
    followsUp: z.object({ meetingId: z.string(), itemId: z.string(), postponeLeaf: z.string() }).nullable(),
    nominees: z.array(z.object({ id: z.string(), name: z.string(), birthDate: z.string(), currentPost: z.string(), resume: z.string(), dossier: DossierSchema.nullable() })),
    nominates: z.boolean().openapi({ description: 'R13: a standing committee item that only nominates (提名); the full committee decides' }),
    cites: CitationSchema.nullable().openapi({ description: "A full committee's item: the standing committee's vote it decides on" }),
  })
  .openapi('Item');

export const SlipSchema = z
  .object({
    personId: z.string(),
    name: z.string(),
    unit: z.string(),
    title: z.string(),
    class: z.enum(['A', 'B']),
    code: z.string().openapi({ example: '4k2xm-9qr7t' }),
  })
  .openapi('Slip');

export const BarSchema = z
  .object({
    id: z.string(),
    committeeId: z.string(),
    nomineeId: z.string(),
    postId: z.string(),
    meetingId: z.string().nullable(),
    itemId: z.string().nullable(),
    round: z.number().nullable(),
    voteDate: z.string(),
    liftsOn: z.string(),
    rule: z.string(),
    createdAt: z.number(),
    scope: z.enum(['same-post', 'any-post']),
    active: z.boolean(),
  })
  .openapi('Bar');

const pathId = z.string().min(1).max(64);
export const IdParams = z.object({ id: pathId });
export const PersonParams = z.object({ id: pathId, personId: pathId });

export const PostponedSchema = z
  .object({
    item: z.object({ id: z.string(), title: z.string(), position: z.number().int(), round: z.number().int(), reason: z.string().nullable() }),
    meeting: z.object({ id: z.string(), title: z.string(), date: z.string(), status: z.string() }),
    post: z.object({ id: z.string(), unit: z.string(), title: z.string() }),
    nominees: z.array(z.object({ id: z.string(), name: z.string() })),
    postponeLeaf: z.string().nullable(),
    waitedDays: z.number().int(),
    followedUpBy: z.object({ itemId: z.string(), meetingId: z.string(), date: z.string(), status: z.string() }).nullable(),
  })
  .openapi('PostponedItem');
