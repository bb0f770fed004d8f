import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { requireOfficer } from '../../auth/guards';
import { COISSUER_REFUSALS, postAnswers } from '../../domain/coissue/answers';
import { postKeyStatements } from '../../domain/coissue/key-statements';
import { postPresence } from '../../domain/coissue/presence';
import { coissuerStatus, registerCoissuer } from '../../domain/coissue/register';
import { postRolls } from '../../domain/coissue/rolls';
import { coissuerWork, MAX_WAIT_S } from '../../domain/coissue/work';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { Any, MeetingParam, cookieAuth, json, jsonBody, liveProblems, problem } from '../live/common';

/**
 * The co-issuer's side of the service (docs/coissuance.md §4): the discipline commission's
 * program, signed in as an inspector, registers its key, long-polls for work and posts its
 * confirmations, key statements, answers and rolls. Every body is checked strictly here and
 * every signature in the domain verb.
 */
const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${2 * bytes}}$`), `must be ${2 * bytes} lowercase hex digits`);
const Id = z.string().min(1).max(64);
const Purpose = z.enum(['vote', 'motion']);
const Klass = z.enum(['A', 'B']);
const Round = z.number().int().min(1).max(1000);
const VoteFields = { item: Id, round: Round, purpose: Purpose };
// A C2SP verifier key: name+id+base64, one line of printable ASCII.
const VerifierKey = z.string().min(1).max(512).regex(/^[\x21-\x7e]+$/, 'a signed-note verifier key');
const People = z.array(Id).max(1000);

const inspector = requireOfficer('inspector');
const readers = requireOfficer('inspector', 'filer', 'presiding', 'clerk');
const problems = { ...liveProblems, 422: problem("A co-issuer signature does not verify, or the rules refuse") };

const routes = {
  register: createRoute({
    method: 'put',
    path: '/meetings/{id}/coissuer',
    tags: ['coissuance'],
    summary: "Register the discipline commission's co-issuer key for a draft meeting (inspector)",
    security: cookieAuth,
    middleware: [inspector] as const,
    request: { params: MeetingParam, body: jsonBody(z.object({ verifierKey: VerifierKey }).strict()) },
    responses: { 200: json(Any, 'Registered: the key and its fingerprint'), ...problems },
  }),
  status: createRoute({
    method: 'get',
    path: '/meetings/{id}/coissuer',
    tags: ['coissuance'],
    summary: "Issuance of a meeting: mode, the co-issuer's key fingerprint, online or not",
    security: cookieAuth,
    middleware: [readers] as const,
    request: { params: MeetingParam },
    responses: { 200: json(Any, 'Status'), ...problems },
  }),
  work: createRoute({
    method: 'get',
    path: '/meetings/{id}/coissuer/work',
    tags: ['coissuance'],
    summary: "The co-issuer's work (long poll: with the last etag, waits up to `wait` seconds for a change)",
    security: cookieAuth,
    middleware: [inspector] as const,
    request: {
      params: MeetingParam,
      query: z.object({ wait: z.coerce.number().int().min(0).max(MAX_WAIT_S).optional(), etag: hex(32).optional() }).strict(),
    },
    responses: { 200: json(Any, 'Roster, sign-ins, keys due, requests, rolls due'), ...problems },
  }),
  presence: createRoute({
    method: 'post',
    path: '/meetings/{id}/coissuer/presence',
    tags: ['coissuance'],
    summary: "The commission officer's confirmations: present or absent per person",
    security: cookieAuth,
    middleware: [inspector] as const,
    request: { params: MeetingParam, body: jsonBody(z.object({ present: People.default([]), absent: People.default([]) }).strict()) },
    responses: { 200: json(Any, 'Stored'), ...problems },
  }),
  keys: createRoute({
    method: 'post',
    path: '/meetings/{id}/coissuer/keys',
    tags: ['coissuance'],
    summary: "The co-issuer's signed key statements (its share and proof per vote and class)",
    security: cookieAuth,
    middleware: [inspector] as const,
    request: {
      params: MeetingParam,
      body: jsonBody(
        z
          .object({
            statements: z
              .array(z.object({ ...VoteFields, class: Klass, commission: z.object({ public_key: hex(96), pop: hex(48) }).strict(), sig: hex(64) }).strict())
              .min(1)
              .max(100),
          })
          .strict(),
      ),
    },
    responses: { 200: json(Any, 'Stored'), ...problems },
  }),
  answers: createRoute({
    method: 'post',
    path: '/meetings/{id}/coissuer/answers',
    tags: ['coissuance'],
    summary: "The co-issuer's answers to token requests: a signed partial, or a refusal",
    security: cookieAuth,
    middleware: [inspector] as const,
    request: {
      params: MeetingParam,
      body: jsonBody(
        z
          .object({
            answers: z
              .array(
                z.union([
                  z.object({ ...VoteFields, person: Id, partial: hex(48), sig: hex(64) }).strict(),
                  z.object({ ...VoteFields, person: Id, refusal: z.enum(COISSUER_REFUSALS) }).strict(),
                ]),
              )
              .min(1)
              .max(200),
          })
          .strict(),
      ),
    },
    responses: { 200: json(Any, 'Per answer: stored, or why not'), ...problems },
  }),
  rolls: createRoute({
    method: 'post',
    path: '/meetings/{id}/coissuer/rolls',
    tags: ['coissuance'],
    summary: "The co-issuer's signed issuance rolls of closed votes",
    security: cookieAuth,
    middleware: [inspector] as const,
    request: {
      params: MeetingParam,
      body: jsonBody(z.object({ rolls: z.array(z.object({ ...VoteFields, class: Klass, present: People, issued: People, sig: hex(64) }).strict()).min(1).max(20) }).strict()),
    },
    responses: { 200: json(Any, 'Logged'), ...problems },
  }),
};

export function coissueRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(routes.register, async (c) => c.json(await registerCoissuer(c.get('deps'), c.get('officer')!, c.req.valid('param').id, c.req.valid('json').verifierKey), 200))
    .openapi(routes.status, async (c) => c.json(await coissuerStatus(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(routes.work, async (c) => {
      const q = c.req.valid('query');
      return c.json(await coissuerWork(c.get('deps'), c.req.valid('param').id, { waitS: q.wait, etag: q.etag }), 200);
    })
    .openapi(routes.presence, async (c) => c.json(await postPresence(c.get('deps'), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(routes.keys, async (c) => c.json(await postKeyStatements(c.get('deps'), c.req.valid('param').id, c.req.valid('json').statements), 200))
    .openapi(routes.answers, async (c) => c.json(await postAnswers(c.get('deps'), c.req.valid('param').id, c.req.valid('json').answers), 200))
    .openapi(routes.rolls, async (c) => c.json(await postRolls(c.get('deps'), c.req.valid('param').id, c.req.valid('json').rolls), 200));
}
