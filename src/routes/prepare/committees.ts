import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { requireOfficer } from '../../auth/guards';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { addNominee } from '../../domain/prepare/add-nominee';
import { addPerson } from '../../domain/prepare/add-person';
import { removeNominee } from '../../domain/prepare/remove-nominee';
import { removePerson } from '../../domain/prepare/remove-person';
import { removePost } from '../../domain/prepare/remove-post';
import { updateNominee } from '../../domain/prepare/update-nominee';
import { updatePerson } from '../../domain/prepare/update-person';
import { updatePost } from '../../domain/prepare/update-post';
import { addPost } from '../../domain/prepare/add-post';
import { committeeView, listCommittees, listNominees, listPersons, listPosts, requireCommittee } from '../../domain/prepare/committees';
import { BAR_RULES, MAJORITY_POLICIES, MOTION_POLICIES, RATIO_POLICIES } from '../../db/schema';
import { DEFAULT_POLICIES, FULL_COMMITTEE_POLICIES, POLICY_CHOICES, POLICY_SOURCES } from '../../rules';
import { createCommittee } from '../../domain/prepare/create-committee';
import { listBars } from '../../domain/prepare/list-bars';
import { listPostponed } from '../../domain/prepare/follow-up';
import { listNominations } from '../../domain/prepare/nominations';
import {
  BarSchema,
  PostponedSchema,
  NominationSchema,
  CommitteeSchema,
  IdParams,
  IsoDate,
  NomineeSchema,
  PersonSchema,
  PostSchema,
  READERS,
  TimeZone,
  cookieAuth,
  humanMultiline,
  humanText,
  json,
  jsonBody,
  officerProblems,
  problems,
} from './schemas';

/** The committee's policies (src/rules/policies.ts); each member left out takes its default. */
const PoliciesInput = z
  .object({
    ratio: z.enum(RATIO_POLICIES).optional(),
    majority: z.enum(MAJORITY_POLICIES).optional(),
    bar: z.enum(BAR_RULES).optional(),
    motion: z.enum(MOTION_POLICIES).optional(),
  })
  .strict()
  .openapi('PoliciesInput', {
    description: "R8 ratio ('proportional' 1:2/1:3, 001; 'one-or-two-more' n = k+1 or k+2, 003), R2 majority ('more-than-half', 001; 'half-or-more', 000), R3 bar ('disapprove-half' same post, 000; 'not-approved' every post, 002), R10 motion ('more-than-half', 001; 'half-or-more', 002); chosen once, when the committee is set up",
  });
const NewCommittee = z
  .object({
    name: humanText(200),
    timeZone: TimeZone.optional(),
    barRule: z.enum(['disapprove-half', 'not-approved']).optional(),
    policies: PoliciesInput.optional(),
    // docs/coissuance.md: 'coissued' = the discipline commission co-issues every token.
    issuance: z.enum(['service', 'coissued']).optional(),
    kind: z.enum(['standing', 'full']).optional(),
    standingCommitteeId: z.string().min(1).max(64).optional(),
  })
  .strict()
  .openapi('NewCommittee');
/** R15: ids of existing records with the same identity that the clerk confirms are other people. */
const DistinctFrom = z
  .array(z.string().min(1).max(64))
  .min(1)
  .max(20)
  .optional()
  .openapi({ description: 'R15: confirms "a different person with the same name (and birth date)" as these records; logged' });
const Role = z.enum(['secretary']).nullable().openapi({ description: "'secretary' (书记): states a view last in the discussion (R11); a member, one per committee" });
const NewPerson = z
  .object({ kind: z.enum(['member', 'observer', 'alternate']), name: humanText(100), unit: humanText(200), title: humanText(200), role: Role.optional(), distinctFrom: DistinctFrom })
  .strict()
  .openapi('NewPerson');
const PersonPatch = z
  .object({
    kind: NewPerson.shape.kind.optional(),
    name: NewPerson.shape.name.optional(),
    unit: NewPerson.shape.unit.optional(),
    title: NewPerson.shape.title.optional(),
    active: z.boolean().optional(),
    rank: z.number().int().min(1).max(10_000).optional(),
    role: Role.optional(),
    distinctFrom: DistinctFrom,
  })
  .strict()
  .openapi('PersonPatch');
