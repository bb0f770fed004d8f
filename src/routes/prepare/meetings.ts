import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { requireOfficer } from '../../auth/guards';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { addItem } from '../../domain/prepare/add-item';
import { putNomination } from '../../domain/prepare/nominations';
import { putDossier, removeDossier } from '../../domain/prepare/dossier';
import { createMeeting } from '../../domain/prepare/create-meeting';
import { excuseAttendee } from '../../domain/prepare/excuse-attendee';
import { getMeetingDetail, listMeetings } from '../../domain/prepare/meetings';
import { addAttendee } from '../../domain/prepare/add-attendee';
import { removeAttendee } from '../../domain/prepare/remove-attendee';
import { removeItem } from '../../domain/prepare/remove-item';
import { removeMeeting } from '../../domain/prepare/remove-meeting';
import { updateAttendee } from '../../domain/prepare/update-attendee';
import { updateItem } from '../../domain/prepare/update-item';
import { updateMeeting } from '../../domain/prepare/update-meeting';
import {
  AttendeeSchema,
  DossierInput,
  IdParams,
  IsoDate,
  ItemSchema,
  MeetingSchema,
  PersonParams,
  READERS,
  cookieAuth,
  humanText,
  json,
  jsonBody,
  officerProblems,
  problems,
} from './schemas';

const NewMeeting = z
  .object({
    committeeId: z.string().min(1).max(64),
    date: IsoDate,
    title: humanText(200),
    kind: z.enum(['sitting', 'consultation']).optional().openapi({ description: "R13: a sitting (the default) or a written consultation (书面征求意见, docs/full-committee.md §5)" }),
    closesOn: IsoDate.optional().openapi({ description: "A consultation's last day, inclusive, in the committee's zone: at most 30 days from date" }),
  })
  .strict()
  .openapi('NewMeeting');
const MeetingPatch = z
  .object({ title: humanText(200).optional(), date: IsoDate.optional(), closesOn: IsoDate.optional() })
  .strict()
  .refine((p) => p.title !== undefined || p.date !== undefined || p.closesOn !== undefined, 'give a title, a date or a closing day to change')
  .openapi('MeetingPatch');
const NewAttendee = z.object({ personId: z.string().min(1).max(64) }).strict().openapi('NewAttendee');
const AttendeePatch = z.object({ excusedReason: humanText(500).nullable() }).strict().openapi('AttendeePatch');
const Excusal = z.object({ personId: z.string().min(1).max(64), reason: humanText(500) }).strict().openapi('Excusal');
const itemFields = {
  title: humanText(200),
  postId: z.string().min(1).max(64),
  nomineeIds: z.array(z.string().min(1).max(64)).min(1).max(30),
  seats: z.number().int().min(1).max(30),
  openSelection: z.boolean(),
  passRule: z.enum(['majority', 'two-thirds']),
  itemKind: z.enum(['appointment', 'removal']),
  nominates: z.boolean().openapi({ description: 'R13: a standing committee item that only nominates to the full committee (提名)' }),
};
const NewItem = z
  .object({
    ...itemFields,
    seats: itemFields.seats.optional(),
    openSelection: itemFields.openSelection.optional(),
    passRule: itemFields.passRule.optional(),
    followsUp: z.string().min(1).max(64).optional().openapi({ description: 'R9: a postponed item of an earlier meeting (same post) that this item takes up' }),
    itemKind: itemFields.itemKind.optional(),
    nominates: itemFields.nominates.optional(),
  })
  .strict()
  .openapi('NewItem');
