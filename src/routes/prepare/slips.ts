import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { requireOfficer, requireTablet } from '../../auth/guards';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { issueSlips } from '../../domain/prepare/issue-slips';
import { requireMeeting } from '../../domain/prepare/meetings';
import { reissueSlip } from '../../domain/prepare/reissue-slip';
import { signIn } from '../../domain/prepare/sign-in';
import { markLeft, signOut } from '../../domain/prepare/sign-out';
import { tabletMe } from '../../domain/prepare/tablet-me';
import { publishPresence } from '../../domain/live/meeting-state';
import { IdParams, ItemSchema, PersonParams, SlipSchema, cookieAuth, json, jsonBody, officerProblems, problems, tabletAuth } from './schemas';
import { slipPage } from './slip-page';

const SignIn = z.object({ code: z.string().min(1).max(32).openapi({ example: '4k2xm-9qr7t' }) }).strict().openapi('SignIn');
const TabletPerson = z.object({ id: z.string(), name: z.string(), class: z.enum(['A', 'B']) });
const TabletMeeting = z.object({ id: z.string(), title: z.string(), date: z.string() });
const SignedIn = z.object({ tabletToken: z.string(), person: TabletPerson, meeting: TabletMeeting }).openapi('SignedIn');
const Me = z
  .object({
    person: TabletPerson.extend({ kind: z.enum(['member', 'observer', 'alternate']) }),
    meeting: TabletMeeting.extend({ status: z.enum(['draft', 'open', 'closed']) }),
    committee: z.object({ kind: z.enum(['standing', 'full']) }).openapi({ description: 'R13: whose members these are (常委 / 委员)' }),
    items: z.array(ItemSchema),
  })
  .openapi('Tablet');
const tabletProblem = (d: string) => ({ description: d, content: { 'application/problem+json': { schema: z.object({ type: z.string(), code: z.string() }).passthrough() } } });

const routes = {
  issue: createRoute({
    method: 'post', path: '/meetings/{id}/slips', tags: ['slips'], security: cookieAuth, middleware: [requireOfficer('clerk')], 'x-roles': ['clerk'],
    summary: 'Issue one-time sign-in codes to everyone without one (Accept: text/html gives the printable page)',
    request: { params: IdParams },
    responses: {
      200: {
        description: 'The new codes; they are shown only here',
        content: { 'application/json': { schema: z.object({ slips: z.array(SlipSchema) }) }, 'text/html': { schema: z.string() } },
      },
      ...officerProblems,
      404: problems[404],
      409: problems[409],
    },
  }),
  reissue: createRoute({
    method: 'post', path: '/meetings/{id}/slips/{personId}/reissue', tags: ['slips'], security: cookieAuth, middleware: [requireOfficer('clerk')], 'x-roles': ['clerk'],
    summary: 'Re-issue one code (the old one dies); not while the person is signed in',
    request: { params: PersonParams },
    responses: { 200: json(z.object({ slips: z.array(SlipSchema) }), 'The new code, shown only here'), ...officerProblems, 404: problems[404], 409: problems[409] },
  }),
  signIn: createRoute({
    method: 'post', path: '/meetings/{id}/sign-in', tags: ['tablet'], 'x-roles': ['member', 'observer (with a slip)'],
    summary: 'A tablet redeems a sign-in code and gets a bearer token',
    description:
      'Codes are 10 symbols (50 bits) shown as xxxxx-xxxxx; case, spaces and dashes are ignored. A wrong code or a code of ' +
      'another meeting answers 401 slip_invalid; a code already redeemed answers 409 slip_used and never yields a second ' +
      'tablet session; an excused person gets 403 attendee_excused. Ten different refused codes from one address at one ' +
      'meeting in 15 minutes lock that address out for 5 minutes (429 rate_limited with retryAfter and Retry-After; a code ' +
      'refused before is not counted again; the clerk lifts locks with DELETE /meetings/{id}/sign-in-locks). After signing out or being marked as left, a person needs a slip ' +
      're-issued by the clerk to come back.',
    request: { params: IdParams, body: jsonBody(SignIn) },
    responses: {
      200: json(SignedIn, 'Signed in'),
      400: officerProblems[400],
      401: tabletProblem('Unknown code (slip_invalid)'),
      403: tabletProblem('Excused (attendee_excused)'),
      404: problems[404],
      409: tabletProblem('Code already used (slip_used) or meeting closed'),
      429: problems[429],
    },
  }),
  signOut: createRoute({
    method: 'post', path: '/tablet/sign-out', tags: ['tablet'], security: tabletAuth, middleware: [requireTablet()], 'x-roles': ['tablet'],
    summary: 'Sign out; coming back needs a re-issued slip',
    responses: { 204: { description: 'Signed out' }, 401: tabletProblem('No live tablet session') },
  }),
  me: createRoute({
    method: 'get', path: '/tablet/me', tags: ['tablet'], security: tabletAuth, middleware: [requireTablet()], 'x-roles': ['tablet'],
    summary: 'Who this tablet speaks for, and the meeting',
    responses: { 200: json(Me, 'The signed-in person'), 401: tabletProblem('No live tablet session') },
  }),
  left: createRoute({
    method: 'post', path: '/meetings/{id}/attendees/{personId}/left', tags: ['meetings'], security: cookieAuth,
    middleware: [requireOfficer('clerk', 'presiding')], 'x-roles': ['clerk', 'presiding'],
    summary: 'Record that someone has left; their tablet session ends',
    request: { params: PersonParams },
    responses: { 204: { description: 'Recorded' }, ...officerProblems, 404: problems[404], 409: problems[409] },
  }),
};

/** Where a tablet signs in; printed on every slip. */
/** The slip's address names the meeting, so a tablet opened from it asks only for the code. */
function tabletUrl(requestUrl: string, meetingId: string): string {
  const url = new URL('/tablet/', requestUrl);
  url.searchParams.set('meeting', meetingId);
  return url.toString();
}

export function slipRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(routes.issue, async (c) => {
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      const issued = await issueSlips(deps, id);
      if ((c.req.header('accept') ?? '').includes('text/html')) {
        const meeting = await requireMeeting(deps.db, id);
        return c.html(slipPage(meeting, issued, tabletUrl(c.req.url, id)), 200);
      }
      return c.json({ slips: issued }, 200);
    })
    .openapi(routes.reissue, async (c) => {
      const { id, personId } = c.req.valid('param');
      return c.json({ slips: [await reissueSlip(c.get('deps'), id, personId)] }, 200);
    })
    .openapi(routes.signIn, async (c) => {
      const deps = c.get('deps');
      const result = await signIn(deps, { meetingId: c.req.valid('param').id, code: c.req.valid('json').code, address: deps.clientAddress(c) });
      await publishPresence(deps, result.meeting.id);
      return c.json(result, 200);
    })
    .openapi(routes.signOut, async (c) => {
      const tablet = c.get('tablet')!;
      await signOut(c.get('deps'), tablet);
      await publishPresence(c.get('deps'), tablet.meetingId);
      return c.body(null, 204);
    })
    .openapi(routes.me, async (c) => c.json(await tabletMe(c.get('deps').db, c.get('tablet')!), 200))
    .openapi(routes.left, async (c) => {
      const { id, personId } = c.req.valid('param');
      await markLeft(c.get('deps'), id, personId);
      await publishPresence(c.get('deps'), id);
      return c.body(null, 204);
    });
}