const NewPost = z.object({ unit: humanText(200), title: humanText(200) }).strict().openapi('NewPost');
const NewNominee = z
  .object({ name: humanText(100), birthDate: IsoDate, currentPost: humanText(300), resume: humanMultiline(20_000), distinctFrom: DistinctFrom })
  .strict()
  .openapi('NewNominee');
const PostPatch = z.object({ unit: NewPost.shape.unit.optional(), title: NewPost.shape.title.optional() }).strict().openapi('PostPatch');
const NomineePatch = z
  .object({
    name: NewNominee.shape.name.optional(),
    birthDate: NewNominee.shape.birthDate.optional(),
    currentPost: NewNominee.shape.currentPost.optional(),
    resume: NewNominee.shape.resume.optional(),
    distinctFrom: DistinctFrom,
  })
  .strict()
  .openapi('NomineePatch');
const BarQuery = z.object({ nomineeId: z.string().max(64).optional(), postId: z.string().max(64).optional() }).strict();

const clerkOnly = { security: cookieAuth, middleware: [requireOfficer('clerk')], 'x-roles': ['clerk'] };
const readers = { security: cookieAuth, middleware: [requireOfficer(...READERS)], 'x-roles': [...READERS] };

const routes = {
  create: createRoute({
    method: 'post', path: '/committees', tags: ['committees'], summary: 'Create a committee: standing (常委会) or full (全委会, R13), time zone, and its policies (R8 ratio, R2 majority, R3 bar, R10 motion)', ...clerkOnly,
    request: { body: jsonBody(NewCommittee) },
    responses: { 201: json(CommitteeSchema, 'Created'), ...officerProblems },
  }),
  list: createRoute({
    method: 'get', path: '/committees', tags: ['committees'], summary: 'List committees', ...readers,
    responses: { 200: json(z.object({ committees: z.array(CommitteeSchema) }), 'Committees'), ...officerProblems },
  }),
  get: createRoute({
    method: 'get', path: '/committees/{id}', tags: ['committees'], summary: 'One committee', ...readers,
    request: { params: IdParams },
    responses: { 200: json(CommitteeSchema, 'The committee'), ...officerProblems, 404: problems[404] },
  }),
  addPerson: createRoute({
    method: 'post', path: '/committees/{id}/persons', tags: ['roster'], summary: 'Add a member (A), an observer (B) or, in a full committee, an alternate member (B, R13) to the roster; the same name again is refused (409 duplicate_person, R15) unless confirmed with distinctFrom', ...clerkOnly,
    request: { params: IdParams, body: jsonBody(NewPerson) },
    responses: { 201: json(PersonSchema, 'Added'), ...officerProblems, 404: problems[404], 409: problems[409] },
  }),
  listPersons: createRoute({
    method: 'get', path: '/committees/{id}/persons', tags: ['roster'], summary: 'The roster', ...readers,
    request: { params: IdParams },
    responses: { 200: json(z.object({ persons: z.array(PersonSchema) }), 'Members and observers'), ...officerProblems, 404: problems[404] },
  }),
  patchPerson: createRoute({
    method: 'patch', path: '/persons/{id}', tags: ['roster'], ...clerkOnly,
    summary: 'Correct a roster entry, move it in the roster order, or take it off (or back onto) the roster of future meetings; draft meetings follow',
    request: { params: IdParams, body: jsonBody(PersonPatch) },
    responses: { 200: json(PersonSchema, 'Updated'), ...officerProblems, 404: problems[404] },
  }),
  deletePerson: createRoute({
    method: 'delete', path: '/persons/{id}', tags: ['roster'], ...clerkOnly,
    summary: 'Remove a roster entry made by mistake (refused with in_use once an open or closed meeting has the person)',
    request: { params: IdParams },
    responses: { 204: { description: 'Removed, with its draft meetings\' attendee rows and slips' }, ...officerProblems, 404: problems[404], 409: problems[409] },
  }),
  patchPost: createRoute({
    method: 'patch', path: '/posts/{id}', tags: ['posts'], ...clerkOnly,
    summary: 'Correct a post (refused with in_use once a sealed item or an R3 bar names it)',
    request: { params: IdParams, body: jsonBody(PostPatch) },
    responses: { 200: json(PostSchema, 'Updated'), ...officerProblems, 404: problems[404], 409: problems[409] },
  }),
  deletePost: createRoute({
    method: 'delete', path: '/posts/{id}', tags: ['posts'], ...clerkOnly,
    summary: 'Remove a post no item and no bar uses',
    request: { params: IdParams },
    responses: { 204: { description: 'Removed' }, ...officerProblems, 404: problems[404], 409: problems[409] },
  }),
  patchNominee: createRoute({
    method: 'patch', path: '/nominees/{id}', tags: ['nominees'], ...clerkOnly,
    summary: 'Correct a nominee (name and birth date fixed once a sealed item or a bar names them; nothing while a meeting with them is open)',
    request: { params: IdParams, body: jsonBody(NomineePatch) },
    responses: { 200: json(NomineeSchema, 'Updated'), ...officerProblems, 404: problems[404], 409: problems[409] },
  }),
  deleteNominee: createRoute({
    method: 'delete', path: '/nominees/{id}', tags: ['nominees'], ...clerkOnly,
    summary: 'Remove a nominee no item and no bar uses',
    request: { params: IdParams },
    responses: { 204: { description: 'Removed' }, ...officerProblems, 404: problems[404], 409: problems[409] },
  }),
  addPost: createRoute({
    method: 'post', path: '/committees/{id}/posts', tags: ['posts'], summary: 'Add a post (unit + title)', ...clerkOnly,
    request: { params: IdParams, body: jsonBody(NewPost) },
    responses: { 201: json(PostSchema, 'Added'), ...officerProblems, 404: problems[404], 409: problems[409] },
  }),
  listPosts: createRoute({
    method: 'get', path: '/committees/{id}/posts', tags: ['posts'], summary: 'The posts', ...readers,
    request: { params: IdParams },
    responses: { 200: json(z.object({ posts: z.array(PostSchema) }), 'Posts'), ...officerProblems, 404: problems[404] },
  }),
  addNominee: createRoute({
    method: 'post', path: '/committees/{id}/nominees', tags: ['nominees'], summary: 'Add a nominee (name, birth date, current post, résumé); the same name and birth date again is refused (409 duplicate_nominee, R15) unless confirmed with distinctFrom', ...clerkOnly,
    request: { params: IdParams, body: jsonBody(NewNominee) },
    responses: { 201: json(NomineeSchema, 'Added'), ...officerProblems, 404: problems[404], 409: problems[409] },
  }),
  listNominees: createRoute({
    method: 'get', path: '/committees/{id}/nominees', tags: ['nominees'], summary: 'The nominees', ...readers,
    request: { params: IdParams },
    responses: { 200: json(z.object({ nominees: z.array(NomineeSchema) }), 'Nominees'), ...officerProblems, 404: problems[404] },
  }),
  bars: createRoute({
    method: 'get', path: '/committees/{id}/bars', tags: ['bars'], summary: 'The R3 rejection-bar registry', security: cookieAuth,
    middleware: [requireOfficer('clerk', 'inspector')], 'x-roles': ['clerk', 'inspector'],
    request: { params: IdParams, query: BarQuery },
    responses: { 200: json(z.object({ today: z.string(), bars: z.array(BarSchema) }), 'Bars, each marked active on today\'s date in the committee\'s zone'), ...officerProblems, 404: problems[404] },
  }),
  policies: createRoute({
    method: 'get', path: '/policies', tags: ['committees'], ...readers,
    summary: 'The committee policies the seeds allow: each choice, its default and its source (seed, place, words)',
    responses: { 200: json(z.object({ defaults: z.record(z.string(), z.string()), fullCommitteeDefaults: z.record(z.string(), z.string()).openapi({ description: "A full committee's defaults (R13, 000: majority half-or-more)" }), choices: z.record(z.string(), z.array(z.string())), sources: z.record(z.string(), z.record(z.string(), z.object({ seed: z.string(), place: z.string(), quote: z.string() }))) }), 'The catalogue'), ...officerProblems },
  }),
  nominations: createRoute({
    method: 'get', path: '/committees/{id}/nominations', tags: ['items'], ...readers,
    summary: "A full committee: the linked standing committee's decided nominations (approved, announced, meeting ended), each with its citation and the item deciding it, if any (R13)",
    request: { params: IdParams },
    responses: {
      200: json(z.object({ standingCommitteeId: z.string(), nominations: z.array(NominationSchema) }), 'Nominations, oldest meeting first'),
      ...officerProblems,
      404: problems[404],
      422: problems[422],
    },
  }),
  postponed: createRoute({
    method: 'get', path: '/committees/{id}/postponed', tags: ['items'], ...readers,
    summary: 'Every postponed item of the committee (R9), longest waiting first: reason, days waited, and the later item that took it up, if any',
    request: { params: IdParams },
    responses: { 200: json(z.object({ today: z.string(), items: z.array(PostponedSchema) }), 'Postponed items'), ...officerProblems, 404: problems[404] },
  }),
};

