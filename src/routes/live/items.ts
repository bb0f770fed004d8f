import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { requireOfficer } from '../../auth/guards';
import { announceItem } from '../../domain/live/announce-item';
import { closeItem } from '../../domain/live/close-item';
import { itemKeys } from '../../domain/live/item-keys';
import { isAnnounced, itemResult } from '../../domain/live/item-result';
import { openItem } from '../../domain/live/open-item';
import { postponeItem } from '../../domain/live/postpone-item';
import { itemProgress } from '../../domain/live/progress';
import { reconsiderItem } from '../../domain/live/reconsider-item';
import { recordDiscussion } from '../../domain/live/record-discussion';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { humanText } from '../prepare/schemas';
import { Any, ItemParam, cookieAuth, json, jsonBody, liveProblems } from './common';

// Generic in the path so the typed client (src/client.ts) sees each literal path, not `string`.
const presiding = <P extends string>(path: P, summary: string) =>
  createRoute({
    method: 'post',
    path,
    tags: ['live'],
    summary,
    security: cookieAuth,
    middleware: [requireOfficer('presiding')] as const,
    request: { params: ItemParam },
    responses: { 200: json(Any, 'Done'), ...liveProblems },
  });

const PostponeBody = z.object({ reason: humanText(500) }).strict();

const openRoute = presiding('/items/{id}/open', 'Open the item’s vote (R1 checked now; R11’s discussion step, POST /items/{id}/discussion, is optional and comes before); logs its keys first');
const closeRoute = presiding('/items/{id}/close', 'Close the open vote or motion of the item; tally and checkpoint');
const announceRoute = presiding('/items/{id}/announce', 'Announce the closed result (R12)');
const reconsiderRoute = presiding('/items/{id}/reconsider', 'Open a reconsideration motion (R10)');
const postponeRoute = createRoute({
  method: 'post',
  path: '/items/{id}/postpone',
  tags: ['live'],
  summary: 'Postpone an item not yet opened (R9)',
  security: cookieAuth,
  middleware: [requireOfficer('presiding')] as const,
  request: { params: ItemParam, body: jsonBody(PostponeBody) },
  responses: { 200: json(Any, 'Postponed'), ...liveProblems },
});

const DiscussionBody = z
  .object({
    introducedBy: humanText(100).openapi({ description: 'Who introduced the item (e.g. the organization department head), as said in the room' }),
    speakers: z.array(z.string().min(1).max(64)).max(100).openapi({ description: 'Roster person ids in the order they stated a view; the secretary, if among them, last (R11)' }),
  })
  .strict();
const discussionRoute = createRoute({
  method: 'post',
  path: '/items/{id}/discussion',
  tags: ['live'],
  summary: 'Record the item’s introduction and discussion before its vote (R11: the secretary speaks last; names only, no content)',
  security: cookieAuth,
  middleware: [requireOfficer('presiding')] as const,
  request: { params: ItemParam, body: jsonBody(DiscussionBody) },
  responses: { 200: json(Any, 'Recorded in the log'), ...liveProblems },
});

const ClassProgress = z.object({ cast: z.number(), issued: z.number(), present: z.number() }).strict();
const Progress = z
  .object({ round: z.number(), status: z.string(), cast: z.number(), issued: z.number(), present: z.number(), classes: z.object({ A: ClassProgress, B: ClassProgress }).strict() })
  .strict();
const progressRoute = createRoute({
  method: 'get',
  path: '/items/{id}/progress',
  tags: ['live'],
  summary: '"n of m cast" and nothing else (R11): in total, and for A and B apart (R4)',
  request: { params: ItemParam },
  responses: { 200: json(Progress, 'Progress'), ...liveProblems },
});
const keysRoute = createRoute({
  method: 'get',
  path: '/items/{id}/keys',
  tags: ['live'],
  summary: 'The logged issuer keys of the item’s current vote',
  request: { params: ItemParam },
  responses: { 200: json(Any, 'Keys'), ...liveProblems },
});
const resultRoute = createRoute({
  method: 'get',
  path: '/items/{id}/result',
  tags: ['live'],
  summary: 'The tally after close: officers at once, everyone after announcement (R12)',
  request: { params: ItemParam },
  responses: { 200: json(Any, 'Result'), ...liveProblems },
});

const beforeAnnouncement = requireOfficer('presiding', 'clerk', 'inspector', 'filer');

export function itemLiveRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(openRoute, async (c) => c.json(await openItem(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(closeRoute, async (c) => c.json(await closeItem(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(announceRoute, async (c) => c.json(await announceItem(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(reconsiderRoute, async (c) => c.json(await reconsiderItem(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(postponeRoute, async (c) =>
      c.json(await postponeItem(c.get('deps'), c.req.valid('param').id, c.req.valid('json').reason), 200),
    )
    .openapi(discussionRoute, async (c) => c.json(await recordDiscussion(c.get('deps'), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(progressRoute, async (c) => c.json(await itemProgress(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(keysRoute, async (c) => c.json(await itemKeys(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(resultRoute, async (c) => {
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      // Before the announcement only officers see the tally (and its small-group warning).
      if (!(await isAnnounced(deps, id))) await beforeAnnouncement(c, async () => {});
      return c.json(await itemResult(deps, id), 200);
    });
}