const ItemPatch = z
  .object({
    title: itemFields.title.optional(),
    postId: itemFields.postId.optional(),
    nomineeIds: itemFields.nomineeIds.optional(),
    seats: itemFields.seats.optional(),
    openSelection: itemFields.openSelection.optional(),
    passRule: itemFields.passRule.optional(),
    itemKind: itemFields.itemKind.optional(),
    nominates: itemFields.nominates.optional(),
    position: z.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .openapi('ItemPatch');
const NominationChoice = z
  .object({
    itemId: z.string().min(1).max(64).openapi({ description: "The standing committee's item" }),
    nomineeId: z.string().min(1).max(64).openapi({ description: 'The nominee it approved (a competitive item may nominate several)' }),
    title: itemFields.title.optional().openapi({ description: "The full committee's item title; the standing item's unless given" }),
  })
  .strict()
  .openapi('NominationChoice');
const DossierParams = z.object({ id: IdParams.shape.id, nomineeId: IdParams.shape.id });
const MeetingQuery = z.object({ committeeId: z.string().max(64).optional() }).strict();
const MeetingDetail = z
  .object({ meeting: MeetingSchema, attendees: z.array(AttendeeSchema), items: z.array(ItemSchema), filed: z.boolean() })
  .openapi('MeetingDetail');

const clerkOnly = { security: cookieAuth, middleware: [requireOfficer('clerk')], 'x-roles': ['clerk'] };
const readers = { security: cookieAuth, middleware: [requireOfficer(...READERS)], 'x-roles': [...READERS] };
const draftRefusals = { 404: problems[404], 409: problems[409] };

const routes = {
  create: createRoute({
    method: 'post', path: '/meetings', tags: ['meetings'], summary: 'Create a draft meeting; snapshots the due roster', ...clerkOnly,
    request: { body: jsonBody(NewMeeting) },
    responses: { 201: json(MeetingDetail, 'Created, with its roster'), ...officerProblems, 404: problems[404], 422: problems[422] },
  }),
  list: createRoute({
    method: 'get', path: '/meetings', tags: ['meetings'], summary: 'List meetings, optionally of one committee', ...readers,
    request: { query: MeetingQuery },
    responses: { 200: json(z.object({ meetings: z.array(MeetingSchema) }), 'Meetings by date'), ...officerProblems },
  }),
  get: createRoute({
    method: 'get', path: '/meetings/{id}', tags: ['meetings'], summary: 'A meeting with its attendees (presence) and items', ...readers,
    request: { params: IdParams },
    responses: { 200: json(MeetingDetail, 'The meeting'), ...officerProblems, 404: problems[404] },
  }),
  patch: createRoute({
    method: 'patch', path: '/meetings/{id}', tags: ['meetings'], ...clerkOnly,
    summary: 'Change a draft meeting\'s title or date (R14: today or later; R3 re-checked); a new date voids every slip, to be printed again',
    request: { params: IdParams, body: jsonBody(MeetingPatch) },
    responses: {
      200: json(MeetingDetail.extend({ slipsVoided: z.number().int() }), 'Changed; slipsVoided slips died with the old date'),
      ...officerProblems,
      ...draftRefusals,
      422: problems[422],
    },
  }),
  remove: createRoute({
    method: 'delete', path: '/meetings/{id}', tags: ['meetings'], ...clerkOnly,
    summary: 'Delete a draft meeting with its agenda, roster and slips',
    request: { params: IdParams },
    responses: { 204: { description: 'Deleted' }, ...officerProblems, ...draftRefusals },
  }),
  addAttendee: createRoute({
    method: 'post', path: '/meetings/{id}/attendees', tags: ['meetings'], ...clerkOnly,
    summary: 'Put a roster person on a draft meeting\'s roster',
    request: { params: IdParams, body: jsonBody(NewAttendee) },
    responses: { 200: json(MeetingDetail, 'Added'), ...officerProblems, ...draftRefusals },
  }),
  patchAttendee: createRoute({
    method: 'patch', path: '/meetings/{id}/attendees/{personId}', tags: ['meetings'], ...clerkOnly,
    summary: 'Record (reason) or withdraw (null) an excusal, draft only',
    request: { params: PersonParams, body: jsonBody(AttendeePatch) },
    responses: { 200: json(MeetingDetail, 'Updated'), ...officerProblems, ...draftRefusals },
  }),
  removeAttendee: createRoute({
    method: 'delete', path: '/meetings/{id}/attendees/{personId}', tags: ['meetings'], ...clerkOnly,
    summary: 'Take someone off a draft meeting\'s roster (a member then is no longer due; excuse instead if they should attend)',
    request: { params: PersonParams },
    responses: { 200: json(MeetingDetail, 'Removed'), ...officerProblems, ...draftRefusals, 422: problems[422] },
  }),
  excuse: createRoute({
    method: 'post', path: '/meetings/{id}/excusals', tags: ['meetings'], summary: 'Excuse someone (draft only); they stay due but cannot sign in', ...clerkOnly,
    request: { params: IdParams, body: jsonBody(Excusal) },
    responses: { 200: json(MeetingDetail, 'Recorded'), ...officerProblems, ...draftRefusals },
  }),
  addItem: createRoute({
    method: 'post', path: '/meetings/{id}/items', tags: ['items'], summary: 'Add an item (R3, R5, R8 checked; draft only)', ...clerkOnly,
    request: { params: IdParams, body: jsonBody(NewItem) },
    responses: { 201: json(ItemSchema, 'Added at the end of the agenda'), ...officerProblems, ...draftRefusals, 422: problems[422] },
  }),
  patchItem: createRoute({
    method: 'patch', path: '/items/{id}', tags: ['items'], summary: 'Change a draft item; the result is checked again in full', ...clerkOnly,
    request: { params: IdParams, body: jsonBody(ItemPatch) },
    responses: { 200: json(ItemSchema, 'Updated'), ...officerProblems, ...draftRefusals, 422: problems[422] },
  }),
  putNomination: createRoute({
    method: 'post', path: '/meetings/{id}/nominations', tags: ['items'], ...clerkOnly,
    summary: "Put a standing committee's decided nomination on a draft full-committee meeting: an item citing that vote (R13, docs/full-committee.md §4)",
    request: { params: IdParams, body: jsonBody(NominationChoice) },
    responses: { 201: json(ItemSchema, 'Added at the end of the agenda'), ...officerProblems, ...draftRefusals, 422: problems[422] },
  }),
  putDossier: createRoute({
    method: 'put', path: '/items/{id}/dossiers/{nomineeId}', tags: ['items'], ...clerkOnly,
    summary: "Set the dossier of a person on a draft item (提名、推荐、考察、任免理由、岗位空缺; docs/full-committee.md §3): a personal recommendation is refused without the recommender's declaration",
    request: { params: DossierParams, body: jsonBody(DossierInput) },
    responses: { 200: json(ItemSchema, 'The item, with the dossier'), ...officerProblems, ...draftRefusals, 422: problems[422] },
  }),
  deleteDossier: createRoute({
    method: 'delete', path: '/items/{id}/dossiers/{nomineeId}', tags: ['items'], ...clerkOnly,
    summary: 'Remove the dossier of a person on a draft item',
    request: { params: DossierParams },
    responses: { 200: json(ItemSchema, 'The item, without it'), ...officerProblems, ...draftRefusals },
  }),
  deleteItem: createRoute({
    method: 'delete', path: '/items/{id}', tags: ['items'], summary: 'Remove a draft item', ...clerkOnly,
    request: { params: IdParams },
    responses: { 204: { description: 'Removed' }, ...officerProblems, ...draftRefusals },
  }),
};

export function meetingRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(routes.create, async (c) => {
      const deps = c.get('deps');
      const meeting = await createMeeting(deps, c.req.valid('json'));
      return c.json(await getMeetingDetail(deps.db, meeting.id), 201);
    })
    .openapi(routes.list, async (c) => c.json({ meetings: await listMeetings(c.get('deps').db, c.req.valid('query').committeeId) }, 200))
    .openapi(routes.get, async (c) => c.json(await getMeetingDetail(c.get('deps').db, c.req.valid('param').id), 200))
    .openapi(routes.patch, async (c) => {
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      const { slipsVoided } = await updateMeeting(deps, id, c.req.valid('json'));
      return c.json({ ...(await getMeetingDetail(deps.db, id)), slipsVoided }, 200);
    })
    .openapi(routes.remove, async (c) => {
      await removeMeeting(c.get('deps'), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(routes.addAttendee, async (c) => {
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      await addAttendee(deps, id, c.req.valid('json').personId);
      return c.json(await getMeetingDetail(deps.db, id), 200);
    })
    .openapi(routes.patchAttendee, async (c) => {
      const deps = c.get('deps');
      const { id, personId } = c.req.valid('param');
      await updateAttendee(deps, id, personId, c.req.valid('json'));
      return c.json(await getMeetingDetail(deps.db, id), 200);
    })
    .openapi(routes.removeAttendee, async (c) => {
      const deps = c.get('deps');
      const { id, personId } = c.req.valid('param');
      await removeAttendee(deps, id, personId);
      return c.json(await getMeetingDetail(deps.db, id), 200);
    })
    .openapi(routes.excuse, async (c) => {
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      await excuseAttendee(deps, id, c.req.valid('json'));
      return c.json(await getMeetingDetail(deps.db, id), 200);
    })
    .openapi(routes.addItem, async (c) => c.json(await addItem(c.get('deps'), c.req.valid('param').id, c.req.valid('json')), 201))
    .openapi(routes.patchItem, async (c) => c.json(await updateItem(c.get('deps'), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(routes.putNomination, async (c) => c.json(await putNomination(c.get('deps'), c.req.valid('param').id, c.req.valid('json')), 201))
    .openapi(routes.putDossier, async (c) => {
      const { id, nomineeId } = c.req.valid('param');
      return c.json(await putDossier(c.get('deps'), id, nomineeId, c.req.valid('json')), 200);
    })
    .openapi(routes.deleteDossier, async (c) => {
      const { id, nomineeId } = c.req.valid('param');
      return c.json(await removeDossier(c.get('deps'), id, nomineeId), 200);
    })
    .openapi(routes.deleteItem, async (c) => {
      await removeItem(c.get('deps'), c.req.valid('param').id);
      return c.body(null, 204);
    });
}