export function committeeRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(routes.create, async (c) => c.json(committeeView(await createCommittee(c.get('deps'), c.req.valid('json'))), 201))
    .openapi(routes.list, async (c) => c.json({ committees: (await listCommittees(c.get('deps').db)).map(committeeView) }, 200))
    .openapi(routes.get, async (c) => c.json(committeeView(await requireCommittee(c.get('deps').db, c.req.valid('param').id)), 200))
    .openapi(routes.policies, async (c) => c.json({ defaults: { ...DEFAULT_POLICIES }, fullCommitteeDefaults: { ...FULL_COMMITTEE_POLICIES }, choices: Object.fromEntries(Object.entries(POLICY_CHOICES).map(([k, v]) => [k, [...v]])), sources: POLICY_SOURCES }, 200))
    .openapi(routes.addPerson, async (c) => c.json(await addPerson(c.get('deps'), c.req.valid('param').id, c.req.valid('json'), c.get('officer')), 201))
    .openapi(routes.listPersons, async (c) => c.json({ persons: await listPersons(c.get('deps').db, c.req.valid('param').id) }, 200))
    .openapi(routes.patchPerson, async (c) => c.json(await updatePerson(c.get('deps'), c.req.valid('param').id, c.req.valid('json'), c.get('officer')), 200))
    .openapi(routes.deletePerson, async (c) => {
      await removePerson(c.get('deps'), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(routes.patchPost, async (c) => c.json(await updatePost(c.get('deps'), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(routes.deletePost, async (c) => {
      await removePost(c.get('deps'), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(routes.patchNominee, async (c) => c.json(await updateNominee(c.get('deps'), c.req.valid('param').id, c.req.valid('json'), c.get('officer')), 200))
    .openapi(routes.deleteNominee, async (c) => {
      await removeNominee(c.get('deps'), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(routes.addPost, async (c) => c.json(await addPost(c.get('deps'), c.req.valid('param').id, c.req.valid('json')), 201))
    .openapi(routes.listPosts, async (c) => c.json({ posts: await listPosts(c.get('deps').db, c.req.valid('param').id) }, 200))
    .openapi(routes.nominations, async (c) => c.json(await listNominations(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(routes.addNominee, async (c) => c.json(await addNominee(c.get('deps'), c.req.valid('param').id, c.req.valid('json'), c.get('officer')), 201))
    .openapi(routes.listNominees, async (c) => c.json({ nominees: await listNominees(c.get('deps').db, c.req.valid('param').id) }, 200))
    .openapi(routes.bars, async (c) => c.json(await listBars(c.get('deps'), c.req.valid('param').id, c.req.valid('query')), 200))
    .openapi(routes.postponed, async (c) => c.json(await listPostponed(c.get('deps'), c.req.valid('param').id), 200));
}
